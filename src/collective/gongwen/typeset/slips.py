"""The processing slips (R-T2) as PDFs: 发文稿纸 of a 发文, 来文处理单 of a 收文.

``pdf.render_slip_pdf(fields)`` renders the plain dict of ``slip_layout``
with WeasyPrint; ``slip_fields_outgoing`` / ``slip_fields_incoming`` are the Plone
glue reading a document and its opinion records into that dict (names of
people and departments, titles of steps and actions, in Chinese).
"""

from Acquisition import aq_base
from plone.app.uuid.utils import uuidToObject

from collective.gongwen.content import body
from collective.gongwen.content.vocabularies import title_of
from collective.gongwen.incoming import rules as incoming_rules
from collective.gongwen.org.units import find_unit
from collective.gongwen.routing import rules as routing_rules
from collective.gongwen.routing.people import drafter_id
from collective.gongwen.routing.people import drafting_department
from collective.gongwen.steps.opinions import last_signature
from collective.gongwen.steps.opinions import opinions
from collective.gongwen.steps.titles import action_title
from collective.gongwen.steps.titles import principal_name
from collective.gongwen.steps.titles import step_title
from collective.gongwen.typeset.slip_layout import INCOMING
from collective.gongwen.typeset.slip_layout import OUTGOING

# --- Plone glue ------------------------------------------------------------------------


def _get(document, name, default=None):
    value = getattr(aq_base(document), name, default)
    return default if value is None else value


def _unit_title(document):
    unit = find_unit(document)
    return unit.Title() if unit is not None else ""


def _department_title(uid):
    if not uid:
        return ""

    department = uuidToObject(uid, unrestricted=True)
    return department.Title() if department is not None else ""


def _default(titles, key):
    """The Chinese default of ``titles[key]`` (a message or a string), else ``key``."""
    title = titles.get(key)
    if title is None:
        return key
    return str(getattr(title, "default", None) or title)


def _outgoing_step(step, request, portal_type):
    if request is None:
        return _default(routing_rules.STEP_TITLES, step)
    return step_title(step, request, portal_type)


def _incoming_step(step, request, portal_type):
    if request is None:
        return _default(incoming_rules.STEP_TITLES, step)
    return step_title(step, request, portal_type)


def _opinion_dicts(document, request, step_title_of):
    """The opinion records of ``document`` as ``slip_layout``'s dicts: names and titles."""
    names = {}

    def name(principal_id):
        if not principal_id:
            return ""
        if principal_id not in names:
            names[principal_id] = principal_name(principal_id)
        return names[principal_id]

    result = []
    for record in opinions(document):
        result.append(
            {
                "step": record.step,
                "step_title": step_title_of(record.step, request, document.portal_type),
                "action": record.action,
                "action_title": action_title(record.action, request),
                "actor": name(record.actor),
                "on_behalf_of": name(record.on_behalf_of),
                "text": record.text,
                "time": record.time,
                "round": record.round,
                "subject": record.subject,
            }
        )
    return result


def word_body_version(document):
    """The Word 正文 version the 发文稿纸 names (R-D6): the one signed in the current round,
    else the current one; None for a rich-text 正文."""
    signed = last_signature(document) is not None
    record = body.signed_record(document) if signed else None
    if record is None:
        record, signed = body.current_record(document), False
    if record is None:
        return None
    return {
        "number": record.get("number"),
        "filename": record.get("filename") or "",
        "sha256": record.get("sha256") or "",
        "signed": signed,
    }


def slip_fields_outgoing(document, request=None):
    """The 发文稿纸 of the 发文 ``document`` as ``slip_layout``'s plain dict.

    Titles are translated for ``request`` when given, else their Chinese
    defaults print (the slip is an archival form).
    """
    department = drafting_department(document)
    drafter = _get(document, "drafter", "")
    if not drafter:
        drafter_user = drafter_id(document)
        drafter = principal_name(drafter_user) if drafter_user else ""
    return {
        "kind": OUTGOING,
        "unit_title": _unit_title(document),
        "drafting_department": department.Title() if department is not None else "",
        "drafter": drafter,
        "issue_number": _get(document, "issue_number", ""),
        "doc_kind": title_of("doc_kind", _get(document, "doc_kind", "")),
        "classification": title_of("classification", _get(document, "classification", "none")),
        "secrecy_period": _get(document, "secrecy_period", ""),
        "urgency": title_of("urgency", _get(document, "urgency", "normal")),
        "main_recipients": list(_get(document, "main_recipients", ())),
        "cc_recipients": list(_get(document, "cc_recipients", ())),
        "title": document.Title(),
        "attachment_note": list(_get(document, "attachment_note", ())),
        "word_body": word_body_version(document),
        "opinions": _opinion_dicts(document, request, _outgoing_step),
    }


def slip_fields_incoming(document, request=None):
    """The 来文处理单 of the 收文 ``document`` as ``slip_layout``'s plain dict."""
    departments = [
        {"uid": uid, "title": _department_title(uid)}
        for uid in _get(document, "handling_departments", ())
    ]
    return {
        "kind": INCOMING,
        "unit_title": _unit_title(document),
        "source_organ": _get(document, "source_organ", ""),
        "source_number": _get(document, "source_number", ""),
        "receipt_number": _get(document, "receipt_number", ""),
        "received_date": _get(document, "received_date"),
        "title": document.Title(),
        "doc_kind": title_of("doc_kind", _get(document, "doc_kind", "")),
        "urgency": title_of("urgency", _get(document, "urgency", "normal")),
        "classification": title_of("classification", _get(document, "classification", "none")),
        "secrecy_period": _get(document, "secrecy_period", ""),
        "copies": _get(document, "copies"),
        "deadline": _get(document, "deadline"),
        "proposal": _get(document, "proposal", ""),
        "departments": departments,
        "opinions": _opinion_dicts(document, request, _incoming_step),
    }
