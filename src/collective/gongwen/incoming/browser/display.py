"""Titles of the 收文 actions and of the handling parts' stages (the panel and messages)."""

from zope.i18n import translate

from collective.gongwen import _
from collective.gongwen.incoming import rules
from collective.gongwen.incoming.reading import ACKNOWLEDGE

ACTION_TITLES = {
    rules.SEND_TO_PROPOSE: _("incoming_action_send_to_propose", default="送拟办"),
    rules.PROPOSE: _("incoming_action_propose", default="拟办"),
    rules.SEND_TO_LEADERS: _("incoming_action_send_to_leaders", default="送领导阅批"),
    rules.READ: _("incoming_action_read", default="阅批"),
    rules.INSERT_READER: _("incoming_action_insert_reader", default="加入阅批领导"),
    rules.SKIP_READER: _("incoming_action_skip_reader", default="跳过阅批领导"),
    rules.DISPATCH: _("incoming_action_dispatch", default="分送承办部门"),
    rules.ASK_INSTRUCTION: _("incoming_action_ask_instruction", default="请负责人批办"),
    rules.INSTRUCT: _("incoming_action_instruct", default="批办"),
    rules.FINISH_PART: _("incoming_action_finish_part", default="办毕送秘书"),
    rules.CLOSE: _("incoming_action_close", default="办结"),
    rules.PUBLISH: _("incoming_action_publish", default="发布到首页"),
    rules.ARCHIVE: _("incoming_action_archive", default="归档"),
    rules.VOID: _("incoming_action_void", default="作废"),
    # not a button of the 办理 form: a 传阅 reader's 已阅 (``incoming.reading``)
    ACKNOWLEDGE: _("incoming_action_acknowledge", default="已阅"),
}

PART_TITLES = {
    rules.PART_RECEIVING: _("incoming_part_receiving", default="收文员接收"),
    rules.PART_INSTRUCTING: _("incoming_part_instructing", default="负责人批办中"),
    rules.PART_INSTRUCTED: _("incoming_part_instructed", default="已批办，收文员办理"),
    rules.PART_DONE: _("incoming_part_done", default="已办毕"),
}


def action_title(action, request):
    """The Chinese title of a 收文 action (its id when unknown)."""
    title = ACTION_TITLES.get(action)
    return translate(title, context=request) if title is not None else action


def part_title(stage, request):
    """The title of a handling part's stage."""
    title = PART_TITLES.get(stage)
    return translate(title, context=request) if title is not None else stage
