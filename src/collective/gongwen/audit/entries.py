"""What an audit entry says (R-U1), as plain Python (no Zope): action names, flags,
bounded Chinese summaries and registry values with their secrets masked.

``record`` (the Zope side) asks these for the fields it cannot read from the
request; the store bounds every field again on the way in.
"""

import urllib.parse

# The action names of the ``action`` column (ASCII ids; the auditor's screens translate them).
CREATE = "create"
VIEW = "view"
DOWNLOAD = "download"
EDIT = "edit"
DELETE = "delete"
TRANSITION = "transition"
OPINION = "opinion"
PROXY_OPINION = "proxy_opinion"  # 代录: entered by someone for the person named in on_behalf_of
SEND = "send"  # a delivery of a 发文 made (分发)
OPEN = "open"  # a delivery opened by its recipient the first time (回执)
RECALL = "recall"
REMIND = "remind"  # 催办 of a step's holders (R-I5, R-O12)
RECEIVE = "receive"  # 签收
RETURN = "return"  # 退回
NUMBER = "number"
VOID = "void"
PUBLISH = "publish"
ARCHIVE = "archive"  # reserved: 归档 (issue 18) calls ``record.record`` with it
DESTROY = "destroy"  # reserved: 销毁 (issue 18) likewise
LOGIN = "login"
LOGIN_FAILED = "login_failed"
LOGOUT = "logout"
PASSWORD_CHANGE = "password_change"
ACCOUNT_CREATE = "account_create"
ACCOUNT_DELETE = "account_delete"
GROUP_CHANGE = "group_change"
ROLE_CHANGE = "role_change"
LOCAL_ROLES_CHANGE = "local_roles_change"
SETTINGS_CHANGE = "settings_change"
AUDIT_EXPORT = "audit_export"
AUDIT_VERIFY = "audit_verify"
BODY_UPLOAD = "body_upload"  # the Word 正文 (R-D6): 上传 (its first version)
BODY_CHECKOUT = "body_checkout"  # 签出编辑 (the lock taken, the file downloaded)
BODY_CHECKOUT_CANCEL = "body_checkout_cancel"  # 取消签出 (the lock given up, no new version)
BODY_CHECKOUT_END = "body_checkout_end"  # the lock ended by the hand-over (a transition)
BODY_CHECKIN = "body_checkin"  # 签入 (a new version)
BODY_CLEAN_REQUEST = "body_clean_request"  # 清稿 asked for (a worker will clean)
BODY_CLEAN = "body_clean"  # 清稿 stored (the clean version, in the requester's name)
EMERGENCY_REQUEST = "emergency_request"  # any request of the emergency admin, whatever it did
ROLLED_BACK = "rolled_back"  # compensates entries appended in a vote whose transaction then failed

# Entry flags (comma-separated words in ``flags``)
EMERGENCY = "emergency"  # made by a user of the Zope root's user folder (the emergency admin)

ANONYMOUS = "Anonymous User"

TITLE_LIMIT = 100  # characters of a title inside a summary
SUMMARY_LIMIT = 300  # characters of a whole summary
VALUE_LIMIT = 80  # characters of each of a setting's old and new values
MASK = "******"

# Words in a setting's name that mark its value as secret (never written to the log)
SECRET_WORDS = ("pass", "secret", "token", "key", "credential", "salt", "private")

# Transitions whose entry has its own action name (the others are ``transition``)
TRANSITION_ACTIONS = {"void": VOID, "publish": PUBLISH, "archive": ARCHIVE}


def clip(text, limit):
    """``text`` on one line, at most ``limit`` characters (cut ones end with "…")."""
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def request_summary(method, path, query=""):
    """What a request asked: method, path and query, the values of secret-looking parameters
    masked (a form's body, where passwords travel, is never written), bounded."""
    pairs = urllib.parse.parse_qsl(query or "", keep_blank_values=True)
    shown = "&".join(f"{name}={MASK if is_secret(name) else value}" for name, value in pairs)
    return clip(f"{method} {path}" + (f"?{shown}" if shown else ""), SUMMARY_LIMIT)


def summary(title, detail=""):
    """The entry's summary: 「title」 and a detail, bounded (``SUMMARY_LIMIT``)."""
    parts = []
    if title:
        parts.append(f"「{clip(title, TITLE_LIMIT)}」")
    if detail:
        parts.append(str(detail))
    return clip(" ".join(parts), SUMMARY_LIMIT)


def flags(*words):
    """The ``flags`` text of the given words (empty ones dropped, each once, in order)."""
    seen = []
    for word in words:
        if word and word not in seen:
            seen.append(word)
    return ",".join(seen)


def transition_action(transition_id):
    """The action name of a workflow transition's entry."""
    return TRANSITION_ACTIONS.get(transition_id, TRANSITION)


def is_secret(name):
    """True when a setting named ``name`` holds a password, key or other secret."""
    lowered = (name or "").lower()
    return any(word in lowered for word in SECRET_WORDS)


def shown_value(name, value):
    """A setting's value as the log shows it: masked if secret, bounded otherwise."""
    if is_secret(name):
        return MASK
    if isinstance(value, (list, tuple, set, frozenset)):
        value = "、".join(str(v) for v in value)
    return clip("" if value is None else value, VALUE_LIMIT)


def body_summary(title, number=None, filename="", note=""):
    """「title」 第N版 · 文件名（note）: the Word 正文's version an action stored or concerned
    (``number`` None or no number: 「正文」), each part bounded."""
    try:
        detail = f"第{int(number)}版"
    except (TypeError, ValueError):
        detail = "正文"
    if filename:
        detail = f"{detail} · {clip(filename, TITLE_LIMIT)}"
    if note:
        detail = f"{detail}（{clip(note, TITLE_LIMIT)}）"
    return summary(title, detail)


def roles_summary(principal_id, before, after):
    """「principal」 角色：before → after (role ids, 「、」-joined; 无 for none)."""
    return summary(principal_id, f"角色：{'、'.join(before) or '无'} → {'、'.join(after) or '无'}")


def setting_summary(name, old, new, title=""):
    """「title（name）」 old → new (secrets masked, values bounded); the setting's label, when it
    has one, lets an auditor read the entry without knowing the registry's ids."""
    label = f"{title}（{name}）" if title else name
    return summary(label, f"{shown_value(name, old)} → {shown_value(name, new)}")


def unlock_summary(kind, name, failures, until):
    """「解除登录锁定」 账号 name（连续输错 n 次，原定 until 自动解锁）: the 安全保密管理员 unlocked
    an account name (``kind`` "account") or a client address (any other kind) before its time."""
    what = "账号" if kind == "account" else "地址"
    return summary(
        "解除登录锁定",
        f"{what} {clip(name, TITLE_LIMIT)}（连续输错 {failures} 次，原定 {until} 自动解锁）",
    )
