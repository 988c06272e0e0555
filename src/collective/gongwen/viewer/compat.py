"""Names collective.documentviewer 6.0.3 still imports from before Plone 6.2.

``zope.component.interfaces.IObjectEvent`` and ``ObjectEvent`` moved to
``zope.interface.interfaces``; zope.component 6 dropped the aliases, so
``collective.documentviewer.interfaces`` and ``.events`` fail to import.

``apply`` only adds names that are missing: it is idempotent and does nothing
on a zope.component that still has them.
"""

import zope.component.interfaces
import zope.interface.interfaces

MISSING_NAMES = (
    (zope.component.interfaces, "IObjectEvent", zope.interface.interfaces.IObjectEvent),
    (zope.component.interfaces, "ObjectEvent", zope.interface.interfaces.ObjectEvent),
)


def apply():
    """Add the missing names; return the ``module.name`` strings added."""
    added = []
    for module, name, value in MISSING_NAMES:
        if not hasattr(module, name):
            setattr(module, name, value)
            added.append(f"{module.__name__}.{name}")
    return added
