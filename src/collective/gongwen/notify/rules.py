"""What the notification mails say and when they are due (SPEC §15), in plain Python.

Subjects and bodies are composed here from plain values (titles, numbers,
URLs, dates); who receives them lives in ``recipients`` and how they are
sent in ``mail``. The ``sent`` bookkeeping makes the reminder run
idempotent per day: a mail of a kind for a user and document is due only if
not already recorded on that day, and days older than ``KEEP_DAYS`` are
pruned.
"""

import datetime

from collective.gongwen import _

# Days of sent-mail records kept (only today's are read; the rest help support).
KEEP_DAYS = 7

TODO = "todo"
OVERDUE = "overdue"
DIGEST = "digest"

# Who has not chosen gets to-do mails and overdue reminders, not the digest.
DEFAULT_WANTS = {TODO: True, OVERDUE: True, DIGEST: False}
CLASSIFIED_DOCUMENT = _("mail_classified_document", default="（涉密公文，标题不在邮件中显示）")


def preference_name(kind):
    """The member property holding whether a user wants mails of ``kind``."""
    return f"gongwen_mail_{kind}"


def wants_mail(kind, stored):
    """Whether a user wants mails of ``kind``: their ``stored`` choice, else the default."""
    return DEFAULT_WANTS[kind] if stored is None else bool(stored)


def document_label(title, number=None, classified=False):
    """「关于……的通知（长河〔2026〕3号）」; None for a classified document (never mailed)."""
    if classified:
        return None
    title = (title or "").strip()
    return f"{title}（{number}）" if number else title


def todo_subject(label):
    """The subject of a new to-do item."""
    if label is None:
        return _("mail_todo_subject_classified", default="【待办】您有一件新的待办公文")
    return _("mail_todo_subject", default="【待办】${document}", mapping={"document": label})


def overdue_subject(label):
    """The subject of a reminder of a step past its deadline."""
    if label is None:
        return _(
            "mail_overdue_subject_classified", default="【超期提醒】您有一件公文已超过办理时限"
        )
    return _("mail_overdue_subject", default="【超期提醒】${document}", mapping={"document": label})


def remind_subject(label):
    """The subject of a 催办 of the step a person holds (R-I5, R-O12)."""
    if label is None:
        return _("mail_remind_subject_classified", default="【催办】请尽快办理您的一件待办公文")
    return _("mail_remind_subject", default="【催办】${document}", mapping={"document": label})


def digest_subject(count):
    """The subject of the daily digest of ``count`` to-do items."""
    return _(
        "mail_digest_subject",
        default="【每日待办汇总】您有 ${count} 件待办",
        mapping={"count": count},
    )


def todo_body(tr, label, url, step, actor_name, settings_url):
    """The body of a new to-do item; ``tr`` translates a message, the values are text."""
    return lines_text(
        tr,
        [
            _("mail_todo_intro", default="您有一件新的待办公文："),
            "",
            label or CLASSIFIED_DOCUMENT,
            _("mail_step", default="当前环节：${step}", mapping={"step": step}),
            _("mail_actor", default="送交人：${actor}", mapping={"actor": actor_name}),
            _("mail_open", default="办理：${url}", mapping={"url": url}),
            "",
            footer(settings_url),
        ],
    )


def overdue_body(tr, label, url, deadline, settings_url):
    """The body of an overdue reminder; ``deadline`` a date."""
    return lines_text(
        tr,
        [
            _(
                "mail_overdue_intro",
                default="以下公文的办理时限为 ${deadline}，已经超期，请尽快办理：",
                mapping={"deadline": deadline.isoformat()},
            ),
            "",
            label or CLASSIFIED_DOCUMENT,
            _("mail_open", default="办理：${url}", mapping={"url": url}),
            "",
            footer(settings_url),
        ],
    )


def remind_body(tr, label, url, step, actor_name, deadline_text, note):
    """The body of a 催办: who asks, the step and its 办理时限 (text, "" without), the note.

    A 催办 is someone's request, not a notification one can turn off: no
    settings link in its footer.
    """
    lines = [
        _(
            "mail_remind_intro",
            default="${actor}催办您尽快办理以下公文：",
            mapping={"actor": actor_name},
        ),
        "",
        label or CLASSIFIED_DOCUMENT,
        _("mail_step", default="当前环节：${step}", mapping={"step": step}),
    ]
    if deadline_text:
        lines.append(
            _(
                "mail_remind_deadline",
                default="办理时限：${deadline}",
                mapping={"deadline": deadline_text},
            )
        )
    if note:
        lines.append(_("mail_remind_note", default="催办说明：${note}", mapping={"note": note}))
    lines += [
        _("mail_open", default="办理：${url}", mapping={"url": url}),
        "",
        _("mail_remind_footer", default="此邮件由电子公文系统自动发送，请勿回复。"),
    ]
    return lines_text(tr, lines)


def digest_body(tr, items, todo_url, settings_url):
    """The body of the daily digest; ``items`` are ``(label, url, deadline, overdue)``."""
    lines = [_("mail_digest_intro", default="您当前的待办公文："), ""]
    for number, (label, url, deadline, overdue) in enumerate(items, start=1):
        lines.append(f"{number}. {tr(label or CLASSIFIED_DOCUMENT)}")
        if deadline is not None:
            mapping = {"deadline": deadline.isoformat()}
            if overdue:
                line = _(
                    "mail_digest_overdue",
                    default="   办理时限：${deadline}（已超期）",
                    mapping=mapping,
                )
            else:
                line = _(
                    "mail_digest_deadline", default="   办理时限：${deadline}", mapping=mapping
                )
            lines.append(line)
        lines.append(f"   {url}")
    lines += [
        "",
        _("mail_digest_todo", default="我的待办：${url}", mapping={"url": todo_url}),
        "",
        footer(settings_url),
    ]
    return lines_text(tr, lines)


def lines_text(tr, lines):
    """The lines (messages or text), each translated by ``tr``, one per line."""
    return "\n".join(tr(line) for line in lines)


def footer(settings_url):
    """The closing lines: who sends it and where to turn it off."""
    return _(
        "mail_footer",
        default="此邮件由电子公文系统自动发送，请勿回复。\n不想收到此类邮件，可在此设置：${url}",
        mapping={"url": settings_url},
    )


def mail_recipients(user_ids, actor=None, wants=lambda user_id: True):
    """The users of ``user_ids`` to mail, each once, in order: not the actor, only who want it."""
    seen = set()
    chosen = []
    for user_id in user_ids:
        if user_id in seen or user_id == actor:
            continue
        seen.add(user_id)
        if wants(user_id):
            chosen.append(user_id)
    return chosen


def daily_mails_due(now, hour):
    """True once the day's reminders and digest may go out: at or after ``hour`` o'clock."""
    return now.hour >= hour


def is_overdue(deadline, today):
    """True when a step due on ``deadline`` (a date or None) is late on ``today``."""
    return deadline is not None and deadline < today


# --- sent-mail bookkeeping: {"2026-11-25": {("overdue", "user", "uid"), ...}, ...} -----


def mail_key(kind, user_id, document_uid=""):
    """The record of one mail: its kind, its recipient and its document (none for a digest)."""
    return (kind, user_id, document_uid or "")


def already_sent(records, day, key):
    """True when ``key`` was recorded on ``day`` (a date)."""
    return key in records.get(day.isoformat(), ())


def days_to_prune(records, today, keep=KEEP_DAYS):
    """The recorded days (ISO strings) older than ``keep`` days before ``today``."""
    oldest = today - datetime.timedelta(days=keep)
    return sorted(day for day in records if datetime.date.fromisoformat(day) < oldest)
