"""门户设置 (issue 19): the unit's name, the system's name and the logo on header and login page.

``IPortalBrand`` holds the two names as registry records of ours
(``collective.gongwen.portal.settings.IPortalBrand.<field>``,
``profiles/default/registry/gongwen_portal.xml``). The logo is Plone's own record
``plone.site_logo`` (served by ``@@site-logo``, given by plone.restapi's ``@site``).
门户设置 (``browser/settings.py``, ``IPortalBrandForm``) edits all three on one screen.
"""

from lxml import etree
from plone.formwidget.namedfile.converter import b64decode_file
from plone.registry.interfaces import IRegistry
from zope import schema
from zope.component import queryUtility
from zope.globalrequest import getRequest
from zope.i18n import translate
from zope.interface import Interface

from collective.gongwen import _
from collective.gongwen.content.bounding import bound_fields

DEFAULT_SYSTEM_NAME = "电子公文系统"
LOGO_MAX_BYTES = 512 * 1024
LOGO_TYPES = {".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp"}
SITE_TITLE = "plone.site_title"
SITE_LOGO = "plone.site_logo"


class IPortalBrand(Interface):
    """The names shown on every page's header and on the login page."""

    unit_name = schema.TextLine(
        title=_("label_portal_unit_name", default="单位名称"),
        description=_(
            "help_portal_unit_name",
            default="显示在门户页头和登录页上，如「新乡河务局」。留空时显示第一个上级单位的名称。",
        ),
        max_length=50,
        required=False,
        default="",
    )
    system_name = schema.TextLine(
        title=_("label_portal_system_name", default="系统名称"),
        description=_(
            "help_portal_system_name", default="显示在单位名称之后，如「电子公文系统」。"
        ),
        max_length=30,
        required=True,
        default=DEFAULT_SYSTEM_NAME,
    )


class LogoRefused(schema.ValidationError):
    """A logo that is too large or not an image; ``doc()`` says which, in Chinese."""

    def doc(self):
        return translate(self.args[0], context=getRequest())


def svg_is_inert(data):
    """Whether the SVG ``data`` is a picture only: no script, event attribute, foreignObject,
    or link outside itself (it is served from the portal's origin, R-U2's administrators
    must not be able to run script in each other's sessions)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return False
    if root is None or etree.QName(root).localname != "svg":
        return False
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if etree.QName(element).localname.lower() in {"script", "foreignobject", "iframe"}:
            return False
        for name, value in element.attrib.items():
            local = etree.QName(name).localname.lower()
            if local.startswith("on"):
                return False
            if local == "href" and not value.strip().startswith(
                ("#", "data:image/png", "data:image/jpeg")
            ):
                return False
    return True


def logo_problem(value):
    """The Chinese message refusing the encoded logo ``value``, or None (also for no logo)."""
    if not value:
        return None
    try:
        filename, data = b64decode_file(value)
    except Exception:  # noqa: BLE001 - any undecodable value is refused, never a 500
        return _("error_portal_logo_unreadable", default="标志文件无法读取，请重新上传。")
    extension = "." + (filename or "").rsplit(".", 1)[-1].lower()
    if extension not in LOGO_TYPES:
        return _(
            "error_portal_logo_type",
            default="标志须为 SVG、PNG、JPG、GIF 或 WebP 图片。",
        )
    if extension == ".svg" and not svg_is_inert(data):
        return _(
            "error_portal_logo_svg_active",
            default="SVG 标志不能含脚本、事件属性、外部链接或嵌入的网页内容。",
        )
    if len(data) > LOGO_MAX_BYTES:
        return _(
            "error_portal_logo_size",
            default="标志文件不能超过 ${limit} KB（现为 ${size} KB）。",
            mapping={"limit": LOGO_MAX_BYTES // 1024, "size": -(-len(data) // 1024)},
        )
    return None


def check_logo(value):
    problem = logo_problem(value)
    if problem is not None:
        raise LogoRefused(problem)
    return True


class IPortalBrandForm(IPortalBrand):
    """门户设置's fields: the names, and the logo (stored in ``plone.site_logo``)."""

    logo = schema.Bytes(
        title=_("label_portal_logo", default="单位标志"),
        description=_(
            "help_portal_logo",
            default="SVG、PNG 或 JPG 图片，不超过 512 KB，显示在页头和登录页上。"
            "不上传则使用系统自带的标志。",
        ),
        required=False,
        constraint=check_logo,
    )


bound_fields(IPortalBrand)


def record(name):
    """The ``IPortalBrand`` record ``name``, its default before the record exists."""
    registry = queryUtility(IRegistry)
    value = registry.get(f"{IPortalBrand.__identifier__}.{name}") if registry else None
    return IPortalBrand[name].default if value is None else value
