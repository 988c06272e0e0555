"""Reading registry records: 公文设置's by name (R-SEC2, R-SEC5), any schema's with its defaults,
the site's language as a message catalog's name.

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


def record_or_default(schema, name):
    """The registry record of field ``name`` of ``schema`` (an interface registered with
    ``prefix`` = its identifier), or the field's default before the record exists."""
    registry = queryUtility(IRegistry)
    value = registry.get(f"{schema.__identifier__}.{name}") if registry is not None else None
    return schema[name].default if value is None else value


def catalog_language(code):
    """The message catalog of a Plone language code: 「zh-cn」 → 「zh_CN」, 「en」 → 「en」."""
    language, _, region = (code or "zh-cn").partition("-")
    return f"{language}_{region.upper()}" if region else language


def site_language():
    """The catalog of the site's language (``plone.default_language``): what is written for
    everyone — a mail, a reason stored for a page — whoever's request wrote it."""
    registry = queryUtility(IRegistry)
    return catalog_language(registry.get("plone.default_language") if registry else None)
