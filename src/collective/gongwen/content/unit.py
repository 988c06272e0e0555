"""The unit (单位) content type: a bureau with its departments and folders.

A thin class; what happens when a unit is created, renamed or deleted lives
in ``collective.gongwen.org.sync``.
"""

from plone.autoform import directives
from plone.dexterity.content import Container
from plone.namedfile.field import NamedBlobImage
from plone.supermodel import model
from zope import schema
from zope.interface import implementer

from collective.gongwen import _


class IGongwenUnit(model.Schema):
    """Marker and schema of a unit; the fields come from ``schemas/unit.xml``.

    The seal's images are declared here (a NamedBlobImage in the XML needs
    plone.namedfile's ZCML before this module is imported), and with them
    the tabs: a ``model.fieldset`` here replaces the XML's fieldsets.
    """

    model.load("schemas/unit.xml")

    model.fieldset(
        "hierarchy", label=_("fieldset_hierarchy", default="隶属关系"), fields=["superior_unit"]
    )
    model.fieldset("archive", label=_("fieldset_archive", default="档案"), fields=["fonds_number"])
    model.fieldset(
        "deadlines",
        label=_("fieldset_deadlines", default="办理时限"),
        fields=["step_days_normal", "step_days_urgent", "step_days_very_urgent"],
    )
    model.fieldset(
        "seal",
        label=_("fieldset_seal", default="印章"),
        fields=["seal_image", "seal_diameter", "signature_stamp"],
    )

    # R-T1 / GB/T 9704 7.3.5.1: the electronic seal pressed on the 署名 and
    # 成文日期 of the unit's 正式文件; only administrators may see the image.
    directives.read_permission(seal_image="cmf.ManagePortal", signature_stamp="cmf.ManagePortal")
    directives.write_permission(seal_image="cmf.ManagePortal", signature_stamp="cmf.ManagePortal")
    seal_image = NamedBlobImage(
        title=_("label_seal_image", default="电子印章"),
        description=_(
            "help_seal_image",
            default="红色印章图片（透明背景的 PNG 或 SVG），排版时压在发文机关署名和成文日期上；"
            "不上传则留出位置，打印后盖章。",
        ),
        required=False,
    )
    seal_diameter = schema.Int(
        title=_("label_seal_diameter", default="印章直径（毫米）"),
        default=42,
        min=30,
        max=50,
        required=False,
    )
    # GB/T 9704 10.2: a 命令(令) carries the signature stamp of the head of the
    # organ who issues it, i.e. of the unit's principal leader.
    signature_stamp = NamedBlobImage(
        title=_("label_signature_stamp", default="签发人签名章（命令用）"),
        description=_(
            "help_signature_stamp",
            default="单位主要负责人的签名章图片（透明背景），排版命令（令）时加盖在签发人职务右侧；"
            "不上传则排印姓名。",
        ),
        required=False,
    )


@implementer(IGongwenUnit)
class Unit(Container):
    """A unit (单位), e.g. 长垣河务局."""
