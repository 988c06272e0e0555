"""The document rules R-D1…R-D5 (SPEC §3) as plain Python.

No Zope import here: every function takes plain values (strings, lists,
booleans) and returns a list of ``Problem`` — a ``str`` holding the Chinese
message, which also carries an ASCII msgid, its Chinese default and the
mapping, so the Plone glue (``content/validation.py``,
``content/submission.py``) can hand it to the translation machinery. An empty
list means the rule is satisfied.
"""

import re
import unicodedata
from string import Template

CLASSIFIED = frozenset({"secret", "confidential", "top_secret"})
URGENT = frozenset({"urgent", "very_urgent"})
REQUEST_KIND = "request"
UPWARD = "upward"

# Names a drafter gives the body when adding it as a file (第十一条 forbids it).
BODY_NAMES = frozenset({"正文", "公文正文", "正文稿", "文件正文", "定稿", "正式文件"})

# "附件：1. 名称" / "2．名称" / "（3）名称" / "4、名称" — the label and numbering of a
# 附件说明 line (GB/T 9704-2012 7.3.4) are not part of the attachment's name.
_NOTE_LABEL = re.compile(r"^附件\s*[:：]?\s*")
_NOTE_NUMBER = re.compile(r"^(?:\d+\s*[.．、]|[（(]\s*\d+\s*[)）])\s*")
_TRAILING_PUNCTUATION = "。．.，,；;：:、 "
_FILE_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,5}$")
_TAG = re.compile(r"<[^>]+>")


class Problem(str):
    """A problem message: the Chinese text, plus what translation needs."""

    def __new__(cls, msgid, default, mapping=None):
        mapping = mapping or {}
        self = super().__new__(cls, Template(default).safe_substitute(mapping))
        self.msgid = msgid
        self.default = default
        self.mapping = mapping
        return self


# Spelled like a message factory so that i18ndude lists the messages in the .pot.
_ = Problem


def _listed(values):
    return "、".join(values)


def normalized_name(name):
    """``name`` compared the way people read it: NFKC, no spaces, no 《》, no trailing dot."""
    text = unicodedata.normalize("NFKC", name or "")
    text = re.sub(r"\s+", "", text).strip("《》<>\"'“”")
    return text.rstrip(_TRAILING_PUNCTUATION)


def plain_text(html):
    """The text of an HTML fragment (tags and whitespace removed), for emptiness tests."""
    text = _TAG.sub("", html or "").replace("&nbsp;", "")
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


# R-D1 ---------------------------------------------------------------------


def request_recipient_problems(doc_kind, main_recipients):
    """R-D1: a 请示 has exactly one 主送机关 (一文一事, 只主送一个上级机关)."""
    recipients = [name for name in (main_recipients or ()) if name and name.strip()]
    if doc_kind != REQUEST_KIND or len(recipients) == 1:
        return []
    return [
        _(
            "problem_request_one_recipient",
            default="请示只能主送一个机关（现有 ${count} 个）。",
            mapping={"count": str(len(recipients))},
        )
    ]


def upward_cc_problems(direction, cc_recipients, subordinate_names):
    """R-D1: an upward (上行) document copies no subordinate unit of its drafting unit."""
    if direction != UPWARD:
        return []
    subordinates = {normalized_name(name) for name in subordinate_names or ()}
    found = [name for name in cc_recipients or () if normalized_name(name) in subordinates]
    if not found:
        return []
    return [
        _(
            "problem_upward_cc_subordinate",
            default="上行文不得抄送下级机关：${names}。",
            mapping={"names": _listed(found)},
        )
    ]


# R-D2 ---------------------------------------------------------------------


def urgency_deadline_problems(urgency, deadline):
    """R-D2: 加急/特急 documents need a 办理时限."""
    if urgency in URGENT and not deadline:
        return [_("problem_urgent_needs_deadline", default="加急、特急公文必须填写办理时限。")]
    return []


# R-D3 ---------------------------------------------------------------------


def is_classified(classification):
    """True for 秘密/机密/绝密 (第二条: such content never lives on this system)."""
    return classification in CLASSIFIED


def classified_problems(
    classification, copy_number, secrecy_period, has_body, file_names=(), published=False
):
    """R-D3: a classified document is a register entry only.

    份号 and 保密期限 are required; a body, files (``file_names``: the original
    file, attachments, anything inside) and publication are refused.
    """
    if not is_classified(classification):
        return []
    problems = []
    if not (copy_number or "").strip():
        problems.append(_("problem_classified_copy_number", default="涉密公文必须填写份号。"))
    if not (secrecy_period or "").strip():
        problems.append(_("problem_classified_period", default="涉密公文必须填写保密期限。"))
    if has_body:
        problems.append(
            _(
                "problem_classified_body",
                default="涉密公文不得在本系统录入正文（第二条），只能登记目录信息。",
            )
        )
    if file_names:
        problems.append(
            _(
                "problem_classified_files",
                default="涉密公文不得在本系统上传文件或附件（第二条）：${names}。",
                mapping={"names": _listed(file_names)},
            )
        )
    if published:
        problems.append(_("problem_classified_published", default="涉密公文严禁发布（第二条）。"))
    return problems


# R-D4 ---------------------------------------------------------------------


def note_names(attachment_note):
    """The attachment names a 附件说明 lists, in order (label, numbers and punctuation removed)."""
    if isinstance(attachment_note, str):
        attachment_note = attachment_note.splitlines()
    names = []
    for line in attachment_note or ():
        text = _NOTE_NUMBER.sub("", _NOTE_LABEL.sub("", line.strip()))
        text = text.strip().rstrip(_TRAILING_PUNCTUATION)
        if text:
            names.append(text)
    return names


def attachment_name(title, filename=""):
    """The name an attachment goes by: its title, else its file name without extension.

    A title that is only the file name (Plone fills it in on upload) counts
    as no title.
    """
    title, filename = (title or "").strip(), (filename or "").strip()
    if title and title != filename:
        return title
    return _FILE_EXTENSION.sub("", filename)


def is_body_copy(name, document_title, body_html="", attachment_text=""):
    """True if an attachment looks like the document's own body (第十一条 forbids adding it).

    The heuristic: the attachment is named like the document (its title,
    with or without 《》 or an extension) or like a body ("正文", "定稿"…),
    or its readable text equals the body's text.
    """
    own = normalized_name(_FILE_EXTENSION.sub("", name or ""))
    if own and (own == normalized_name(document_title) or own in BODY_NAMES):
        return True
    body = plain_text(body_html)
    return bool(body) and plain_text(attachment_text) == body


def body_copy_problems(name, document_title, body_html="", attachment_text=""):
    """R-D4 (第十一条): the body itself may not be an attachment — checked when one is added
    (``content/submission.py``) and again before submission."""
    if not is_body_copy(name, document_title, body_html, attachment_text):
        return []
    return [
        _(
            "problem_body_as_attachment",
            default="不可将正文作为附件添加（第十一条）：${name}。",
            mapping={"name": name},
        )
    ]


def attachment_note_problems(attachment_note, attachments, document_title="", body_html=""):
    """R-D4: the 附件说明 matches the attachments actually added — count, names, order.

    ``attachments`` is a list of ``(name, text)`` pairs in folder order, where
    ``text`` is the attachment's readable text when known (else "").
    """
    problems = []
    listed = note_names(attachment_note)
    names = [name for name, _text in attachments]
    for name, text in attachments:
        problems += body_copy_problems(name, document_title, body_html, text)
    wanted = [normalized_name(name) for name in listed]
    present = [normalized_name(name) for name in names]
    missing = [name for name, key in zip(listed, wanted, strict=True) if key not in present]
    extra = [name for name, key in zip(names, present, strict=True) if key not in wanted]
    if len(listed) != len(names):
        problems.append(
            _(
                "problem_attachment_count",
                default="附件说明列出 ${listed} 个附件，实际添加了 ${added} 个。",
                mapping={"listed": str(len(listed)), "added": str(len(names))},
            )
        )
    if missing:
        problems.append(
            _(
                "problem_attachment_missing",
                default="附件说明中的附件未添加：${names}。",
                mapping={"names": _listed(missing)},
            )
        )
    if extra:
        problems.append(
            _(
                "problem_attachment_extra",
                default="已添加的附件未列入附件说明：${names}。",
                mapping={"names": _listed(extra)},
            )
        )
    if not missing and not extra and wanted != present:
        problems.append(
            _(
                "problem_attachment_order",
                default="附件顺序与附件说明不一致，应为：${names}。",
                mapping={"names": _listed(listed)},
            )
        )
    return problems


def classified_not_submitted():
    """R-D3: a classified register entry never goes through the electronic workflow."""
    return [
        _(
            "problem_classified_not_submitted",
            default="涉密公文只作登记，不在本系统运转（第二条）。",
        )
    ]


# R-D5 ---------------------------------------------------------------------


def body_problems(body_html):
    """R-D5: no submission without the electronic body (第九条)."""
    if plain_text(body_html):
        return []
    return [_("problem_body_missing", default="尚未录入电子正文，不能提交（第九条）。")]


def clean_names(names):
    """主送/抄送 names without blanks and surrounding spaces, in order, each once."""
    seen, result = set(), []
    for name in names or ():
        name = (name or "").strip()
        if name and name not in seen:
            seen.add(name)
            result.append(name)
    return result


def has_main_recipient(document):
    """True when ``document`` names at least one 主送机关 (R-O10: it can be sent)."""
    return bool(clean_names(getattr(document, "main_recipients", None)))
