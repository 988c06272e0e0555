"""Plone glue: a 发文 (and its unit's 发文机关标志) read into the plain dict ``layout`` takes."""

from collective.gongwen.content.vocabularies import title_of
from collective.gongwen.org.units import find_unit
from collective.gongwen.typeset import rules


def _html(value):
    if value is None:
        return ""
    output = getattr(value, "output", None)
    return output if output is not None else str(value)


def official_fields(document):
    """The fields of the official PDF of the 发文 ``document`` (see ``typeset.layout``)."""
    unit = find_unit(document)

    def get(name, default=None):
        value = getattr(document, name, default)
        return default if value is None else value

    return {
        "issuer_mark": (getattr(unit, "issuer_mark", "") or "") if unit is not None else "",
        "format": rules.doc_kind_format(get("doc_kind", "")),
        "issue_number": get("issue_number", ""),
        "direction": get("direction", "downward"),
        "doc_kind": title_of("doc_kind", get("doc_kind", "")),
        "signer": get("signer", ""),
        "signer_title": get("signer_title", ""),
        "copy_number": get("copy_number", ""),
        "classification": title_of("classification", get("classification", "none")),
        "secrecy_period": get("secrecy_period", ""),
        "urgency": title_of("urgency", get("urgency", "normal")),
        "title": get("title", ""),
        "main_recipients": list(get("main_recipients", ())),
        "text": _html(get("text")),
        "attachment_note": list(get("attachment_note", ())),
        "signing_organ": get("signing_organ", ""),
        "written_date": get("written_date"),
        "remarks": get("remarks", ""),
        "cc_recipients": list(get("cc_recipients", ())),
        "printing_organ": get("printing_organ", ""),
        "printed_date": get("printed_date"),
        "attendees": list(get("attendees", ())),
        "absent": list(get("absent", ())),
        "observers": list(get("observers", ())),
    }
