"""The audit trail's subscribers (R-U1): one entry for each event the issue lists.

Every entry goes through ``record.record`` (written when the transaction
commits) — except a failed login, written at once by ``record.record_now``
because its request may end in an error that aborts the transaction. The
code that acts never writes entries itself: it fires its named event, and
this module listens (registered in ``configure.zcml``).

Transitions are taken from DCWorkflow's after-transition event (one entry
per transition, every workflow, every path); 作废 and 发布 are named
``void`` and ``publish``. 归档 and 销毁 (issue 18) will record ``archive`` and
``destroy`` with ``record.record`` from their own events.
"""

from AccessControl import getSecurityManager
from Acquisition import aq_base
from Acquisition import aq_inner
from Acquisition import aq_parent
from plone import api
from plone.app.workflow.interfaces import ILocalrolesModifiedEvent
from plone.registry.interfaces import IRegistry
from zope.component import queryUtility
from zope.container.interfaces import IContainerModifiedEvent
from zope.i18n import translate

from collective.gongwen.audit import entries
from collective.gongwen.audit.record import is_emergency_user
from collective.gongwen.audit.record import record
from collective.gongwen.audit.record import record_now
from collective.gongwen.content import bodyguard
from collective.gongwen.content.times import minute_text
from collective.gongwen.notify.mail import catalog_language
from collective.gongwen.steps.titles import action_title
from collective.gongwen.steps.titles import principal_name

OUR_TYPES_PREFIX = "gongwen_"


def _title(obj):
    title = getattr(aq_base(obj), "Title", None)
    return title() if callable(title) else (getattr(aq_base(obj), "title", "") or "")


def _ours(obj):
    """True for content of one of our types (gongwen_*)."""
    return (getattr(aq_base(obj), "portal_type", "") or "").startswith(OUR_TYPES_PREFIX)


def _principal_id(principal):
    """The id of a PAS event's principal (a user or group object, or already an id)."""
    if isinstance(principal, str):
        return principal
    get_id = getattr(principal, "getId", None)
    return get_id() if get_id is not None else str(principal)


def _body_written(obj):
    """True for the Word 正文 item while ``body.put_body`` writes it (上传, 签入, 清稿): the
    action's named event writes its one entry (``body_*``), not a generic create or edit."""
    return bodyguard.is_body_like(obj) and bodyguard.is_writing(aq_parent(aq_inner(obj)))


# Content: created, edited, deleted (R-U1)


def content_added(obj, event):
    if _ours(obj) and not _body_written(obj):
        record(entries.CREATE, obj, entries.summary(_title(obj)))


def content_modified(obj, event):
    """Edited (not a container told of its children, not sharing: their own entries)."""
    if IContainerModifiedEvent.providedBy(event) or ILocalrolesModifiedEvent.providedBy(event):
        return
    if _ours(obj) and not _body_written(obj):
        record(entries.EDIT, obj, entries.summary(_title(obj)), once=True)


def content_removed(obj, event):
    """Deletion of anything of ours, or of any content (an administrator's DELETE)."""
    if event.oldParent is None or event.newParent is not None:
        return
    path = "/".join((*event.oldParent.getPhysicalPath(), event.oldName or ""))
    uid = getattr(aq_base(obj), "UID", None)
    record(
        entries.DELETE,
        None,
        entries.summary(_title(obj)),
        object_uid=(uid() if callable(uid) else "") or "",
        object_path=path,
    )


# Reading: the document page and its files


def document_viewed(document, event):
    record(entries.VIEW, document, entries.summary(_title(document)), once=True)


def file_downloaded(document, event):
    detail = event.title or event.file_id or ""
    if event.version is not None:
        detail = f"{detail}（版本 {event.version}）"
    record(entries.DOWNLOAD, document, entries.summary(_title(document), detail))


# The flows: transitions, opinions, numbers


def transitioned(obj, event):
    if event.transition is None:
        return  # the creation's initial state: recorded as ``create``
    transition = event.transition.getId()
    on_behalf_of = (event.kwargs or {}).get("on_behalf_of") or ""
    record(
        entries.transition_action(transition),
        obj,
        entries.summary(_title(obj), event.transition.title or transition),
        from_state=event.old_state.getId() if event.old_state is not None else "",
        to_state=event.new_state.getId() if event.new_state is not None else "",
        on_behalf_of=on_behalf_of,
    )


def opinion_recorded(document, event):
    """An opinion with words (or 已阅, outside a transition); 代录 names whom it was for."""
    opinion = event.record
    if not (opinion.text or "").strip() and event.transition is not None:
        return  # a transition without words: its ``transition`` entry says it all
    action = entries.PROXY_OPINION if opinion.on_behalf_of else entries.OPINION
    record(
        action,
        document,
        entries.summary(_title(document), opinion.text or action_title(opinion.action)),
        on_behalf_of=opinion.on_behalf_of or "",
        from_state=opinion.step or "",
    )


def step_reminded(document, event):
    """催办 (R-I5, R-O12): whom (the step's holders) and the note."""
    holders = "、".join(principal_name(holder) for holder in event.holders)
    note = event.record.get("note") or ""
    detail = f"{holders}：{note}" if note else holders
    record(
        entries.REMIND,
        document,
        entries.summary(_title(document), detail),
        from_state=event.record.get("step") or "",
    )


def document_numbered(document, event):
    if event.repeated:
        return
    record(entries.NUMBER, document, entries.summary(_title(document), event.number))


# The Word 正文 (R-D6): one entry per action, from its named events (wordbody.events)


def _body_entry(action, event, note=""):
    document, version = event.object, event.record or {}
    step = event.step or api.content.get_state(obj=document, default="")  # where it was done
    fields = {"actor": event.actor} if event.actor else {}
    record(
        action,
        document,
        entries.body_summary(
            _title(document), version.get("number"), version.get("filename") or "", note
        ),
        from_state=step or "",
        **fields,
    )


def body_uploaded(document, event):
    _body_entry(entries.BODY_UPLOAD, event)


def body_checked_out(document, event):
    """签出编辑: the version taken and until when the lock holds."""
    until = minute_text((event.lock or {}).get("until"))
    _body_entry(entries.BODY_CHECKOUT, event, f"签出至 {until}" if until else "")


def body_check_out_cancelled(document, event):
    _body_entry(entries.BODY_CHECKOUT_CANCEL, event)


def body_check_out_ended(document, event):
    """The hand-over ended someone's check-out: whose (the actor is who handed it on)."""
    lock = event.lock or {}
    holder = lock.get("holder_name") or lock.get("holder") or ""
    _body_entry(entries.BODY_CHECKOUT_END, event, f"{holder} 的签出随移交结束")


def body_checked_in(document, event):
    _body_entry(entries.BODY_CHECKIN, event)


def body_clean_requested(document, event):
    _body_entry(entries.BODY_CLEAN_REQUEST, event)


def body_cleaned(document, event):
    _body_entry(entries.BODY_CLEAN, event)


# Exchange: deliveries


def delivery_changed(document, event, action):
    detail = event.recipient or ""
    reason = getattr(event, "reason", "") or ""
    if reason:
        detail = f"{detail}：{reason}"
    record(action, document, entries.summary(_title(document), detail))


def delivery_sent(document, event):
    delivery_changed(document, event, entries.SEND)


def delivery_opened(document, event):
    delivery_changed(document, event, entries.OPEN)


def delivery_signed_for(document, event):
    delivery_changed(document, event, entries.RECEIVE)


def delivery_returned(document, event):
    delivery_changed(document, event, entries.RETURN)


def delivery_recalled(document, event):
    delivery_changed(document, event, entries.RECALL)


# The emergency admin: every request, whatever it did (R-U2)


def emergency_request(event):
    """Zope's ``admin`` (a user of the Zope root's user folder) is for emergencies: each of its
    requests that completes is an entry, besides the entries of what it did."""
    user = getSecurityManager().getUser()
    if not is_emergency_user(user):
        return
    request = event.request
    summary = entries.request_summary(
        request.get("REQUEST_METHOD", ""),
        request.get("PATH_INFO", ""),
        request.get("QUERY_STRING", ""),
    )
    record(entries.EMERGENCY_REQUEST, None, summary, request=request)


# Accounts: login, failed login, logout, password, accounts, groups


def logged_in(event):
    record(entries.LOGIN, None, "", actor=_principal_id(event.principal))


def logged_out(event):
    record(entries.LOGOUT, None, "", actor=_principal_id(event.principal))


def login_failed(event):
    """Written at once: the request of a failed login may end in 401 and be aborted."""
    detail = "账号或地址已锁定" if event.reason == "locked" else "账号或密码错误"
    record_now(
        entries.LOGIN_FAILED,
        None,
        entries.summary(event.login, detail),
        request=event.request,
        actor=event.login or "",
        unit="",
    )


def lock_released(event):
    """The 安全保密管理员 unlocked an account name or address on 安全设置 (accounts'
    ``LockReleased``)."""
    lock = event.lock
    until = minute_text(lock.locked_until)
    record(
        entries.SETTINGS_CHANGE,
        None,
        entries.unlock_summary(lock.kind, lock.name, lock.failures, until),
    )


def credentials_updated(event):
    who = _principal_id(event.principal)
    record(entries.PASSWORD_CHANGE, None, entries.summary(who))


def principal_created(event):
    who = _principal_id(event.principal)
    record(entries.ACCOUNT_CREATE, None, entries.summary(who))


def principal_deleted(event):
    who = _principal_id(event.principal)
    record(entries.ACCOUNT_DELETE, None, entries.summary(who))


def added_to_group(event):
    who = _principal_id(event.principal)
    record(entries.GROUP_CHANGE, None, entries.summary(who, f"加入用户组 {event.group_id}"))


def removed_from_group(event):
    who = _principal_id(event.principal)
    record(entries.GROUP_CHANGE, None, entries.summary(who, f"退出用户组 {event.group_id}"))


def group_created(event):
    group = _principal_id(event.principal)
    record(entries.GROUP_CHANGE, None, entries.summary(group, "新建用户组"))


def group_deleted(event):
    group = _principal_id(event.principal)
    record(entries.GROUP_CHANGE, None, entries.summary(group, "删除用户组"))


# Permissions and settings


def roles_changed(event):
    """A user's or group's site roles (accounts' ``PrincipalRolesChanged``): before → after."""
    record(
        entries.ROLE_CHANGE,
        None,
        entries.roles_summary(event.principal_id, event.before, event.after),
    )


def local_roles_changed(obj, event):
    """共享 (sharing) or REST ``@sharing`` changed who holds which local role here: the
    entry names who holds which local roles afterwards."""
    held = "；".join(
        f"{principal}: {'、'.join(roles)}" for principal, roles in obj.get_local_roles()
    )
    record(entries.LOCAL_ROLES_CHANGE, obj, entries.summary(_title(obj), held), once=True)


def _site_language():
    """The site's language — while a site is being set up its record may not exist yet."""
    registry = queryUtility(IRegistry)
    code = registry.get("plone.default_language") if registry is not None else None
    return catalog_language(code)  # Plone's 「zh-cn」 is the catalog 「zh_CN」


def setting_changed(event):
    record_ = event.record
    title = getattr(getattr(record_, "field", None), "title", None) or ""
    if title:  # the label in the site's language, as the control panel shows it
        title = translate(title, target_language=_site_language())
    record(
        entries.SETTINGS_CHANGE,
        None,
        entries.setting_summary(record_.__name__, event.oldValue, event.newValue, title),
    )
