"""The portal's brand as every page shows it: the unit's name, the system's name and the logo.

``brand()`` is the one reader used by the header, the login page and the page footer
(``portal/browser/brand.py``). The names come from 门户设置 (``portal/settings.py``);
an empty unit name falls back to the top unit of the portal (the first unit without a
superior, in the portal's order), so a new or upgraded site names its bureau at once.
The logo is the one uploaded in 门户设置 (Plone's ``@@site-logo``), else the emblem this
package ships (``portal/static/logo.svg``) — never Plone's logo.
"""

from dataclasses import dataclass

from plone import api
from plone.registry.interfaces import IRegistry
from Products.CMFPlone.utils import getSiteLogo
from zope.component import queryUtility

from collective.gongwen.content.containers import UNIT_TYPE
from collective.gongwen.org.units import CONTAINER_META_TYPE
from collective.gongwen.portal.settings import SITE_LOGO
from collective.gongwen.portal.settings import SITE_TITLE
from collective.gongwen.portal.settings import record
from collective.gongwen.request_answers import kept

DEFAULT_LOGO = "++plone++collective.gongwen.portal/logo.svg"
TOP_UNIT_KEY = "collective.gongwen.portal.top_unit"


@dataclass(frozen=True)
class Brand:
    unit_name: str
    system_name: str
    logo_url: str

    @property
    def full_name(self):
        """「新乡河务局 电子公文系统」, or the system's name alone."""
        return " ".join(part for part in (self.unit_name, self.system_name) if part)


def top_unit_title():
    """The title of the portal's first unit without a superior, or "" (units are the
    portal's containers: its own order, no catalog query, its tools left asleep). Found once
    per request: the header, the window title and the footer each ask."""
    answers = kept(TOP_UNIT_KEY)
    if "title" not in answers:
        answers["title"] = _top_unit_title()
    return answers["title"]


def _top_unit_title():
    for item in api.portal.get().objectValues(CONTAINER_META_TYPE):
        if item.portal_type == UNIT_TYPE and not getattr(item, "superior_unit", None):
            return item.Title()
    return ""


def logo_url(portal_url):
    """The uploaded logo's URL (``@@site-logo/<file>``), else our emblem's."""
    registry = queryUtility(IRegistry)
    if registry is not None and registry.get(SITE_LOGO):
        return getSiteLogo()
    return f"{portal_url}/{DEFAULT_LOGO}"


def brand():
    """The portal's ``Brand`` now."""
    portal = api.portal.get()
    unit_name = (record("unit_name") or "").strip() or top_unit_title()
    return Brand(
        unit_name=unit_name,
        system_name=(record("system_name") or "").strip(),
        logo_url=logo_url(portal.absolute_url()),
    )


def sync_site_title():
    """Give the site (its front page's heading) and Plone's ``plone.site_title`` the brand's
    full name; return it. Called when 门户设置 is saved and by ``upgrade_1012``."""
    name = brand().full_name
    portal = api.portal.get()
    if portal.Title() != name:
        portal.setTitle(name)
        portal.reindexObject(idxs=["Title", "sortable_title", "SearchableText"])
    api.portal.set_registry_record(SITE_TITLE, name)
    return name


def upgrade_1012(context):
    """Issue 19: an existing site's title (「电子公文」, 「Plone site」) becomes the brand's
    「新乡河务局 电子公文系统」 (the front page's heading, the pages' window title); the old
    site description, shown under the heading of 我的待办 and the other portal-wide pages,
    goes."""
    sync_site_title()
    portal = api.portal.get()
    if portal.Description() == OLD_SITE_DESCRIPTION:
        portal.setDescription("")
        portal.reindexObject(idxs=["Description", "SearchableText"])


# What sites made before issue 19 were described as (setuphandlers.site).
OLD_SITE_DESCRIPTION = "电子政务 电子公文管理"
