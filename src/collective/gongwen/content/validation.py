"""The document rules as schema invariants: thin glue over ``rules``.

Each invariant reads the values it needs from ``data`` (the object itself, or
z3c.form's / plone.restapi's ``Data`` view of submitted values over the
object) and raises ``Invalid`` with the translated Chinese messages. Reading a
value the form did not submit raises ``NoInputData``, which z3c.form ignores;
``forms.DocumentFormMixin`` therefore runs the invariants once on all
fieldsets' data together. plone.restapi runs them on create and update, so a
bad POST/PATCH gets a 400 with the same messages.
"""

from plone.dexterity.interfaces import IDexterityContent
from plone.dexterity.utils import iterSchemata
from zope.globalrequest import getRequest
from zope.i18n import translate
from zope.interface import Invalid

from collective.gongwen import _
from collective.gongwen.content import rules
from collective.gongwen.content.body import has_word_body
from collective.gongwen.content.body import rich_text_refusal
from collective.gongwen.content.containers import find_unit
from collective.gongwen.content.containers import subordinate_units


def message(problem):
    """The i18n message of a ``rules.Problem``."""
    return _(problem.msgid, default=problem.default, mapping=problem.mapping)


def raise_problems(problems):
    """Raise one ``Invalid`` carrying every problem's translated message, if any."""
    if problems:
        request = getRequest()
        raise Invalid("".join(translate(message(p), context=request) for p in problems))


def context_of(data):
    """The object (or, on an add form, the container) the data belongs to."""
    context = getattr(data, "gongwen_context", None)
    if context is None:
        context = getattr(data, "__context__", data)
    return context


def _value(data, name, default=None):
    """``data.name``, else the document's own value, else ``default`` (no such field).

    ``data`` holds one schema's values when z3c.form or plone.restapi
    validates that schema alone; a rule also reading a field of another
    block (``blocks.py``) or of the type's schema then reads it from the
    document (plone.restapi has set every submitted value on it before it
    validates). On an add form there is no document yet: ``default``.
    """
    try:
        return getattr(data, name)
    except AttributeError:
        pass
    document = getattr(data, "__context__", None)
    if IDexterityContent.providedBy(document) and any(
        name in schema for schema in iterSchemata(document)
    ):
        return getattr(document, name, default)
    return default


def r_d1_request_has_one_recipient(data):
    """R-D1: 请示 has exactly one 主送机关."""
    doc_kind = _value(data, "doc_kind")
    raise_problems(rules.request_recipient_problems(doc_kind, data.main_recipients))


def subordinate_unit_names(context):
    """Titles of the subordinate units of the unit ``context`` belongs to ([] outside units)."""
    unit = find_unit(context) if context is not None else None
    if unit is None:
        return []
    return [sub.Title() for sub in subordinate_units(unit)]


def r_d1_upward_copies_no_subordinate(data):
    """R-D1: an upward document's 抄送 names no subordinate unit of its unit."""
    direction, cc_recipients = data.direction, data.cc_recipients
    if direction != rules.UPWARD or not cc_recipients:
        return
    names = subordinate_unit_names(context_of(data))
    raise_problems(rules.upward_cc_problems(direction, cc_recipients, names))


def r_d2_urgent_has_deadline(data):
    """R-D2: 加急/特急 require 办理时限."""
    raise_problems(rules.urgency_deadline_problems(data.urgency, data.deadline))


def r_d3_classified_is_register_only(data):
    """R-D3: a classified document has 份号 and 保密期限, no body, no file, no publication."""
    classification = data.classification
    if not rules.is_classified(classification):
        return
    text = _value(data, "text")
    has_body = bool(rules.plain_text(getattr(text, "raw", None) or ""))
    original = _value(data, "original_file")
    file_names = [getattr(original, "filename", None) or "来文原件"] if original else []
    published = bool(_value(data, "publish_to_front_page", False))
    problems = rules.classified_problems(
        classification,
        data.copy_number,
        data.secrecy_period,
        has_body,
        file_names,
        published,
    )
    if has_body or file_names or published:
        from collective.gongwen.content.classified import log_refusal

        attempted = [
            what
            for what, present in (("body", has_body), ("file", file_names), ("publish", published))
            if present
        ]
        log_refusal(context_of(data), "+".join(attempted) + " (form/REST validation)")
    raise_problems(problems)


def r_d6_one_kind_of_body(data):
    """R-D6: a 发文 with a Word 正文 has no rich-text 正文 beside it (``content.body``)."""
    text = _value(data, "text")
    if not rules.plain_text(getattr(text, "raw", None) or ""):
        return
    document = context_of(data)
    if document is not None and has_word_body(document):
        raise Invalid(translate(rich_text_refusal(), context=getRequest()))
