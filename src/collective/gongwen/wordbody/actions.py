"""The actions on a 发文's Word 正文 (R-D6): the one function per action that the 正文 panel,
REST and scripts call.

``upload_body`` (拟稿: the first version), ``check_out`` (签出编辑: the lock, and the file to
download), ``check_in`` (签入: a new version at the current step, the lock released) and
``cancel_check_out`` (取消签出). Each decides with ``wordbody.rules`` (who may, at which
step), checks the file in the request with ``wordbody.filecheck`` (cheap checks only; the
office suite runs in the workers), stores through ``content.body`` (the file, its version
and its record in one transaction) and queues the version's analysis
(``wordbody.jobs.queue_analyse``: after the commit). A refusal raises ``BodyError`` with
its Chinese message (``BodyLocked`` when someone else holds the lock); nothing is stored.
"""

from plone import api
from zope.event import notify

from collective.gongwen import _
from collective.gongwen.content import body
from collective.gongwen.content.body import BodyError
from collective.gongwen.content.body import BodyLocked
from collective.gongwen.content.classified import is_classified_document
from collective.gongwen.content.settings import setting
from collective.gongwen.content.settings import site_language
from collective.gongwen.interfaces import IGongwenOutgoing
from collective.gongwen.steps import titles
from collective.gongwen.steps.people import principals_of
from collective.gongwen.steps.roles import current_assignees
from collective.gongwen.wordbody import events
from collective.gongwen.wordbody import jobs
from collective.gongwen.wordbody import rules
from collective.gongwen.wordbody.filecheck import check_word_file
from collective.gongwen.wordbody.jobs import queue_analyse
from collective.gongwen.wordbody.reasons import reason_message

__all__ = [
    "BodyError",
    "BodyLocked",
    "cancel_check_out",
    "check_in",
    "check_out",
    "effective_lock",
    "lock_hours",
    "may_edit",
    "upload_body",
]


def lock_hours():
    """How long a check-out holds: 公文设置's hours, bounded 1–72 (``rules.lock_hours``)."""
    return rules.lock_hours(setting("body_lock_hours"))


def _step(document):
    return api.content.get_state(obj=document, default=None)


def holds_step(document, user_id):
    """True when ``user_id`` (or one of their groups) holds the document's current step."""
    return bool(user_id) and rules.holds_step(principals_of(user_id), current_assignees(document))


def edit_refusal(document, user_id):
    """Why ``user_id`` may not check the 正文 out or in now (a message); None if they may.

    Not while a 清稿 is pending (the panel then offers neither 签出编辑 nor 签入)."""
    if not IGongwenOutgoing.providedBy(document):
        return _("error_body_outgoing_only", default="只有发文可以使用 Word 正文。")
    return rules.edit_refusal(
        _step(document),
        holds_step(document, user_id),
        is_classified_document(document),
        body.has_word_body(document),
        cleaning=clean_pending(document),
    )


def upload_refusal(document, user_id):
    """Why ``user_id`` may not upload a Word 正文 now (a message); None if they may."""
    if not IGongwenOutgoing.providedBy(document):
        return _("error_body_outgoing_only", default="只有发文可以使用 Word 正文。")
    refusal = rules.upload_refusal(
        _step(document),
        holds_step(document, user_id),
        is_classified_document(document),
        body.has_word_body(document),
    )
    if refusal is None and body.has_rich_text(document):
        refusal = body.both_bodies_refusal()
    return refusal


def may_edit(document, user_id):
    """True when ``user_id`` may check the 正文 out and in now."""
    return edit_refusal(document, user_id) is None


def may_upload(document, user_id):
    """True when ``user_id`` may upload the first Word 正文 now."""
    return upload_refusal(document, user_id) is None


def effective_lock(document):
    """The check-out lock that holds: unexpired, and its holder still holds the step.

    A holder who handed the document on without checking in no longer blocks the next
    holders (their check-out was for their own step); None when nobody holds a lock.
    """
    lock = body.lock_of(document)
    if lock is None or not holds_step(document, lock["holder"]):
        return None
    return lock


def _refuse(message):
    raise BodyError(message)


def _check_file(data, filename):
    """Refuse (``BodyError``) a file that is not an acceptable Word/WPS/ODT 正文."""
    problem = check_word_file(data, filename)
    if problem is not None:
        code, mapping = problem
        _refuse(reason_message(code, mapping))


def _store(document, data, filename, kind, user_id):
    step = _step(document)
    record = body.put_body(
        document,
        data,
        filename,
        kind,
        user_id,
        step,
        # history, written for everyone: in the site's language, whoever's browser saved it
        titles.step_title(step, api.env.getRequest(), document.portal_type, site_language()),
        actor_name=titles.principal_name(user_id),
    )
    queue_analyse(document, record["version"])
    return record


def upload_body(document, data, filename, user_id):
    """拟稿: store the drafter's Word/WPS/ODT file as the 正文's first version; its record."""
    refusal = upload_refusal(document, user_id)
    if refusal is not None:
        _refuse(refusal)
    _check_file(data, filename)
    record = _store(document, data, filename, body.KIND_UPLOAD, user_id)
    notify(events.BodyUploaded(document, user_id, record))
    return record


def check_out(document, user_id):
    """签出编辑: lock the 正文 for ``user_id`` (``lock_hours``); ``(lock, item)`` — the
    view streams the item's file. ``BodyLocked`` when someone else holds it."""
    refusal = edit_refusal(document, user_id)
    if refusal is not None:
        _refuse(refusal)
    if effective_lock(document) is None:
        body.release_lock(document)  # an expired lock, or one of a former holder
    lock = body.take_lock(document, user_id, titles.principal_name(user_id), lock_hours())
    notify(events.BodyCheckedOut(document, user_id, body.current_record(document), lock))
    return lock, body.body_item(document)


def check_in(document, data, filename, user_id):
    """签入: store the edited file as a new version at the current step; its record.

    By the lock's holder, or by someone who may edit while nobody holds the lock. The
    lock is released. The unchanged file is refused (no empty version).
    """
    refusal = edit_refusal(document, user_id)
    if refusal is not None:
        _refuse(refusal)
    lock = effective_lock(document)
    if lock is not None and lock["holder"] != user_id:
        raise BodyLocked(lock)
    _check_file(data, filename)
    current = body.current_record(document)
    if current is not None and current["sha256"] == body.sha256_of(data):
        _refuse(body.same_file_refusal())
    record = _store(document, data, filename, body.KIND_CHECKIN, user_id)
    body.release_lock(document)
    notify(events.BodyCheckedIn(document, user_id, record))
    return record


def cancel_check_out(document, user_id):
    """取消签出: the holder gives the lock up without a new version."""
    lock = body.lock_of(document)
    if lock is None:
        _refuse(_("error_body_not_checked_out", default="正文未被签出。"))
    if lock["holder"] != user_id:
        raise BodyLocked(lock)
    body.release_lock(document, user_id)
    notify(events.BodyCheckOutCancelled(document, user_id, body.current_record(document), lock))
    return lock


# 清稿 (owner D) ------------------------------------------------------------------------


def clean_refusal(document, user_id):
    """Why ``user_id`` may not have the 正文 清稿'd now (a message); None if they may."""
    if not IGongwenOutgoing.providedBy(document):
        return _("error_body_outgoing_only", default="只有发文可以使用 Word 正文。")
    record = body.current_record(document)
    analysis = (record or {}).get("analysis")
    readable = None if analysis is None else analysis.get("state") == body.ANALYSIS_DONE
    return rules.clean_refusal(
        _step(document),
        holds_step(document, user_id),
        is_classified_document(document),
        record is not None,
        readable,
        body.is_clean(document),
        effective_lock(document) is not None,
    )


def offers_clean(document, user_id):
    """True when ``user_id`` holds a step at which the Word 正文 is 清稿'd (the button shows)."""
    return (
        IGongwenOutgoing.providedBy(document)
        and body.has_word_body(document)
        and _step(document) in rules.CLEAN_STEPS
        and holds_step(document, user_id)
    )


def clean_pending(document):
    """True while a worker is to 清稿 the 正文 (queued or running)."""
    return jobs.clean_pending(document)


def clean_failure(document):
    """Why the last 清稿 made no clean version (Chinese text), or None."""
    return jobs.clean_failure(document)


def request_clean(document, user_id):
    """清稿: have a worker accept every tracked change of the 正文 and remove its comments.

    The print room at 登记编号 (``rules.clean_refusal``), once the current version has been
    read. The worker's job (``wordbody.jobs.queue_clean``) stores the clean file as a new
    version of kind 清稿 in ``user_id``'s name, with its analysis and the 套红 HTML, in one
    transaction — the version record is the history of it (版本记录; the audit trail's
    「申请清稿」 now and 「清稿」 then, ``wordbody.events``). Returns True when asked now,
    False when one is already under way.
    """
    if clean_pending(document):
        return False
    refusal = clean_refusal(document, user_id)
    if refusal is not None:
        _refuse(refusal)
    jobs.queue_clean(document, user_id)
    notify(events.BodyCleanRequested(document, user_id, body.current_record(document)))
    return True
