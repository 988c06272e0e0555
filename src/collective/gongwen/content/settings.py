"""Reading 公文设置 from content: its registry records by name (R-SEC2, R-SEC5).

The schema and the control panel are org's (``org.settings.IGongwenSettings``);
the records keep the names it gives them (``SETTINGS_PREFIX``.<field>), and
content reads the few it needs by those names, so nothing here imports org.
"""

from plone.registry.interfaces import IRegistry
from zope.component import queryUtility

# The registry records' prefix: ``org.settings.IGongwenSettings.__identifier__``.
SETTINGS_PREFIX = "collective.gongwen.org.settings.IGongwenSettings"


def setting(name):
    """The value of 公文设置 record ``name``, or None (no registry, or not yet installed).

    Read directly: plone.api raises when the record is not yet installed.
    """
    registry = queryUtility(IRegistry)
    return registry.get(f"{SETTINGS_PREFIX}.{name}") if registry is not None else None
