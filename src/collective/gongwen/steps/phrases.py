"""常用意见 (phrases offered beside the opinion box) as plain Python: cleaning a typed list,
its bounds (``content.bounds.PHRASES``, Chinese messages), what the box offers — the
person's own phrases first, then the unit's, else a few defaults — and who may edit a
unit's (its office: 办公室负责人 and 秘书, besides the system's administrators).

Where they are kept (a member property, a field of the unit) is the glue's,
``steps/browser/phrases.py``.
"""

from collective.gongwen import _
from collective.gongwen.content import bounds

PERSONAL = "personal"
UNIT = "unit"
DEFAULT = "default"

# Offered when neither the person nor the unit has any.
DEFAULT_PHRASES = (
    _("phrase_default_agree", default="同意。"),
    _("phrase_default_propose_agree", default="拟同意，请领导审批。"),
    _("phrase_default_read", default="已阅。"),
    _("phrase_default_by_procedure", default="请按程序办理。"),
    _("phrase_default_handle", default="请认真研究办理。"),
)


def split_lines(text):
    """A textarea's text as its lines (any line ending); "" → []."""
    if not isinstance(text, str):
        return []
    return text.splitlines()


def clean(lines):
    """``lines`` stripped, empty ones and repeats dropped, order kept; non-text entries dropped."""
    found = []
    for line in lines or ():
        if not isinstance(line, str):
            continue
        line = line.strip()
        if line and line not in found:
            found.append(line)
    return found


def phrases_problem(lines, label):
    """The ``Problem`` of a cleaned list over ``bounds.PHRASES`` (too many, one too long);
    else None."""
    bound = bounds.PHRASES
    return bounds.items_problem(lines, bound.max_items, bound.item_max_chars, label)


def offered(personal, unit, defaults=DEFAULT_PHRASES):
    """``[(text, source)]`` for the box: the person's, then the unit's not already offered;
    ``defaults`` (source ``DEFAULT``) when both are empty. Over-long or surplus entries kept
    from an older bound are left out."""
    bound = bounds.PHRASES
    found = []
    seen = set()
    for source, lines in ((PERSONAL, personal), (UNIT, unit)):
        for text in clean(lines)[: bound.max_items]:
            if text not in seen and len(text) <= bound.item_max_chars:
                seen.add(text)
                found.append((text, source))
    if not found:
        found = [(text, DEFAULT) for text in defaults]
    return found


# The unit functions (``org.functions``) whose holders keep the unit's 常用意见.
UNIT_PHRASE_KEEPERS = ("office_heads", "secretaries")


def may_edit_unit_phrases(user_id, keepers, is_admin=False):
    """True when ``user_id`` may edit a unit's 常用意见: one of ``keepers`` (the holders of
    ``UNIT_PHRASE_KEEPERS``), or an administrator."""
    return bool(user_id) and (is_admin or user_id in set(keepers))
