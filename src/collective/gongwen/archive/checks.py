"""四性检测 (DA/T 70-2018): authenticity, integrity, usability and security of an archived item.

Plain Python, run inside the workers (``archive`` and ``check`` jobs, transfer). The caller
fetches each file of the item to a local path and describes it with a ``FileSample``;
``check_item`` checks them with the item's ``metadata`` and returns an ``ItemResult``: the
manifest entries (size, SHA-256, SM3) to keep with the 归档章 data and the problems found,
each naming the item, the file and what is wrong, in Chinese. ``check_sequence`` checks that
the 件号 of a year's items leave no gap.

The four checks (``CHECKS``):

* 真实性 ``authenticity``: fixity (``fixity``): SHA-256 and SM3 of every file; when the
  stored manifest entry is given (``FileSample.expected``: re-check of an archived item,
  transfer), a different size or digest names the file. The metadata matches the content:
  the content is what the file name and the declared type say (``content.filetypes``), and
  the typeset PDF (正式文件) carries the document's title and 文号 in its text.
* 完整性 ``integrity``: the metadata are complete and in range (归档章 data by
  ``rules``; title, 文种, 成文日期 and 文号 of a 发文; 收文日期 and 收文编号 of a 收文),
  the item has its files (a 发文 its 正式文件 and 发文稿纸, a 收文 its 来文处理单), every
  file of the manifest is there, and the 件内顺序号 of its files run 1, 2, 3 … without gap.
* 可用性 ``usability``: every file opens, is not encrypted and is of a known format
  (``probe``).
* 安全性 ``security``: no virus (``clamav``). ``scan`` is a callable ``scan(path) -> None |
  signature`` that raises ``clamav.ScanUnavailable`` when it cannot give a verdict; no
  verdict, or no scanner at all, fails the check with the reason.

A check passes for an item when it found no problem (``ItemResult.outcomes``).

``metadata`` keys: ``kind`` (``outgoing``/``incoming``), ``title``, ``doc_kind``,
``issue_number``, ``written_date`` (发文), ``receipt_number``, ``received_date`` (收文),
the 归档章 fields of ``record.FIELDS`` (``fonds_number``, ``category``, ``year``,
``retention``, ``organ_code``, ``item_number``, ``archival_code``; ``item_number`` and
``archival_code`` are checked once given — before 归档 there is no 件号 yet), and ``uid``
and ``path`` of the document for the report. Dates are ``datetime.date`` or ISO text.
"""

import datetime
import unicodedata
from dataclasses import dataclass
from dataclasses import field
from string import Template

from zope.i18nmessageid import Message

from collective.gongwen import _
from collective.gongwen.archive import fixity
from collective.gongwen.archive import probe
from collective.gongwen.archive import rules
from collective.gongwen.archive.clamav import ScanUnavailable
from collective.gongwen.content import filetypes
from collective.gongwen.content.bounds import DEFAULT_TITLE_MAX
from collective.gongwen.content.bounds import FIRST_YEAR
from collective.gongwen.content.bounds import LAST_YEAR
from collective.gongwen.content.vocabularies import DOC_KINDS
from collective.gongwen.content.vocabularies import title_of

AUTHENTICITY = "authenticity"
INTEGRITY = "integrity"
USABILITY = "usability"
SECURITY = "security"
CHECKS = (AUTHENTICITY, INTEGRITY, USABILITY, SECURITY)
CHECK_TITLES = {
    AUTHENTICITY: _("archive_check_authenticity", default="真实性"),
    INTEGRITY: _("archive_check_integrity", default="完整性"),
    USABILITY: _("archive_check_usability", default="可用性"),
    SECURITY: _("archive_check_security", default="安全性"),
}

OUTGOING = "outgoing"
INCOMING = "incoming"
# The files an item must have, by kind: (role, its Chinese name).
REQUIRED_FILES = {
    OUTGOING: (("typeset", "正式文件"), ("slip", "发文稿纸")),
    INCOMING: (("slip", "来文处理单"),),
}
# Declared MIME type → the kinds (by content) it may be; other types are not compared.
DECLARED_KINDS = {
    "application/pdf": {"pdf"},
    "application/ofd": {"ofd"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {"docx"},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"xlsx"},
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": {"pptx"},
    "application/vnd.oasis.opendocument.text": {"odt"},
    "application/vnd.oasis.opendocument.spreadsheet": {"ods"},
    "application/vnd.oasis.opendocument.presentation": {"odp"},
    "application/msword": set(filetypes.WORD_LIKE),
    "application/vnd.ms-excel": set(filetypes.SHEET_LIKE),
    "application/vnd.ms-powerpoint": set(filetypes.OLE2_KINDS | {"pptx"}),
    "application/rtf": set(filetypes.WORD_LIKE),
    "text/rtf": set(filetypes.WORD_LIKE),
    "text/plain": {"text"},
    "text/xml": {"text"},
    "application/xml": {"text"},
    **{f"image/{name}": set(filetypes.IMAGE_KINDS) for name in ("png", "jpeg", "tiff", "gif")},
    "image/bmp": set(filetypes.IMAGE_KINDS),
}
TYPESET_ROLE = "typeset"

# Usability problems of ``probe`` → their messages.
USABILITY_MESSAGES = {
    "empty": _("archive_check_empty", default="文件为空（0 字节）。"),
    "unknown_format": _(
        "archive_check_unknown_format",
        default="文件格式不明或不宜长期保存（内容为${kind}）。",
    ),
    "encrypted": _("archive_check_encrypted", default="文件已加密，打开需要密码。"),
    "corrupt": _("archive_check_corrupt", default="文件无法打开：${detail}"),
    "timeout": _("archive_check_timeout", default="检查文件超过 ${seconds} 秒仍未完成。"),
}


@dataclass(frozen=True)
class FileSample:
    """One file (one version) of an item, fetched to ``local_path`` for checking.

    ``path`` is its place inside the document (e.g. ``attachment-1``), ``version`` the
    CMFEditions version or None for the current one, ``expected`` the manifest entry stored
    at 归档 (None before 归档). ``local_path`` None means the file could not be fetched
    (missing). ``position`` is its 件内顺序号 among the item's files (current versions, in
    order, from 1); None lets ``check_item`` number the current versions in their order.
    """

    path: str
    version: int | None
    title: str
    role: str
    filename: str
    content_type: str
    local_path: str | None
    expected: dict | None = None
    position: int | None = None


@dataclass(frozen=True)
class Problem:
    """What one check found wrong: ``check`` (one of ``CHECKS``), the ``item`` (档号 or
    title), the ``file`` (its name; "" for the item as a whole) and the ``message``
    (translatable, Chinese default)."""

    check: str
    item: str
    file: str
    message: object

    @property
    def text(self):
        """The message in Chinese, its values filled in."""
        return message_text(self.message)

    def as_dict(self):
        """Plain values, for JSON and the stored report."""
        return {
            "check": self.check,
            "item": self.item,
            "file": self.file,
            "msgid": str(self.message),
            "default": getattr(self.message, "default", None) or str(self.message),
            "mapping": {
                key: value if isinstance(value, int | float) else str(value)
                for key, value in (getattr(self.message, "mapping", None) or {}).items()
            },
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, data):
        return cls(data["check"], data.get("item", ""), data.get("file", ""), problem_message(data))


def problem_message(data):
    """The translatable message of a problem stored as plain values (``Problem.as_dict``)."""
    return Message(
        data.get("msgid") or "",
        domain=_("").domain,
        default=data.get("default"),
        mapping=data.get("mapping"),
    )


@dataclass
class ItemResult:
    """The 四性检测 of one item: ``files`` (manifest entries: path, version, title, role,
    filename, size, content_type, sha256, sm3, position) and ``problems``."""

    label: str
    files: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    uid: str = ""
    path: str = ""
    archival_code: str = ""

    @property
    def outcomes(self):
        """``{check: True if it passed}`` for the four checks."""
        failed = {problem.check for problem in self.problems}
        return {check: check not in failed for check in CHECKS}

    @property
    def passed(self):
        return not self.problems

    def as_dict(self):
        return {
            "label": self.label,
            "uid": self.uid,
            "path": self.path,
            "archival_code": self.archival_code,
            "files": [dict(entry) for entry in self.files],
            "problems": [problem.as_dict() for problem in self.problems],
            "outcomes": self.outcomes,
        }

    @classmethod
    def from_dict(cls, data):
        return cls(
            label=data["label"],
            files=[dict(entry) for entry in data.get("files", ())],
            problems=[Problem.from_dict(problem) for problem in data.get("problems", ())],
            uid=data.get("uid", ""),
            path=data.get("path", ""),
            archival_code=data.get("archival_code", ""),
        )


def message_text(message):
    """``message``'s Chinese default with its mapping filled in."""
    default = getattr(message, "default", None) or str(message)
    return Template(default).safe_substitute(getattr(message, "mapping", None) or {})


def file_label(sample):
    """How a problem names a file: its title, file name and version (「处理单（x.pdf）第 2 版」)."""
    title = sample.title or sample.filename or sample.path
    name = (
        f"{title}（{sample.filename}）" if sample.filename and sample.filename != title else title
    )
    return f"{name}第 {sample.version} 版" if sample.version is not None else name


# --- the item ------------------------------------------------------------------------------


def check_item(label, metadata, files, scan):
    """四性检测 of one item named ``label`` (its 档号, else its title): an ``ItemResult``."""
    result = ItemResult(
        label=label,
        uid=str(metadata.get("uid") or ""),
        path=str(metadata.get("path") or ""),
        archival_code=str(metadata.get("archival_code") or ""),
    )

    def problem(check, sample, message):
        name = file_label(sample) if sample is not None else ""
        result.problems.append(Problem(check, label, name, message))

    for check, message in metadata_problems(metadata):
        problem(check, None, message)
    samples = numbered(files)
    for role, name in REQUIRED_FILES.get(metadata.get("kind"), ()):
        if not any(sample.role == role and sample.version is None for sample in samples):
            problem(
                INTEGRITY,
                None,
                _(
                    "archive_check_file_required",
                    default="缺少${name}。",
                    mapping={"name": name},
                ),
            )
    for message in position_problems(samples):
        problem(INTEGRITY, None, message)
    for sample in samples:
        if sample.local_path is None:
            problem(
                INTEGRITY,
                sample,
                _(
                    "archive_check_file_missing",
                    default="件内第 ${position} 个文件缺失，无法取得其内容。",
                    mapping={"position": sample.position or "?"},
                ),
            )
            continue
        digests = fixity.file_digests(sample.local_path)
        result.files.append(manifest_entry(sample, digests))
        for check, message in file_problems(sample, digests, metadata, scan):
            problem(check, sample, message)
    if scan is None:
        problem(
            SECURITY,
            None,
            _("archive_check_no_scanner", default="未配置病毒扫描，未能完成病毒检测。"),
        )
    return result


def numbered(files):
    """``files`` with their 件内顺序号: the current versions numbered 1, 2, … in their order
    where the caller gave none; versions share their file's number."""
    positions = {}
    for sample in files:
        if sample.version is None and sample.position is None:
            positions.setdefault(sample.path, len(positions) + 1)
    samples = []
    for sample in files:
        position = sample.position or positions.get(sample.path)
        samples.append(
            sample if position == sample.position else _replace(sample, position=position)
        )
    return samples


def _replace(sample, **changes):
    return FileSample(**{**sample.__dict__, **changes})


def position_problems(samples):
    """A gap or a repeat in the 件内顺序号 of the item's current files."""
    positions = sorted(s.position for s in samples if s.version is None and s.position)
    problems = []
    expected = list(range(1, len(positions) + 1))
    if positions != expected:
        missing = sorted(set(range(1, max(positions, default=0) + 1)) - set(positions))
        repeated = sorted({p for p in positions if positions.count(p) > 1})
        problems.append(
            _(
                "archive_check_positions",
                default="件内顺序号不连续：缺 ${missing}，重复 ${repeated}。",
                mapping={
                    "missing": "、".join(map(str, missing)) or "无",
                    "repeated": "、".join(map(str, repeated)) or "无",
                },
            )
        )
    return problems


def manifest_entry(sample, digests):
    """The manifest entry of ``sample`` with its ``digests`` (``fixity.file_digests``)."""
    return {
        "path": sample.path,
        "version": sample.version,
        "title": sample.title,
        "role": sample.role,
        "filename": sample.filename,
        "size": digests["size"],
        "content_type": sample.content_type,
        "sha256": digests["sha256"],
        "sm3": digests["sm3"],
        "position": sample.position,
    }


def file_problems(sample, digests, metadata, scan):
    """(check, message) of one fetched file: fixity, type, usability, text, virus."""
    found = []
    if sample.expected is not None:
        different = fixity.mismatches(sample.expected, digests)
        if different:
            found.append(
                (
                    AUTHENTICITY,
                    _(
                        "archive_check_fixity",
                        default="文件内容与归档时不符（${fields} 不一致），可能已被改动或损坏。",
                        mapping={"fields": "、".join(FIXITY_NAMES[f] for f in different)},
                    ),
                )
            )
    finding = probe.probe(sample.local_path, sample.filename)
    found += type_problems(sample, finding.kind)
    if finding.problem is not None:
        code, mapping = finding.problem
        message = USABILITY_MESSAGES[code]
        found.append((USABILITY, _(message, default=message.default, mapping=dict(mapping))))
    elif finding.kind == "pdf" and sample.role == TYPESET_ROLE and sample.version is None:
        found += typeset_text_problems(sample, metadata)
    if scan is not None:
        found += scan_problems(sample, scan)
    return found


FIXITY_NAMES = {"size": "大小", "sha256": "SHA-256", "sm3": "SM3"}


def type_problems(sample, kind):
    """The content is not what the file's name or declared type says (authenticity)."""
    found = []
    with open(sample.local_path, "rb") as file:
        typed = filetypes.type_problem(file, sample.filename) if sample.filename else None
    if typed is not None and typed[0] == "mismatch":
        found.append(
            (
                AUTHENTICITY,
                _(
                    "archive_check_name_mismatch",
                    default="文件内容与文件名不符：扩展名为 ${extension}，内容却是${actual}。",
                    mapping={
                        "extension": filetypes.extension_of(sample.filename),
                        "actual": filetypes.KIND_NAMES.get(kind, kind),
                    },
                ),
            )
        )
    declared = (sample.content_type or "").split(";")[0].strip().lower()
    if declared in DECLARED_KINDS and kind not in DECLARED_KINDS[declared]:
        found.append(
            (
                AUTHENTICITY,
                _(
                    "archive_check_type_mismatch",
                    default="登记的文件类型为 ${declared}，内容却是${actual}。",
                    mapping={"declared": declared, "actual": filetypes.KIND_NAMES.get(kind, kind)},
                ),
            )
        )
    return found


def squeezed(text):
    """``text`` for comparison: NFKC, no whitespace."""
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def typeset_text_problems(sample, metadata):
    """The typeset PDF does not carry the title or the 文号 of the document."""
    text = squeezed(probe.pdf_text(sample.local_path))
    found = []
    for key, name in (("title", "标题"), ("issue_number", "文号")):
        value = squeezed(metadata.get(key))
        if value and value not in text:
            found.append(
                (
                    AUTHENTICITY,
                    _(
                        "archive_check_text_mismatch",
                        default="正式文件中找不到公文的${name}「${value}」。",
                        mapping={"name": name, "value": metadata.get(key)},
                    ),
                )
            )
    return found


def scan_problems(sample, scan):
    """The virus scan of one file: a signature found, or no verdict."""
    try:
        signature = scan(sample.local_path)
    except ScanUnavailable as error:
        message = error.message
        return [(SECURITY, _(message, default=message.default, mapping=message.mapping))]
    if signature:
        return [
            (
                SECURITY,
                _(
                    "archive_check_virus",
                    default="发现病毒或恶意代码：${signature}。",
                    mapping={"signature": signature},
                ),
            )
        ]
    return []


# --- metadata ------------------------------------------------------------------------------


def metadata_problems(metadata):
    """(check, message) for the item's metadata: integrity, except a 档号 that does not
    match its parts (authenticity)."""
    found = [(INTEGRITY, message) for message in archive_field_problems(metadata)]
    found += [(INTEGRITY, message) for message in document_field_problems(metadata)]
    code = metadata.get("archival_code")
    if code and not found:
        expected = rules.format_archival_code(
            metadata.get("fonds_number"),
            metadata.get("year"),
            metadata.get("retention"),
            metadata.get("organ_code"),
            metadata.get("item_number"),
            category=metadata.get("category") or rules.CATEGORY,
        )
        if code != expected:
            found.append(
                (
                    AUTHENTICITY,
                    _(
                        "archive_check_code_mismatch",
                        default="档号「${code}」与归档章数据不符（应为「${expected}」）。",
                        mapping={"code": code, "expected": expected},
                    ),
                )
            )
    return found


def archive_field_problems(metadata):
    """The 归档章 fields that are missing or out of range (``rules``' messages)."""
    checks = [
        lambda: rules.check_code(metadata.get("fonds_number"), "全宗号"),
        lambda: rules.check_year(metadata.get("year")),
        lambda: rules.check_retention(metadata.get("retention")),
        lambda: rules.check_code(metadata.get("organ_code"), "机构(问题)代码"),
    ]
    if metadata.get("item_number") is not None or metadata.get("archival_code"):
        checks.append(lambda: rules.check_item_number(metadata.get("item_number")))
        if not metadata.get("archival_code"):
            checks.append(lambda: _missing("档号"))
    category = metadata.get("category")
    if category is not None and category != rules.CATEGORY:
        checks.append(lambda: _out_of_range("门类代码", category))
    found = []
    for check in checks:
        try:
            check()
        except rules.ArchiveError as error:
            found.append(error.message)
    return found


def _missing(name):
    raise rules.ArchiveError(
        _("archive_check_field_missing", default="缺少${name}。", mapping={"name": name})
    )


def _out_of_range(name, value):
    raise rules.ArchiveError(
        _(
            "archive_check_field_invalid",
            default="${name}「${value}」不在允许的范围内。",
            mapping={"name": name, "value": str(value)[:50]},
        )
    )


# The fields of each kind of document that must be filled: (key, Chinese name).
DOCUMENT_FIELDS = {
    OUTGOING: (
        ("title", "标题"),
        ("doc_kind", "文种"),
        ("issue_number", "文号"),
        ("written_date", "成文日期"),
    ),
    INCOMING: (
        ("title", "标题"),
        ("receipt_number", "收文编号"),
        ("received_date", "收文日期"),
    ),
}
DATE_FIELDS = ("written_date", "received_date")
DOC_KIND_TOKENS = frozenset(token for token, _title in DOC_KINDS)


def document_field_problems(metadata):
    """The document's own metadata: required fields, 文种 known, title not too long, dates
    real and in 1949–2100."""
    kind = metadata.get("kind")
    if kind not in DOCUMENT_FIELDS:
        return [
            _(
                "archive_check_kind_unknown",
                default="无法确定公文类别（发文或收文）。",
            )
        ]
    found = []
    for key, name in DOCUMENT_FIELDS[kind]:
        value = metadata.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            found.append(
                _("archive_check_field_missing", default="缺少${name}。", mapping={"name": name})
            )
    title = metadata.get("title") or ""
    if len(title) > DEFAULT_TITLE_MAX:
        found.append(
            _(
                "archive_check_title_too_long",
                default="标题超过 ${limit} 字（现为 ${length} 字）。",
                mapping={"limit": DEFAULT_TITLE_MAX, "length": len(title)},
            )
        )
    doc_kind = metadata.get("doc_kind")
    if doc_kind and doc_kind not in DOC_KIND_TOKENS:
        found.append(
            _(
                "archive_check_field_invalid",
                default="${name}「${value}」不在允许的范围内。",
                mapping={"name": "文种", "value": str(doc_kind)[:50]},
            )
        )
    for key in DATE_FIELDS:
        value = metadata.get(key)
        if value and as_date(value) is None:
            name = "成文日期" if key == "written_date" else "收文日期"
            found.append(
                _(
                    "archive_check_date_invalid",
                    default="${name}「${value}」不是 ${low}–${high} 年间的日期。",
                    mapping={
                        "name": name,
                        "value": str(value)[:30],
                        "low": FIRST_YEAR,
                        "high": LAST_YEAR,
                    },
                )
            )
    return found


def as_date(value):
    """``value`` (a date, datetime or ISO text) as a date in 1949–2100; None otherwise."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    elif not isinstance(value, datetime.date):
        try:
            value = datetime.date.fromisoformat(str(value).strip()[:10])
        except ValueError:
            return None
    return value if FIRST_YEAR <= value.year <= LAST_YEAR else None


def retention_title(token):
    """The Chinese title of a 保管期限 token (for reports)."""
    return title_of("retention", token)


# --- the year ------------------------------------------------------------------------------


def group_label(group):
    """A 件号 group (全宗号, 年度, 保管期限, 机构(问题)) as the 档号 prefix
    「118-WS·2026-D10-BGS」."""
    fonds, year, retention, organ = group
    return f"{fonds}-{rules.CATEGORY}·{year}-{rules.retention_code(retention)}-{organ}"


def check_sequence(items, destroyed=()):
    """Gaps and repeats of 件号 in each group: a list of ``Problem`` (integrity).

    ``items`` are ``(label, group_key, item_number)`` of the items checked together (a
    year); ``destroyed`` are ``(group_key, item_number)`` of items destroyed under the
    销毁清册, which leave no gap. Within a group, 件号 run 1, 2, 3 … up to the highest.
    """
    groups = {}
    for label, group, number in items:
        groups.setdefault(tuple(group), []).append((number, label))
    gone = {}
    for group, number in destroyed:
        gone.setdefault(tuple(group), set()).add(number)
    problems = []
    for group in sorted(groups, key=lambda key: tuple(str(part) for part in key)):
        entries = groups[group]
        numbers = [number for number, _label in entries]
        present = set(numbers) | gone.get(group, set())
        prefix = group_label(group)
        missing = [n for n in range(1, max(present) + 1) if n not in present]
        if missing:
            problems.append(
                Problem(
                    INTEGRITY,
                    prefix,
                    "",
                    _(
                        "archive_check_item_gap",
                        default="件号不连续：${prefix} 缺少件号 ${missing}。",
                        mapping={"prefix": prefix, "missing": number_list(missing)},
                    ),
                )
            )
        for number in sorted({n for n in numbers if numbers.count(n) > 1}):
            labels = "、".join(sorted(label for n, label in entries if n == number))
            problems.append(
                Problem(
                    INTEGRITY,
                    prefix,
                    "",
                    _(
                        "archive_check_item_repeated",
                        default="件号重复：${prefix} 的件号 ${number} 有多件（${labels}）。",
                        mapping={"prefix": prefix, "number": number, "labels": labels[:500]},
                    ),
                )
            )
    return problems


def number_list(numbers, limit=20):
    """``[3, 4, 5, 9]`` as 「3–5、9」; cut after ``limit`` runs with 「等」."""
    runs = []
    for number in sorted(numbers):
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    text = "、".join(f"{a}" if a == b else f"{a}–{b}" for a, b in runs[:limit])
    return text + ("等" if len(runs) > limit else "")
