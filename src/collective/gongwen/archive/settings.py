"""The archive's settings (SPEC §11): ``IArchiveSettings``, registry records under its identifier.

Registered by ``profiles/default/registry/gongwen_archive.xml``; read with
``content.settings.record_or_default`` (the field's default until the record exists).
Every archive capability adds its own fields here.
"""

from zope import schema
from zope.interface import Interface

from collective.gongwen import _

# R-R2: the unit functions (org.functions) whose holders approve a 销毁申请, in order.
DEFAULT_DESTRUCTION_APPROVERS = ["office_heads", "director", "destruction_supervisors"]


class IArchiveSettings(Interface):
    """档案设置."""

    destruction_approvers = schema.List(
        title=_("label_destruction_approvers", default="销毁审批职能"),
        description=_(
            "help_destruction_approvers",
            default="销毁申请须经这些单位职能各有一人同意方可执行（职能代码，如 office_heads 办公室"
            "负责人、director 局长、destruction_supervisors 监销人）。",
        ),
        value_type=schema.ASCIILine(max_length=50),
        default=list(DEFAULT_DESTRUCTION_APPROVERS),
        min_length=1,
        max_length=10,
        required=True,
    )

    appraisal_max_extension_years = schema.Int(
        title=_("label_appraisal_max_extension_years", default="鉴定延长保管的最长年数"),
        default=50,
        min=1,
        max=100,
        required=True,
    )

    # R-R1: the 保管期限 the 归档 form proposes for a 收文 (a 发文 proposes its 建议保管期限)
    incoming_retention = schema.Choice(
        title=_("label_incoming_retention", default="收文默认保管期限"),
        description=_(
            "help_incoming_retention",
            default="归档收文时预填的保管期限（permanent 永久、30_years 定期30年、"
            "10_years 定期10年），档案员可逐件修改。",
        ),
        values=("permanent", "30_years", "10_years"),
        default="30_years",
        required=True,
    )
