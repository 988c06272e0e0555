"""The archive's settings (SPEC §11): ``IArchiveSettings``, registry records under its identifier.

Registered by ``profiles/default/registry/gongwen_archive.xml``; read with
``content.settings.record_or_default`` (the field's default until the record exists);
edited in 网站设置 → 档案设置 (``@@gongwen-archive-settings``, the 系统管理员's, R-U2).
Every archive capability adds its own fields here. The fields are bounded with Chinese
messages (``content.bounding``; the approving functions by ``disposal_rules``).
"""

from zope import schema
from zope.interface import Interface

from collective.gongwen import _
from collective.gongwen.archive import disposal_rules
from collective.gongwen.content.bounding import BoundExceeded
from collective.gongwen.content.bounding import bound_fields
from collective.gongwen.org.functions import UNIT_FUNCTIONS

# R-R2: the unit functions (org.functions) whose holders approve a 销毁申请, in order.
DEFAULT_DESTRUCTION_APPROVERS = ["office_heads", "director", "destruction_supervisors"]


def check_approvers(value):
    """The constraint of ``destruction_approvers``: ``disposal_rules.approvers_problem``."""
    functions = {function.key: function.title for function in UNIT_FUNCTIONS}
    problem = disposal_rules.approvers_problem(value, functions)
    if problem is not None:
        raise BoundExceeded(problem)
    return True


class IArchiveSettings(Interface):
    """档案设置."""

    destruction_approvers = schema.List(
        title=_("label_destruction_approvers", default="销毁审批职能"),
        description=_(
            "help_destruction_approvers",
            default="销毁申请须经所选每个单位职能各有一人同意方可执行（默认办公室负责人、局长、"
            "监销人）；各职能的人员在单位的「职能与人员」中设置。",
        ),
        value_type=schema.Choice(vocabulary="collective.gongwen.UnitFunctions"),
        default=list(DEFAULT_DESTRUCTION_APPROVERS),
        min_length=1,
        max_length=len(UNIT_FUNCTIONS),
        unique=True,
        required=True,
        constraint=check_approvers,
    )

    appraisal_max_extension_years = schema.Int(
        title=_("label_appraisal_max_extension_years", default="鉴定延长保管的最长年数"),
        description=_(
            "help_appraisal_max_extension_years",
            default="到期鉴定决定延长保管时，一次最多可延长的年数（1–100）。",
        ),
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
            default="归档收文时预填的保管期限，档案员可逐件修改。",
        ),
        vocabulary="collective.gongwen.Retentions",
        default="30_years",
        required=True,
    )


# A plain interface (plone.registry), not a supermodel schema: bounded here.
bound_fields(IArchiveSettings)
