"""Titles of steps and actions and names of people, wherever a step or an opinion is shown.

The one table of action titles of 发文 and 收文 (an action id has one title
in both flows: 归档, 作废), the workflow's title of a step and a principal's
name — used alike by the 办理 panels and their history, 我的待办, the slips
(R-T2) and the mails. The table is keyed by the action ids of ``routing.rules``
and ``incoming.rules`` (a unit test checks that each of theirs has a title here).
"""

from plone import api
from zope.i18n import translate

from collective.gongwen import _
from collective.gongwen.request_answers import kept
from collective.gongwen.steps.roles import OUTGOING_WORKFLOW

ACTION_TITLES = {
    # 发文 (R-O*)
    "submit": _("routing_action_submit", default="提交"),
    "approve": _("routing_action_approve", default="同意，送下一环节"),
    "sign": _("routing_action_sign", default="签发"),
    "request_countersign": _("routing_action_request_countersign", default="请领导会签"),
    "countersign": _("routing_action_countersign", default="会签"),
    "countersign_done": _("routing_action_countersign_done", default="送秘书"),
    "number": _("routing_action_number", default="登记编号"),
    "send": _("routing_action_send", default="审核发送"),
    "return": _("routing_action_return", default="退回拟稿人"),
    "resign": _("routing_action_resign", default="退回重新签发"),
    "recall": _("routing_action_recall", default="收回"),
    "delivery_returned": _("routing_action_delivery_returned", default="对方退回"),
    "retract": _("routing_action_retract", default="撤回"),
    # 收文 (R-I*)
    "send_to_propose": _("incoming_action_send_to_propose", default="送拟办"),
    "propose": _("incoming_action_propose", default="拟办"),
    "send_to_leaders": _("incoming_action_send_to_leaders", default="送领导阅批"),
    "read": _("incoming_action_read", default="阅批"),
    "insert_reader": _("incoming_action_insert_reader", default="加入阅批领导"),
    "skip_reader": _("incoming_action_skip_reader", default="跳过阅批领导"),
    "dispatch": _("incoming_action_dispatch", default="分送承办部门"),
    "ask_instruction": _("incoming_action_ask_instruction", default="请负责人批办"),
    "instruct": _("incoming_action_instruct", default="批办"),
    "finish_part": _("incoming_action_finish_part", default="办毕送秘书"),
    "close": _("incoming_action_close", default="办结"),
    "publish": _("incoming_action_publish", default="发布到首页"),
    "acknowledge": _("incoming_action_acknowledge", default="已阅"),
    # both
    "archive": _("action_archive", default="归档"),
    "void": _("action_void", default="作废"),
}


def action_title(action, request=None):
    """The title of ``action`` (发文 or 收文) translated for ``request``; without a request its
    Chinese default (a slip is an archival form); its id when unknown."""
    title = ACTION_TITLES.get(action)
    if title is None:
        return action
    if request is None:
        return str(title.default)
    return translate(title, context=request)


def step_title(step, request, portal_type="gongwen_outgoing", language=None):
    """The title of state ``step`` in ``portal_type``'s workflow (translated in ``plone``,
    into ``language`` if given, else the request's)."""
    workflow = api.portal.get_tool("portal_workflow")
    chain = workflow.getChainForPortalType(portal_type) or (OUTGOING_WORKFLOW,)
    definition = workflow.get(chain[0])
    state = definition.states.get(step) if definition is not None else None
    title = (state.title if state is not None else None) or step
    return translate(title, domain="plone", context=request, target_language=language)


NAMES_KEY = "collective.gongwen.steps.names"


def _principal(principal_id):
    """``(is a user, title)`` of ``principal_id``: a user's 姓名 or a group's title ("" without
    one; is a user None when neither). Looked up once per request: a 处理笺 names the same few
    people in every row of its history, flow and audit trail, and each lookup builds the
    whole user (its groups and roles)."""
    names = kept(NAMES_KEY)
    if principal_id not in names:
        names[principal_id] = _looked_up(principal_id)
    return names[principal_id]


def _looked_up(principal_id):
    # PAS's own user and its property sheets: plone.api's member data around it cost as much again
    user = api.portal.get_tool("acl_users").getUserById(principal_id)
    if user is not None:
        return True, user.getProperty("fullname", "") or ""
    group = api.group.get(groupname=principal_id)
    if group is not None:
        return False, group.getProperty("title") or ""
    return None, ""


def principal_name(principal_id):
    """A user's full name, else a group's title, else the id itself."""
    return _principal(principal_id)[1] or principal_id


def user_full_name(user_id):
    """A user's 姓名; "" for someone no longer here, a group or a user without one."""
    if not user_id:
        return ""
    is_user, title = _principal(user_id)
    return title if is_user else ""
