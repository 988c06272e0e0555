"""销毁申请 (R-R2) in plain Python: a request's state, and who may do what with it.

A 销毁申请 is made by an archivist (档案员) of the unit for items appraised 销毁, with a
reason. Each approving function (``IArchiveSettings.destruction_approvers``: by default
办公室负责人, 局长 and 监销人) decides through one of its holders in the unit, with an
opinion: 同意 (``APPROVE``) or 不同意 (``REJECT``). One 不同意 rejects the request; when every
function has agreed it is approved and an archivist executes it. A person decides once per
request whatever functions they hold, and never on their own request. Items under a legal
hold (法律保全) are never destroyed.

The Zope side (``disposal``) reads the holders and the items and asks these functions;
every refusal is an ``ArchiveError`` with a Chinese message. The words that tell an approver
of a request (its row in 我的待办, its mail) are here too. No Zope import here.
"""

from collective.gongwen import _
from collective.gongwen.archive.rules import ArchiveError
from collective.gongwen.notify.rules import footer
from collective.gongwen.notify.rules import lines_text

PENDING = "pending"  # 待审批
APPROVED = "approved"  # 已批准，待执行
REJECTED = "rejected"  # 已驳回
EXECUTED = "executed"  # 已销毁
STATES = (PENDING, APPROVED, REJECTED, EXECUTED)

APPROVE = "approve"
REJECT = "reject"
DECISIONS = (APPROVE, REJECT)

REASON_MAX_CHARS = 1000
OPINION_MAX_CHARS = 1000
MAX_ITEMS = 500  # items of one request
ARCHIVISTS = "archivists"  # the unit function (org.functions) that makes the requests


def request_state(required, decisions, executed=False):
    """The state of a request needing ``required`` (function keys) given ``decisions``
    ({function key: {"decision": …}}) and whether it was ``executed``."""
    if executed:
        return EXECUTED
    if any(d.get("decision") == REJECT for d in decisions.values()):
        return REJECTED
    if all(decisions.get(key, {}).get("decision") == APPROVE for key in required):
        return APPROVED
    return PENDING


def check_text(value, limit, label, required=True):
    """``value`` stripped; ``ArchiveError`` if missing (when ``required``) or over ``limit``."""
    value = (value or "").strip() if isinstance(value, str) else ""
    if required and not value:
        raise ArchiveError(
            _("archive_text_missing", default="请填写${label}。", mapping={"label": label})
        )
    if len(value) > limit:
        raise ArchiveError(
            _(
                "archive_text_too_long",
                default="${label}不能超过 ${limit} 字（现为 ${count} 字）。",
                mapping={"label": label, "limit": limit, "count": len(value)},
            )
        )
    return value


def request_refusal(is_archivist, items, held, not_marked, busy):
    """Why an archivist may not make a request for ``items``; None if they may.

    ``held``: labels of items under legal hold; ``not_marked``: labels of items not appraised
    销毁 (or no longer due); ``busy``: labels of items already in an open request.
    """
    if not is_archivist:
        return ArchiveError(
            _("destruction_request_not_archivist", default="只有本单位档案员可以提出销毁申请。")
        )
    if not items:
        return ArchiveError(
            _("destruction_request_empty", default="请至少选择一件经鉴定应销毁的档案。")
        )
    if len(items) > MAX_ITEMS:
        return ArchiveError(
            _(
                "destruction_request_too_many",
                default="一份销毁申请最多 ${limit} 件（现为 ${count} 件）。",
                mapping={"limit": MAX_ITEMS, "count": len(items)},
            )
        )
    if held:
        return held_refusal(held)
    if not_marked:
        return ArchiveError(
            _(
                "destruction_item_not_marked",
                default="「${item}」未经鉴定为销毁，不能列入销毁申请。",
                mapping={"item": "、".join(not_marked)},
            )
        )
    if busy:
        return ArchiveError(
            _(
                "destruction_item_busy",
                default="「${item}」已在另一份未完结的销毁申请中。",
                mapping={"item": "、".join(busy)},
            )
        )
    return None


def decision_refusal(state, required, decisions, user_id, requester, user_functions, decision):
    """Why ``user_id`` (holding ``user_functions`` in the unit) may not decide ``decision`` on a
    request in ``state``; None if they may. The function they decide for: ``deciding_function``."""
    if decision not in DECISIONS:
        return ArchiveError(
            _("destruction_decision_invalid", default="审批意见只能是同意或不同意。")
        )
    if state != PENDING:
        return ArchiveError(_("destruction_not_pending", default="该销毁申请已不在审批中。"))
    if user_id == requester:
        return ArchiveError(_("destruction_own_request", default="申请人不能审批自己的销毁申请。"))
    if any(d.get("by") == user_id for d in decisions.values()):
        return ArchiveError(_("destruction_decided_already", default="您已审批过该销毁申请。"))
    if deciding_function(required, decisions, user_functions) is None:
        return ArchiveError(
            _("destruction_not_approver", default="您不是该销毁申请尚待审批的审批人。")
        )
    return None


def deciding_function(required, decisions, user_functions):
    """The first required function still undecided that the user holds, or None."""
    for key in required:
        if key in user_functions and key not in decisions:
            return key
    return None


def execution_refusal(state, is_archivist, held, executing=False):
    """Why an archivist may not execute a request in ``state`` (``held``: labels of its items
    now under legal hold; ``executing``: its execution is under way); None if they may."""
    if not is_archivist:
        return ArchiveError(
            _("destruction_execute_not_archivist", default="只有本单位档案员可以执行销毁。")
        )
    if state == EXECUTED:
        return ArchiveError(_("destruction_executed_already", default="该销毁申请已执行。"))
    if state != APPROVED:
        return ArchiveError(
            _("destruction_not_approved", default="销毁申请须经全部审批人同意后方可执行。")
        )
    if executing:
        return ArchiveError(
            _("destruction_executing", default="该销毁申请正在执行中，请在执行进度页查看。")
        )
    if held:
        return held_refusal(held)
    return None


def held_refusal(held):
    """The refusal naming the items (labels) under legal hold."""
    return ArchiveError(
        _(
            "destruction_item_held",
            default="「${item}」处于法律保全中，不能销毁。",
            mapping={"item": "、".join(held)},
        )
    )


def hold_refusal(is_archivist, archived, holding, put):
    """Why a user may not put (``put``) or lift a legal hold; None if they may.

    Legal holds are the unit's archivists' (档案员) to put and lift.
    """
    if not is_archivist:
        return ArchiveError(
            _("legal_hold_not_archivist", default="只有本单位档案员可以设置或解除法律保全。")
        )
    if not archived:
        return ArchiveError(
            _("legal_hold_not_archived", default="只有已归档的公文可以设置法律保全。")
        )
    if put and holding:
        return ArchiveError(_("legal_hold_already", default="该档案已处于法律保全中。"))
    if not put and not holding:
        return ArchiveError(_("legal_hold_none", default="该档案没有法律保全。"))
    return None


def approvers_problem(keys, functions):
    """Why ``keys`` cannot be the approving functions (档案设置 → 销毁审批职能); None if they can.

    ``functions``: {key: title} of the unit functions. At least one, each a unit function,
    none twice, and not 档案员 (the archivists make the request: others approve it).
    """
    keys = list(keys or ())
    if not keys:
        return _("destruction_approvers_empty", default="请至少选择一个销毁审批职能。")
    unknown = [str(key)[:50] for key in keys if key not in functions]
    if unknown:
        return _(
            "destruction_approvers_unknown",
            default="「${key}」不是单位职能。",
            mapping={"key": "、".join(unknown)},
        )
    twice = [functions[key] for key in dict.fromkeys(k for k in keys if keys.count(k) > 1)]
    if twice:
        return _(
            "destruction_approvers_twice",
            default="销毁审批职能「${function}」重复。",
            mapping={"function": "、".join(twice)},
        )
    if ARCHIVISTS in keys:
        return _(
            "destruction_approvers_archivists",
            default="销毁申请由档案员提出，档案员不能同时作为销毁审批职能。",
        )
    return None


def may_read_register(is_archivist, user_functions, required):
    """The 销毁清册 is read by the unit's archivists and the holders of the approving functions."""
    return is_archivist or bool(set(user_functions) & set(required))


# --- telling the approvers (我的待办 and mail) ---------------------------------

MAIL_ITEMS_LISTED = 20  # items named in the mail; the rest are counted


def todo_title(request_id, count):
    """「销毁申请 2026-0001（3 件）待您审批」: the request as a row of 我的待办."""
    return _(
        "destruction_todo_title",
        default="销毁申请 ${id}（${count} 件）待您审批",
        mapping={"id": request_id, "count": count},
    )


TODO_KIND = _("destruction_todo_kind", default="销毁申请")


def todo_step(function_title):
    """The step a row of 我的待办 names: 「监销人审批」."""
    return _(
        "destruction_todo_step",
        default="${function}审批",
        mapping={"function": function_title},
    )


def mail_subject(request_id, count):
    """The subject of the mail telling an approver of a new request."""
    return _(
        "mail_destruction_subject",
        default="【待办】销毁申请 ${id}（${count} 件）待您审批",
        mapping={"id": request_id, "count": count},
    )


def mail_body(tr, request, requester, url, settings_url):
    """The body of that mail; ``request`` is the request record, ``requester`` their name,
    ``tr`` translates a message (``notify.rules.lines_text``)."""
    items = request["items"]
    lines = [
        _(
            "mail_destruction_intro",
            default="${unit}档案员${person}提出了销毁申请 ${id}，共 ${count} 件，待您审批：",
            mapping={
                "unit": request["unit_title"],
                "person": requester,
                "id": request["id"],
                "count": len(items),
            },
        ),
        "",
        _(
            "mail_destruction_reason",
            default="销毁理由：${reason}",
            mapping={"reason": request["reason"]},
        ),
    ]
    for number, item in enumerate(items[:MAIL_ITEMS_LISTED], start=1):
        lines.append(f"{number}. {item['archival_code']} {item['title']}")
    if len(items) > MAIL_ITEMS_LISTED:
        lines.append(
            _(
                "mail_destruction_more",
                default="……另有 ${count} 件，见销毁申请。",
                mapping={"count": len(items) - MAIL_ITEMS_LISTED},
            )
        )
    lines += [
        _("mail_destruction_open", default="审批：${url}", mapping={"url": url}),
        "",
        footer(settings_url),
    ]
    return lines_text(tr, lines)
