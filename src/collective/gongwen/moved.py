"""Old module paths of classes pickled in existing databases, kept loadable after a move.

ZODB stores a persistent record with its class's module path. Opinion records
(``steps.opinions.Opinion``) were pickled as ``routing.opinions.Opinion``
before the shared ``steps`` package existed (issue 16); ``alias_old_paths``
makes the old path name the new module so those records load. The upgrade to
1008 (``setuphandlers.upgrades.steps_package``) rewrites them under the new path.
"""

import sys

from collective.gongwen.steps import opinions

OLD_PATHS = {
    "collective.gongwen.routing.opinions": opinions,
}


def alias_old_paths():
    """Let the unpickler find each moved module under its old path too."""
    for old, module in OLD_PATHS.items():
        sys.modules.setdefault(old, module)
