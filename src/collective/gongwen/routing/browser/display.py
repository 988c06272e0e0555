"""What the routing pages show for ids: names of people and groups, step and action titles,
waiting times. One helper for each, shared by the action panel and 我的待办.
"""

from plone import api
from zope.i18n import translate

from collective.gongwen import _
from collective.gongwen.routing import rules
from collective.gongwen.routing.roles import OUTGOING_WORKFLOW

ACTION_TITLES = {
    rules.SUBMIT: _("routing_action_submit", default="提交"),
    rules.APPROVE: _("routing_action_approve", default="同意，送下一环节"),
    rules.SIGN: _("routing_action_sign", default="签发"),
    rules.REQUEST_COUNTERSIGN: _("routing_action_request_countersign", default="请领导会签"),
    rules.COUNTERSIGN_ACTION: _("routing_action_countersign", default="会签"),
    rules.COUNTERSIGN_DONE: _("routing_action_countersign_done", default="送秘书"),
    rules.NUMBER: _("routing_action_number", default="登记编号"),
    rules.SEND: _("routing_action_send", default="审核发送"),
    rules.ARCHIVE: _("routing_action_archive", default="归档"),
    rules.RETURN: _("routing_action_return", default="退回拟稿人"),
    rules.RESIGN: _("routing_action_resign", default="退回重新签发"),
    rules.RECALL: _("routing_action_recall", default="收回"),
    rules.DELIVERY_RETURNED: _("routing_action_delivery_returned", default="对方退回"),
    rules.VOID: _("routing_action_void", default="作废"),
}


def action_title(action, request):
    """The Chinese title of a routing action (its id when unknown)."""
    title = ACTION_TITLES.get(action)
    return translate(title, context=request) if title is not None else action


def step_title(step, request, portal_type="gongwen_outgoing", language=None):
    """The title of state ``step`` in ``portal_type``'s workflow (translated in ``plone``,
    into ``language`` if given, else the request's)."""
    workflow = api.portal.get_tool("portal_workflow")
    chain = workflow.getChainForPortalType(portal_type) or (OUTGOING_WORKFLOW,)
    definition = workflow.get(chain[0])
    state = definition.states.get(step) if definition is not None else None
    title = (state.title if state is not None else None) or step
    return translate(title, domain="plone", context=request, target_language=language)


def principal_name(principal_id):
    """A user's full name, else a group's title, else the id itself."""
    user = api.user.get(userid=principal_id)
    if user is not None:
        return user.getProperty("fullname") or principal_id
    group = api.group.get(groupname=principal_id)
    if group is not None:
        return group.getProperty("title") or principal_id
    return principal_id


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
