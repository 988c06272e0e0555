"""What the step pages show beside the titles of ``steps.titles``: an opinion record's
row in a panel's history, who entered it (代录) and waiting times — shared by the
发文 and 收文 panels and 我的待办.
"""

from zope.i18n import translate

from collective.gongwen import _
from collective.gongwen.content import times
from collective.gongwen.steps import titles


def actor_text(record, request):
    """Who entered an opinion: 「张三」, or 「张三（李四代录）」 for 代录 (R-O9)."""
    if not record.on_behalf_of:
        return titles.principal_name(record.actor)
    return translate(
        _(
            "routing_actor_on_behalf",
            default="${signer}（${typist}代录）",
            mapping={
                "signer": titles.principal_name(record.on_behalf_of),
                "typist": titles.principal_name(record.actor),
            },
        ),
        context=request,
    )


def waited(delta):
    """``delta`` (a timedelta) as a message: 「2 天 3 小时」, 「3 小时 5 分钟」, 「5 分钟」
    or 「不到 1 分钟」 (``content.times.elapsed`` gives it)."""
    minutes = max(int(delta.total_seconds() // 60), 0)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return _(
            "waited_days_hours",
            default="${days} 天 ${hours} 小时",
            mapping={"days": days, "hours": hours},
        )
    if hours:
        return _(
            "waited_hours_minutes",
            default="${hours} 小时 ${minutes} 分钟",
            mapping={"hours": hours, "minutes": minutes},
        )
    if minutes:
        return _("waited_minutes", default="${minutes} 分钟", mapping={"minutes": minutes})
    return _("waited_under_a_minute", default="不到 1 分钟")


def history_row(record, request, portal_type, subject_name=None):
    """One opinion record as a row of a panel's history (step, action, who, when, text).

    ``subject_name(subject)`` names what the action was about (the department
    of a 收文's handling part, a leader inserted …), shown after the action.
    """
    action = titles.action_title(record.action, request)
    if record.subject and subject_name is not None:
        action = f"{action}（{subject_name(record.subject)}）"
    return {
        "step": titles.step_title(record.step, request, portal_type),
        "action": action,
        "actor": actor_text(record, request),
        "time": times.minute_text(record.time),
        "iso": times.iso_text(record.time),
        "text": record.text,
    }
