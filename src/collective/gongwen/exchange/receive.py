"""Receiving a 发文 as a 收文 (R-X1, R-X3), and the Chinese words for refused packages.

``create_incoming`` registers the document another unit sent — from an
exchange package imported by hand (``browser/package.py``) or from a
delivery signed for on this portal (签收) — in the receiving unit's 收文
folder, pre-filled, at ``registered`` like one the secretaries type in
(the registration subscribers issue its 收文编号). It refuses what may
never be stored (a classified document, R-D3: logged too) and a 来文 the unit has
already registered (R-I1), with a Chinese message.

``PACKAGE_MESSAGES`` holds the message of each ``PackageError`` code of
``exchange/package.py``.
"""

import datetime

from plone.dexterity.utils import createContentInContainer
from zExceptions import BadRequest
from zope.globalrequest import getRequest
from zope.i18n import translate
from zope.i18nmessageid import Message

from collective.gongwen import _
from collective.gongwen.content.classified import log_refusal
from collective.gongwen.content.files import ATTACHMENT
from collective.gongwen.content.files import ORIGINAL
from collective.gongwen.content.files import ORIGINAL_ID
from collective.gongwen.content.files import add_file
from collective.gongwen.exchange.package import OFFICIAL
from collective.gongwen.incoming.registration import duplicate_message
from collective.gongwen.incoming.registration import find_registered

INCOMING_FOLDER = "incoming"
UNCLASSIFIED = "none"

PACKAGE_MESSAGES = {
    "not_zip": _("package_not_zip", default="上传的文件不是有效的交换包（ZIP 文件）。"),
    "too_many_members": _(
        "package_too_many_members",
        default="交换包中的文件过多（${count} 个，上限 ${limit} 个），已拒绝。",
    ),
    "unsafe_name": _(
        "package_unsafe_name",
        default="交换包中的文件名「${name}」不安全（绝对路径、「..」、反斜杠或盘符），已拒绝。",
    ),
    "symlink": _("package_symlink", default="交换包中的「${name}」是符号链接，已拒绝。"),
    "encrypted": _("package_encrypted", default="交换包中的文件「${name}」已加密，无法读取。"),
    "duplicate_member": _(
        "package_duplicate_member", default="交换包中有重复的文件「${name}」，已拒绝。"
    ),
    "metadata_missing": _(
        "package_metadata_missing", default="交换包中没有元数据文件 metadata.xml。"
    ),
    "bad_xml": _(
        "package_bad_xml", default="交换包的元数据 metadata.xml 不是格式正确的 XML：${detail}"
    ),
    "xml_doctype": _(
        "package_xml_doctype",
        default="交换包的元数据含有文档类型定义或实体声明（DOCTYPE、ENTITY），出于安全考虑已拒绝。",
    ),
    "missing_element": _(
        "package_missing_element", default="交换包的元数据缺少必填项「${element}」。"
    ),
    "bad_value": _(
        "package_bad_value", default="交换包的元数据中「${element}」的值「${value}」无法识别。"
    ),
    "file_missing": _(
        "package_file_missing", default="交换包的元数据列出的文件「${name}」不在包中。"
    ),
    "member_unlisted": _(
        "package_member_unlisted", default="交换包中的文件「${name}」未在元数据中列出，已拒绝。"
    ),
    "file_too_large": _(
        "package_file_too_large",
        default="交换包中的文件「${name}」大小为 ${size}，超过单个文件上限 ${limit}。",
    ),
    "package_too_large": _(
        "package_too_large", default="交换包解压后共 ${size}，超过上限 ${limit}。"
    ),
    "compression_ratio": _(
        "package_compression_ratio",
        default="交换包中的文件「${name}」压缩比异常（${ratio} 倍），可能是恶意构造的，已拒绝。",
    ),
    "size_mismatch": _(
        "package_size_mismatch",
        default="交换包中的文件「${name}」的实际大小与记录不符，文件可能已损坏或被改动。",
    ),
    "checksum_mismatch": _(
        "package_checksum_mismatch",
        default="交换包中的文件「${name}」校验值不符，文件可能已损坏或被改动。",
    ),
    "file_type_not_accepted": _(
        "package_file_type_not_accepted",
        default="交换包中的文件「${name}」的扩展名 ${extension} 不是可接受的格式，已拒绝。",
    ),
    "file_type_mismatch": _(
        "package_file_type_mismatch",
        default="交换包中的文件「${name}」的实际内容是${actual}，"
        "与扩展名 ${extension} 不符，已拒绝。",
    ),
    "corrupt_member": _(
        "package_corrupt_member", default="交换包中的文件「${name}」已损坏，无法解压。"
    ),
    "no_official": _("package_no_official", default="交换包中没有正式文件（PDF）。"),
    "over_bound": _("package_over_bound", default="交换包的元数据超出限制：${problem}"),
    "several_official": _(
        "package_several_official", default="交换包中有 ${count} 个正式文件，只能有一个。"
    ),
}


def package_error_message(error):
    """The translatable Chinese message of the ``PackageError`` ``error``."""
    message = PACKAGE_MESSAGES.get(error.code) or PACKAGE_MESSAGES["not_zip"]
    return Message(message, mapping={key: str(value) for key, value in error.mapping.items()})


class ExchangeRefused(BadRequest):
    """The document may not be registered; ``message`` says why (translatable).

    A BadRequest: left uncaught it is a 400 with the Chinese text.
    """

    def __init__(self, message):
        self.message = message
        super().__init__(translate(message, context=getRequest()))


def classified_refusal():
    """「涉密公文不得通过本系统交换。」 (R-D3)."""
    return _("exchange_classified_refused", default="涉密公文不得通过本系统交换。")


def refused_attempt(metadata, classification):
    """What a refused classified 来文 was, for the log: short, on one line."""
    described = " ".join(
        str(metadata.get(key) or "")[:100] for key in ("issuer", "issue_number", "title")
    )
    described = " ".join(described.split())
    return f"register classified document ({str(classification)[:20]!r}): {described!r}"


def create_incoming(unit, metadata, files):
    """Register the 发文 described by ``metadata`` and ``files`` as a 收文 of ``unit``; return it.

    ``metadata`` has the keys of ``exchange.package`` (title, issuer,
    issue_number, doc_kind, urgency, classification, copies, written_date,
    deadline, …) with our tokens; ``files`` is ``[(role, filename, bytes)]``
    with roles ``"official"`` (becomes the 来文原件) and ``"attachment"``.
    Raises ``ExchangeRefused`` for a classified document or a 来文 already
    registered in ``unit``; it is created by the current user, who needs
    the right to add a 收文 there (the unit's secretaries).
    """
    container = unit[INCOMING_FOLDER]
    classification = metadata.get("classification") or UNCLASSIFIED
    if classification != UNCLASSIFIED:
        # R-D3: refused and logged like every other attempt (package import, 签收)
        log_refusal(container, refused_attempt(metadata, classification))
        raise ExchangeRefused(classified_refusal())
    issuer = (metadata.get("issuer") or "").strip()
    issue_number = (metadata.get("issue_number") or "").strip()
    found = find_registered(container, issuer, issue_number)
    if found is not None:
        raise ExchangeRefused(duplicate_message(found))
    values = {
        "title": (metadata.get("title") or "").strip(),
        "source_organ": issuer,
        "source_number": issue_number,
        "received_date": datetime.date.today(),
        "copies": metadata.get("copies") or 1,
        "urgency": metadata.get("urgency") or "normal",
        "classification": UNCLASSIFIED,
    }
    if metadata.get("doc_kind"):
        values["doc_kind"] = metadata["doc_kind"]
    if metadata.get("deadline"):
        values["deadline"] = metadata["deadline"]
    # Named from its title before it is added, as the add form does (plone.api would add it
    # under a random id and rename it: an unindex of a path never indexed, logged as an error).
    document = createContentInContainer(
        container, "gongwen_incoming", checkConstraints=True, **values
    )
    for role, filename, data in sorted(files, key=lambda file: file[0] != OFFICIAL):
        if role == OFFICIAL:
            add_file(document, data, filename, role=ORIGINAL, id=ORIGINAL_ID)
        else:
            add_file(document, data, filename, role=ATTACHMENT)
    return document
