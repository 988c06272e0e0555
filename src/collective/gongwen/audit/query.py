"""What the 安全审计员 asks of the audit log (R-U1): the action names, the filter form read
into ``store.Filters`` with Chinese refusals, and an entry as the cells of an exported row.

Plain Python (no Zope; times through ``content.times``). Every filter is bounded: a value
longer than its bound, an unknown action, a date that is no date or a start after the end
is refused with a message, never searched for.
"""

import dataclasses
import datetime
import re

from collective.gongwen import _
from collective.gongwen.audit import store
from collective.gongwen.content import times

# The ``action`` column's ids (shared by everyone who writes entries) and their Chinese names.
ACTIONS = {
    "create": _("audit_action_create", default="创建"),
    "view": _("audit_action_view", default="查看"),
    "download": _("audit_action_download", default="下载"),
    "edit": _("audit_action_edit", default="修改"),
    "delete": _("audit_action_delete", default="删除"),
    "transition": _("audit_action_transition", default="流转"),
    "opinion": _("audit_action_opinion", default="填写意见"),
    "proxy_opinion": _("audit_action_proxy_opinion", default="代录意见"),
    "recall": _("audit_action_recall", default="收回"),
    "remind": _("audit_action_remind", default="催办"),
    "receive": _("audit_action_receive", default="签收"),
    "return": _("audit_action_return", default="退回"),
    "number": _("audit_action_number", default="编号"),
    "void": _("audit_action_void", default="作废"),
    "publish": _("audit_action_publish", default="发布"),
    "archive": _("audit_action_archive", default="归档"),
    "destroy": _("audit_action_destroy", default="销毁"),
    "login": _("audit_action_login", default="登录"),
    "login_failed": _("audit_action_login_failed", default="登录失败"),
    "logout": _("audit_action_logout", default="退出登录"),
    "password_change": _("audit_action_password_change", default="修改密码"),
    "account_create": _("audit_action_account_create", default="创建账号"),
    "account_delete": _("audit_action_account_delete", default="删除账号"),
    "group_change": _("audit_action_group_change", default="调整用户组"),
    "role_change": _("audit_action_role_change", default="调整角色"),
    "local_roles_change": _("audit_action_local_roles_change", default="调整共享权限"),
    "settings_change": _("audit_action_settings_change", default="修改设置"),
    "audit_export": _("audit_action_audit_export", default="导出审计日志"),
    "audit_verify": _("audit_action_audit_verify", default="校验审计日志"),
    "send": _("audit_action_send", default="分发"),
    "open": _("audit_action_open", default="打开来文"),
    "body_upload": _("audit_action_body_upload", default="上传正文"),
    "body_checkout": _("audit_action_body_checkout", default="签出编辑正文"),
    "body_checkout_cancel": _("audit_action_body_checkout_cancel", default="取消签出正文"),
    "body_checkout_end": _("audit_action_body_checkout_end", default="移交时结束正文签出"),
    "body_checkin": _("audit_action_body_checkin", default="签入正文"),
    "body_clean_request": _("audit_action_body_clean_request", default="申请正文清稿"),
    "body_clean": _("audit_action_body_clean", default="正文清稿"),
    "emergency_request": _("audit_action_emergency_request", default="应急账号访问"),
    "rolled_back": _("audit_action_rolled_back", default="事务未生效"),
}

EMERGENCY = "emergency"  # the flag of entries made by Zope's own (emergency) accounts

PAGE_SIZE = 50
MAX_PAGE = 10_000  # pages beyond are refused: narrow the filter instead
EXPORT_LIMIT = 100_000  # rows in one export
TITLE_MATCHES = 200  # documents a 标题 search may stand for

# Longest accepted text per form field (characters).
FIELD_BOUNDS = {
    "actor": store.BOUNDS["actor"],
    "unit": store.BOUNDS["unit"],
    "document": 200,
    "client_address": store.BOUNDS["client_address"],
    "start": 32,
    "end": 32,
}

FIELD_TITLES = {
    "actor": _("audit_field_actor", default="人员"),
    "unit": _("audit_field_unit", default="单位"),
    "document": _("audit_field_document", default="公文"),
    "action": _("audit_field_action", default="操作"),
    "client_address": _("audit_field_client_address", default="地址"),
    "start": _("audit_field_start", default="起始日期"),
    "end": _("audit_field_end", default="截止日期"),
}

UID = re.compile(r"^[0-9a-f]{32}$")
DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
MINUTE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})$")


@dataclasses.dataclass
class Query:
    """A read filter form: the ``Filters`` to search with, the form's values to show again,
    and the Chinese messages of what was refused (nothing is searched then)."""

    filters: store.Filters
    values: dict
    errors: list
    page: int = 1

    @property
    def ok(self):
        return not self.errors


def _text(form, name):
    value = form.get(name, "")
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    return value.strip() if isinstance(value, str) else ""


def _moment(text, end):
    """``2026-01-05`` (the whole day: its start, or the next day's for an end) or
    ``2026-01-05 09:30`` in the portal's zone, as an aware datetime; None if no date."""
    match = MINUTE.match(text)
    day = match or DAY.match(text)
    if not day:
        return None
    numbers = [int(part) for part in day.groups()]
    try:
        if match:
            return datetime.datetime(*numbers, tzinfo=times.zone())
        moment = datetime.datetime(*numbers, tzinfo=times.zone())
    except ValueError:
        return None
    return moment + datetime.timedelta(days=1) if end else moment


def read(form, find_documents):
    """The ``Query`` of ``form`` (a mapping of the filter form's fields, as text).

    ``find_documents(title)`` answers the UIDs of the documents whose 标题 matches (at most
    ``TITLE_MATCHES + 1``); 公文 may also be a UID or a path (starting with ``/``).
    """
    values = {name: _text(form, name) for name in FIELD_BOUNDS}
    values["emergency"] = bool(_text(form, "emergency"))
    errors = []
    for name, limit in FIELD_BOUNDS.items():
        if len(values[name]) > limit:
            errors.append(
                _(
                    "audit_error_too_long",
                    default="「${field}」最多 ${limit} 个字。",
                    mapping={"field": FIELD_TITLES[name], "limit": limit},
                )
            )
            values[name] = values[name][:limit]
    raw_actions = form.get("action", ())
    if isinstance(raw_actions, str):
        raw_actions = (raw_actions,)
    actions = tuple(a for a in raw_actions if isinstance(a, str) and a)[: len(ACTIONS) + 1]
    if any(action not in ACTIONS for action in actions):
        errors.append(_("audit_error_action", default="请从列表中选择操作。"))
        actions = tuple(action for action in actions if action in ACTIONS)
    values["action"] = actions
    start = end = None
    for name in ("start", "end"):
        if values[name] and not errors:
            moment = _moment(values[name], end=name == "end")
            if moment is None:
                errors.append(
                    _(
                        "audit_error_date",
                        default="「${field}」不是有效的日期，"
                        "请写成 2026-01-05 或 2026-01-05 09:30。",
                        mapping={"field": FIELD_TITLES[name]},
                    )
                )
            elif name == "start":
                start = moment
            else:
                end = moment
    if start is not None and end is not None and start >= end:
        errors.append(_("audit_error_range", default="起始日期应早于截止日期。"))
    page = _text(form, "page")
    page = int(page) if page.isdigit() and len(page) <= 6 else 1
    if page > MAX_PAGE:
        errors.append(
            _(
                "audit_error_page",
                default="最多翻到第 ${limit} 页，请缩小查询范围。",
                mapping={"limit": MAX_PAGE},
            )
        )
    uids, path = (), ""
    document = values["document"]
    if document and not errors:
        if UID.match(document.lower()):
            uids = (document.lower(),)
        elif document.startswith("/"):
            path = document
        else:
            uids = tuple(find_documents(document))
            if not uids:
                errors.append(
                    _(
                        "audit_error_no_document",
                        default="没有标题含「${title}」的公文。",
                        mapping={"title": document},
                    )
                )
            elif len(uids) > TITLE_MATCHES:
                errors.append(
                    _(
                        "audit_error_many_documents",
                        default="标题含「${title}」的公文超过 ${limit} 件，请写得更具体些。",
                        mapping={"title": document, "limit": TITLE_MATCHES},
                    )
                )
    filters = store.Filters(
        actor=values["actor"],
        unit=values["unit"],
        object_uids=uids,
        object_path=path,
        actions=actions,
        start=start,
        end=end,
        client_address=values["client_address"],
        flag=EMERGENCY if values["emergency"] else "",
    )
    return Query(filters=filters, values=values, errors=errors, page=max(1, page))


def query_string(values, **changes):
    """The form's ``values`` (with ``changes``) as the pairs of a URL query (pages, exports)."""
    values = {**values, **changes}
    pairs = []
    for name in (*FIELD_BOUNDS, "emergency", "page"):
        value = values.get(name)
        if value is True:
            pairs.append((name, "1"))
        elif value:
            pairs.append((name, str(value)))
    pairs.extend(("action", action) for action in values.get("action", ()))
    return pairs


def is_emergency(entry):
    return EMERGENCY in entry.get("flags", "").split(",")


def time_text(entry):
    """The entry's time in the portal's zone, to the second (``2026-01-05 09:30:12``)."""
    moment = times.in_zone(entry.get("time"))
    return moment.strftime("%Y-%m-%d %H:%M:%S") if moment is not None else ""


# Columns of an export: (column id, Chinese heading).
COLUMNS = (
    ("seq", _("audit_column_seq", default="序号")),
    ("time", _("audit_column_time", default="时间")),
    ("actor", _("audit_column_actor", default="人员")),
    ("actor_name", _("audit_column_actor_name", default="姓名")),
    ("on_behalf_of", _("audit_column_on_behalf_of", default="代谁")),
    ("unit", _("audit_column_unit", default="单位")),
    ("action", _("audit_column_action", default="操作")),
    ("object_uid", _("audit_column_object_uid", default="对象 UID")),
    ("object_path", _("audit_column_object_path", default="对象路径")),
    ("from_state", _("audit_column_from_state", default="原状态")),
    ("to_state", _("audit_column_to_state", default="新状态")),
    ("client_address", _("audit_column_client_address", default="地址")),
    ("summary", _("audit_column_summary", default="摘要")),
    ("flags", _("audit_column_flags", default="标记")),
    ("hash", _("audit_column_hash", default="散列")),
)


def cells(entry, full_name, action_title):
    """The entry as the export's cells (text, in ``COLUMNS`` order); ``full_name(id)`` and
    ``action_title(id)`` name the person and the action."""
    values = dict(entry)
    values["seq"] = str(entry.get("seq", ""))
    values["time"] = time_text(entry)
    values["actor_name"] = full_name(entry.get("actor", ""))
    values["action"] = action_title(entry.get("action", ""))
    return [str(values.get(column, "")) for column, _title in COLUMNS]
