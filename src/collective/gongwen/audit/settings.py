"""How long the audit log is kept (R-U1, issue 17 item 3): the registry record and its rule.

The store keeps every entry (it has no delete path at all); the retention is the
promise made to the inspectors — at least ``MIN_MONTHS`` months — and may only be
lengthened (``refusal``). Edited by the 安全保密管理员 in 网站设置 → 审计日志保存期限.
"""

from zope import schema
from zope.interface import Interface

from collective.gongwen import _
from collective.gongwen.content.settings import record_or_default

MIN_MONTHS = 6
MAX_MONTHS = 1200


class IAuditSettings(Interface):
    """The audit log's retention."""

    retention_months = schema.Int(
        title=_("label_audit_retention_months", default="审计日志至少保存（月）"),
        description=_(
            "help_audit_retention_months",
            default="不少于 6 个月，只能延长不能缩短。审计记录不可删除，期满后也全部保留。",
        ),
        default=MIN_MONTHS,
        min=MIN_MONTHS,
        max=MAX_MONTHS,
    )


def retention_months():
    """The retention in force (the default before the record exists)."""
    return record_or_default(IAuditSettings, "retention_months")


def refusal(current, wanted):
    """Why ``wanted`` months may not replace ``current`` (a message), or None."""
    if wanted is None or wanted < MIN_MONTHS:
        return _(
            "audit_retention_too_short",
            default="审计日志至少保存 ${months} 个月。",
            mapping={"months": MIN_MONTHS},
        )
    if wanted > MAX_MONTHS:
        return _(
            "audit_retention_too_long",
            default="最多填 ${months} 个月。",
            mapping={"months": MAX_MONTHS},
        )
    if current is not None and wanted < current:
        return _(
            "audit_retention_only_longer",
            default="保存期限只能延长：当前为 ${months} 个月。",
            mapping={"months": current},
        )
    return None
