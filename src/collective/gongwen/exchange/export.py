"""The exchange package of a numbered 发文 (R-X3): its metadata, its files, its ZIP.

``@@gongwen-exchange-package`` has a worker build it (``packaging``) from
``package_metadata`` and ``package_items``; ``package_for`` builds the same
in the calling process (scripts, tests). The in-portal delivery
(``actions.sign_for``) takes ``package_metadata`` and ``package_files``. The format
is ``exchange/package.py``'s. A 发文 has a package once it is numbered: it
then has its 发文字号 and its 正式文件 (``typeset.official``).
"""

from collective.gongwen.content.files import attachments_of
from collective.gongwen.content.naming import OFFICIAL_ID
from collective.gongwen.content.naming import official_filename
from collective.gongwen.exchange.package import ATTACHMENT
from collective.gongwen.exchange.package import OFFICIAL
from collective.gongwen.exchange.package import build_package
from collective.gongwen.exchange.package import safe_filename
from collective.gongwen.org.units import find_unit


def official_file(document):
    """The 正式文件 of ``document`` (its file ``official``), or None."""
    return document.get(OFFICIAL_ID) if OFFICIAL_ID in document.objectIds() else None


def has_package(document):
    """True when ``document`` is numbered: it has a 发文字号 and a 正式文件."""
    return bool(getattr(document, "issue_number", None)) and official_file(document) is not None


def package_metadata(document):
    """The metadata of ``document`` as ``exchange.package`` takes it (our keys and tokens)."""
    unit = find_unit(document)

    def get(name, default=None):
        value = getattr(document, name, None)
        return default if value is None else value

    return {
        "title": get("title", ""),
        "issuer": unit.Title() if unit is not None else get("signing_organ", ""),
        "issue_number": get("issue_number", ""),
        "doc_kind": get("doc_kind"),
        "urgency": get("urgency", "normal"),
        "classification": get("classification", "none"),
        "copies": None,
        "written_date": get("written_date"),
        "deadline": get("deadline"),
        "main_recipients": list(get("main_recipients", ())),
        "cc_recipients": list(get("cc_recipients", ())),
        "signer": get("signer", ""),
        "printing_organ": get("printing_organ", ""),
        "printed_date": get("printed_date"),
        "attachment_note": list(get("attachment_note", ())),
    }


def package_items(document):
    """``[(role, file item)]``: the 正式文件, then the 附件 in order."""
    items = [(OFFICIAL, official_file(document))]
    items.extend((ATTACHMENT, item) for item in attachments_of(document))
    return items


def item_filename(item):
    """The name a file goes by in the package: its file name, else its id."""
    return item.file.filename or item.getId()


def package_files(document):
    """``[(role, filename, bytes)]``: the 正式文件, then the 附件 in order."""
    return [(role, item_filename(item), item.file.data) for role, item in package_items(document)]


def package_filename(document):
    """「交换包-长河〔2026〕8号关于……的通知.zip」."""
    name = official_filename(
        {"issue_number": getattr(document, "issue_number", ""), "title": document.Title()}
    )
    return safe_filename(f"交换包-{name[: -len('.pdf')]}.zip")


def package_for(document):
    """``(zip bytes, file name)`` of the exchange package of the numbered ``document``."""
    return build_package(package_metadata(document), package_files(document)), package_filename(
        document
    )
