"""What the routing pages show beside the titles of ``routing.titles``: who entered an
opinion (代录) and waiting times, shared by the action panel and 我的待办.
"""

from zope.i18n import translate

from collective.gongwen import _
from collective.gongwen.steps.titles import principal_name


def actor_text(record, request):
    """Who entered an opinion: 「张三」, or 「张三（李四代录）」 for 代录 (R-O9)."""
    if not record.on_behalf_of:
        return principal_name(record.actor)
    return translate(
        _(
            "routing_actor_on_behalf",
            default="${signer}（${typist}代录）",
            mapping={
                "signer": principal_name(record.on_behalf_of),
                "typist": principal_name(record.actor),
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
