"""The demo documents (SPEC §17, issue 18): a year of the bureau's work, training only.

The ``demo_documents`` profile ships ``documents.json``; its import step (``demo.zcml``)
reads it and, in order, makes what is missing — applying it twice creates nothing twice:

* 发文 drafted by their drafter and taken through the real flow (``routing.actions.act``:
  审核, 签发, 登记编号 by the numbering series, 发送 by the exchange) to the state asked for;
  a 发文 with a ``word_body`` has a Word 正文 (R-D6) instead of rich text: uploaded by the
  drafter and checked in again, with tracked changes, by the holders of the steps named
  (``WordBody``, through ``wordbody.actions``);
  the workers' typesetting and the files' conversion (OCR included) are done in this
  process (``typeset.inline``, ``conversion.inline``): the step is run by ``make start``'s
  site creation and by a slow test layer, never in a request;
* 收文 registered by a secretary (``收文编号`` from the series) or 签收 from a 发文 sent on
  the portal (``exchange.actions.sign_delivery``), then 拟办, 阅批, 分送, 办理, 办结 by the
  people holding each step (``incoming.actions.act_incoming``);
* old years (``year``): the document is numbered in its year by the series
  (``numbering.series.take_number``; the demo's one backdating: creation, 成文日期 and
  印发日期, or 收文日期, in that year — opinions and history keep the import's time),
  taken to 已发送/办结 the same way, then archived by ``archive.filing.archive_document`` —
  the one path — with the files manifest of 四性检测 computed here (``archive.checks``;
  virus scan by clamd when one answers, else left to the year's 四性检测).

The actor of each step is the first person holding it (``step_actor``), so the demo follows
the organisation in ``organisation.json``.
"""

import datetime
import json
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

from DateTime import DateTime
from plone import api
from plone.app.textfield.value import RichTextValue
from plone.dexterity.utils import addContentToContainer
from plone.dexterity.utils import createContent
from plone.uuid.interfaces import IUUID

from collective.gongwen.archive import checks
from collective.gongwen.archive import clamav
from collective.gongwen.archive import pipeline
from collective.gongwen.archive.filing import archive_document
from collective.gongwen.archive.filing import proposed_fields
from collective.gongwen.archive.record import is_archived
from collective.gongwen.archive.worker import sample_of
from collective.gongwen.content import times
from collective.gongwen.content.files import ATTACHMENT
from collective.gongwen.content.files import ORIGINAL
from collective.gongwen.content.files import add_file
from collective.gongwen.content.files import files_of
from collective.gongwen.content.files import role_of
from collective.gongwen.conversion.inline import convert_inline
from collective.gongwen.exchange import actions as exchange
from collective.gongwen.exchange import deliveries
from collective.gongwen.exchange import rules as exchange_rules
from collective.gongwen.incoming import rules as incoming_rules
from collective.gongwen.incoming.actions import act_incoming
from collective.gongwen.numbering import series
from collective.gongwen.numbering.rules import ISSUE
from collective.gongwen.numbering.rules import RECEIPT
from collective.gongwen.org.functions import department_group_id
from collective.gongwen.org.functions import unit_group_id
from collective.gongwen.routing import rules as routing_rules
from collective.gongwen.routing.actions import act
from collective.gongwen.routing.subscribers import lock_signature
from collective.gongwen.setuphandlers.demo_files import file_bytes
from collective.gongwen.setuphandlers.demo_files import file_name
from collective.gongwen.setuphandlers.demo_files import revised
from collective.gongwen.setuphandlers.demo_files import word_blocks
from collective.gongwen.steps.roles import current_assignees
from collective.gongwen.steps.titles import principal_name
from collective.gongwen.typeset.child import OFFICIAL
from collective.gongwen.typeset.inline import render_inline
from collective.gongwen.wordbody import writer
from collective.gongwen.wordbody.actions import check_in
from collective.gongwen.wordbody.actions import check_out
from collective.gongwen.wordbody.actions import upload_body

logger = logging.getLogger("collective.gongwen.demo")
DATA_FILE = "documents.json"
# Roles of the files converted here (the 正式文件 and 处理单 are the typesetting's own PDFs).
CONVERTED_ROLES = (ATTACHMENT, ORIGINAL)
# Steps of a walk, at most (a flow that does not reach its state is a demo data error).
MAX_STEPS = 30

OUTGOING_ACTIONS = {
    routing_rules.DRAFT: routing_rules.SUBMIT,
    routing_rules.DEPT_REVIEW: routing_rules.APPROVE,
    routing_rules.OFFICE_REVIEW: routing_rules.APPROVE,
    routing_rules.LEADER_REVIEW: routing_rules.APPROVE,
    routing_rules.DIRECTOR_SIGN: routing_rules.SIGN,
    routing_rules.LEADER_SIGN: routing_rules.SIGN,
    routing_rules.NUMBERING: routing_rules.NUMBER,
    routing_rules.SECRETARY_CHECK: routing_rules.SEND,
}
OUTGOING_OPINIONS = {
    routing_rules.DEPT_REVIEW: "同意，请办公室把关。",
    routing_rules.OFFICE_REVIEW: "文字已核，请局领导审签。",
    routing_rules.LEADER_REVIEW: "同意，请局长签发。",
    routing_rules.DIRECTOR_SIGN: "同意。",
    routing_rules.LEADER_SIGN: "同意印发。",
}
INCOMING_ACTIONS = {
    incoming_rules.REGISTERED: incoming_rules.SEND_TO_PROPOSE,
    incoming_rules.PROPOSING: incoming_rules.PROPOSE,
    incoming_rules.ROUTING: incoming_rules.SEND_TO_LEADERS,
    incoming_rules.LEADER_READING: incoming_rules.READ,
    incoming_rules.DISPATCHING: incoming_rules.DISPATCH,
    incoming_rules.CLOSING: incoming_rules.CLOSE,
}


class DemoDataError(Exception):
    """documents.json asks for something the flow does not do (a demo data error)."""


def import_documents(context):
    """GenericSetup import step: act only on a profile that has ``documents.json``."""
    data = context.readDataFile(DATA_FILE)
    if data is None:
        return
    started = time.monotonic()
    made = create_documents(json.loads(data))
    logger.info("Demo documents: %d made in %.1f s", made, time.monotonic() - started)


def demo_documents():
    """The ``demo_documents`` profile's ``documents.json``, read from the package."""
    path = Path(__file__).parents[1] / "profiles" / "demo_documents" / DATA_FILE
    return json.loads(path.read_text(encoding="utf-8"))


def create_documents(data):
    """Make the documents of ``data`` (``documents.json``) that are missing; how many."""
    portal = api.portal.get()
    makers = {"outgoing": ensure_outgoing, "incoming": ensure_incoming, "signed": ensure_signed}
    made = 0
    for entry in data["documents"]:
        if makers[entry["type"]](portal, entry, data["files"]) is not None:
            made += 1
    return made


# --- people ------------------------------------------------------------------------------


def group_members(group_id):
    """The user ids in group ``group_id``, sorted; [] if there is no such group."""
    if api.group.get(groupname=group_id) is None:
        return []
    return sorted(user.getId() for user in api.user.get_users(groupname=group_id))


def first_member(group_id):
    members = group_members(group_id)
    if not members:
        raise DemoDataError(f"nobody in group {group_id}")
    return members[0]


def step_actor(document):
    """The person who acts at ``document``'s step: the first assignee who is a user, else the
    first member of the first assigned group."""
    for principal in current_assignees(document):
        if api.user.get(userid=principal) is not None:
            return principal
        members = group_members(principal)
        if members:
            return members[0]
    raise DemoDataError(f"nobody holds the step of {document.absolute_url_path()}")


def as_user(user_id, function, *args, **kwargs):
    with api.env.adopt_user(username=user_id):
        return function(*args, **kwargs)


# --- values --------------------------------------------------------------------------------


def body(paragraphs):
    """The electronic body (正文) of ``paragraphs``."""
    html = "".join(f"<p>{escape(text)}</p>" for text in paragraphs)
    return RichTextValue(html, "text/html", "text/x-html-safe")


def as_date(text):
    return datetime.date.fromisoformat(text) if text else None


def moment_of(day):
    """09:00 in the portal's zone on ``day``: the time a backdated record carries."""
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=times.zone())


def backdate_creation(document, day):
    """Creation (and modification) on ``day``: the 年度 of an old document's catalog entry."""
    stamp = DateTime(moment_of(day).isoformat())
    document.creation_date = stamp
    document.modification_date = stamp
    document.reindexObject()


def state_of(document):
    return api.content.get_state(obj=document)


# --- files ---------------------------------------------------------------------------------


def attach_files(document, names, files):
    """Add the files ``names`` (keys of ``files``) to ``document`` as its 附件; their titles."""
    titles = []
    for name in names:
        spec = files[name]
        data, filename = file_bytes(spec)
        with api.env.adopt_roles(["Manager"]):
            item = add_file(document, data, filename)
            item.title = spec["title"]
            item.reindexObject()
        titles.append(spec["title"])
    return titles


def convert_files(document):
    """Convert ``document``'s uploaded files (附件, 来文原件) here, OCR included."""
    for item in files_of(document):
        if role_of(item) in CONVERTED_ROLES:
            convert_inline(item)


# --- 发文 ------------------------------------------------------------------------------------


def outgoing_values(unit, entry):
    values = {
        "title": entry["title"],
        "doc_kind": entry["doc_kind"],
        "direction": entry["direction"],
        "urgency": entry.get("urgency", "normal"),
        "retention": entry["retention"],
        "drafting_department": unit[entry["department"]].UID(),
        "main_recipients": list(entry["main_recipients"]),
        "cc_recipients": list(entry.get("cc_recipients", ())),
    }
    if entry.get("text"):  # else its 正文 is a Word file (``word_body``)
        values["text"] = body(entry["text"])
    if entry.get("deadline"):
        values["deadline"] = as_date(entry["deadline"])
    return values


def ensure_outgoing(portal, entry, files):
    """The 发文 ``entry`` taken to its state (archived, for an old year); None if it exists."""
    unit = portal[entry["unit"]]
    container = unit["outgoing"]
    if entry["id"] in container.objectIds():
        return None
    document = as_user(
        entry["drafter"],
        api.content.create,
        container=container,
        type="gongwen_outgoing",
        id=entry["id"],
        **outgoing_values(unit, entry),
    )
    if entry.get("files"):
        document.attachment_note = attach_files(document, entry["files"], files)
        convert_files(document)
    if entry.get("year"):
        backdate_creation(document, as_date(entry["date"]))
    word = None
    if entry.get("word_body"):
        word = WordBody(files[entry["word_body"]["file"]], entry["word_body"]["revisions"])
        word.upload(document, entry["drafter"])
    walk_outgoing(document, entry, word)
    if entry.get("archive"):
        archive(document, entry)
    return document


def walk_outgoing(document, entry, word=None):
    """Take the 发文 to ``entry['until']`` (已发送 for an old year), step by step; at the
    steps its Word 正文 (``word``) is revised at, the step's holder checks a new version in
    before acting."""
    until = entry.get("until", routing_rules.SENT)
    opinions = entry.get("opinions", {})
    for _step in range(MAX_STEPS):
        step = state_of(document)
        if step == until:
            render_inline(document)
            return
        if step == routing_rules.NUMBERING and entry.get("year"):
            number_in_year(document, entry)
        actor = entry["drafter"] if step == routing_rules.DRAFT else step_actor(document)
        opinion = opinions.get(step, OUTGOING_OPINIONS.get(step, ""))
        if word is not None:
            actor = word.revise_at(document, step, actor)
        as_user(actor, act, document, OUTGOING_ACTIONS[step], opinion)
        if step == routing_rules.NUMBERING and not typeset_official(document):
            raise DemoDataError(f"{entry['id']}: the 正式文件 was not typeset (see the log)")
    raise DemoDataError(f"{entry['id']} never reaches {until}")


class WordBody:
    """The Word 正文 of a demo 发文 (R-D6), through the 正文's own actions (``wordbody.actions``,
    the one path): uploaded by its drafter; at each step of ``revisions`` a holder of the
    step (its ``by``, else ``step_actor``'s) checks it out (签出编辑) and checks in the file
    with their tracked changes and comments (``demo_files.revised``, in their full name at
    the time of the step), then acts on the step. The workers analyse each version (queued
    by the actions, done once the site serves)."""

    def __init__(self, spec, revisions):
        self.blocks = word_blocks(spec)
        self.filename = file_name(spec)
        self.revisions = revisions

    def upload(self, document, drafter):
        data = writer.make_docx(self.blocks)
        as_user(drafter, upload_body, document, data, self.filename, drafter)

    def revise_at(self, document, step, actor):
        """Check in the version of ``step`` (if any); who acts on the step."""
        revision = self.revisions.get(step)
        if revision is None:
            return actor
        actor = revision.get("by", actor)
        moment = times.utc_now().strftime("%Y-%m-%dT%H:%M:%SZ")
        try:
            self.blocks = revised(self.blocks, revision, principal_name(actor), moment)
        except ValueError as error:
            raise DemoDataError(f"{document.getId()} at {step}: {error}") from error
        as_user(actor, check_out, document, actor)
        data = writer.make_docx(self.blocks)
        as_user(actor, check_in, document, data, self.filename, actor)
        return actor


def typeset_official(document):
    """Typeset the numbered 发文's 正式文件 before 发送 (R-T1); False if it was refused (the
    reason is logged): 发送 would fail later without it."""
    return render_inline(document, kinds=(OFFICIAL,)).get(OFFICIAL) != "refused"


def number_in_year(document, entry):
    """An old 发文 signed and numbered in its year: 成文日期 and 印发日期 on its date, the
    文号 taken from its year's series (登记编号 then keeps it, R-O8)."""
    day = as_date(entry["date"])
    unit = document.aq_parent.aq_parent
    lock_signature(document, document.signer, day)
    document.printed_date = day
    number = series.take_number(
        unit,
        ISSUE,
        unit.agency_code,
        entry["year"],
        uid=document.UID(),
        actor=entry["drafter"],
        moment=moment_of(day),
    )
    check_number(entry, number, "{code}〔{year}〕{n}号", unit.agency_code)
    document.issue_number = number
    document.reindexObject()


def check_number(entry, number, pattern, code):
    expected = pattern.format(code=code, year=entry["year"], n=entry["number"])
    if number != expected:
        raise DemoDataError(
            f"{entry['id']}: the series gave {number}, documents.json says {expected}"
        )


# --- 收文 ------------------------------------------------------------------------------------


def incoming_values(entry, files):
    values = {
        "title": entry["title"],
        "source_organ": entry["source_organ"],
        "source_number": entry["source_number"],
        "received_date": as_date(entry["received_date"]),
        "copies": entry.get("copies", 1),
        "doc_kind": entry["doc_kind"],
        "urgency": entry.get("urgency", "normal"),
        "classification": "none",
    }
    if entry.get("original"):
        from plone.namedfile.file import NamedBlobFile

        data, filename = file_bytes(files[entry["original"]])
        values["original_file"] = NamedBlobFile(data, filename=filename)
    return values


def ensure_incoming(portal, entry, files):
    """The 收文 ``entry`` registered by a secretary and handled to its state; None if it exists."""
    unit = portal[entry["unit"]]
    container = unit["incoming"]
    if entry["id"] in container.objectIds():
        return None
    secretary = first_member(unit_group_id(unit.getId(), "secretaries"))
    with api.env.adopt_user(username=secretary):
        document = createContent(
            "gongwen_incoming", id=entry["id"], **incoming_values(entry, files)
        )
        if entry.get("year"):
            # registered in its year: the 收文编号 of that year's series (registration keeps it)
            day = as_date(entry["received_date"])
            number = series.take_number(
                unit,
                RECEIPT,
                unit.agency_code,
                entry["year"],
                uid=IUUID(document),
                actor=secretary,
                moment=moment_of(day),
            )
            check_number(entry, number, "{code}收〔{year}〕{n}号", unit.agency_code)
            document.receipt_number = number
        document = addContentToContainer(container, document)
    if entry.get("year"):
        backdate_creation(document, as_date(entry["received_date"]))
    convert_files(document)
    walk_incoming(document, entry)
    if entry.get("archive"):
        archive(document, entry)
    return document


def ensure_signed(portal, entry, files):
    """签收 of the 发文 ``entry['from']`` by unit ``entry['to']``, handled to its state; None
    when that delivery was answered already."""
    source = find_outgoing(portal, entry["from"])
    unit = portal[entry["to"]]
    record = next(
        (r for r in deliveries.deliveries(source) if deliveries.recipient_uid(r) == unit.UID()),
        None,
    )
    if record is None:
        raise DemoDataError(f"{entry['from']} was not sent to {entry['to']}")
    if not exchange_rules.is_waiting(record["state"]):
        return None
    secretary = first_member(unit_group_id(unit.getId(), "secretaries"))
    as_user(secretary, exchange.open_delivery, source, record["id"])
    document = as_user(secretary, exchange.sign_delivery, source, record["id"], unit)
    document.received_date = as_date(entry["received_date"])
    document.reindexObject()
    walk_incoming(document, entry)
    return document


def find_outgoing(portal, document_id):
    for unit_id in ("changyuan", "xinxiang"):
        found = portal[unit_id]["outgoing"].get(document_id)
        if found is not None:
            return found
    raise DemoDataError(f"no 发文 {document_id} (it must come earlier in documents.json)")


def walk_incoming(document, entry):
    """Take the 收文 to ``entry['until']``: 拟办 with its leaders and departments, each
    leader's 批示, each department's part (请批办, 批办, 办毕), 办结."""
    until = entry.get("until", incoming_rules.DONE)
    unit = document.aq_parent.aq_parent
    departments = [unit[name] for name in entry.get("departments", ())]
    opinions = entry.get("opinions", {})
    for _step in range(MAX_STEPS):
        step = state_of(document)
        if step == until:
            render_inline(document)
            return
        if step == incoming_rules.HANDLING:
            for department in departments:
                handle_part(unit, department, document)
            if state_of(document) == incoming_rules.HANDLING:
                raise DemoDataError(f"{document.getId()}: handling did not end")
            continue
        actor = step_actor(document)
        choices = {}
        if step == incoming_rules.PROPOSING:
            opinion = entry.get("proposal") or "请局领导阅示。"
            choices = {
                "leaders": list(entry.get("leaders", ())),
                "departments": [d.UID() for d in departments],
            }
        elif step == incoming_rules.LEADER_READING:
            opinion = opinions.get(actor, "已阅。")
        else:
            opinion = ""
        as_user(actor, act_incoming, document, INCOMING_ACTIONS[step], opinion, **choices)
    raise DemoDataError(f"{document.getId()} never reaches {until}")


def handle_part(unit, department, document):
    """A department's part of a 收文: its receiver asks, its head instructs, done."""
    receiver = first_member(department_group_id(unit.getId(), department.getId(), "receivers"))
    head = first_member(department_group_id(unit.getId(), department.getId(), "heads"))
    as_user(receiver, act_incoming, document, incoming_rules.ASK_INSTRUCTION)
    as_user(head, act_incoming, document, incoming_rules.INSTRUCT, "同意，请按要求抓紧办理。")
    as_user(receiver, act_incoming, document, incoming_rules.FINISH_PART)


# --- 归档 of an old year ------------------------------------------------------------------


def archive(document, entry):
    """Archive the finished ``document`` as its unit's archivist (the one path), with the
    归档章 proposed for it and ``entry['archive']``'s fields (its 保管期限)."""
    if is_archived(document):
        return
    render_inline(document)  # the 处理单 kept at the last step goes with it
    unit = document.aq_parent.aq_parent
    archivist = first_member(unit_group_id(unit.getId(), "archivists"))
    fields = dict(proposed_fields(document), **entry["archive"])
    files = manifest(document, fields)
    as_user(archivist, archive_document, document, fields, files, None, archivist)


def answering_scanner():
    """clamd's scan when a clamd answers on this process's socket, else None."""
    scanner = clamav.scanner()
    return scanner if scanner.ping() else None


def manifest(document, fields):
    """四性检测 of ``document``'s files here (every version, as a worker fetches them): the
    manifest entries. ``DemoDataError`` naming what failed; without a clamd the scan is
    left to the year's 四性检测 (the 档案管理 page)."""
    scan = answering_scanner()
    with tempfile.TemporaryDirectory(prefix="gongwen-demo-") as folder:
        samples = []
        for position, entry in enumerate(pipeline.file_entries(document)):
            local = os.path.join(folder, str(position))
            named = pipeline.claimed_file(document.UID(), entry["path"], entry["version"])
            with named.open() as blob, open(local, "wb") as out:
                shutil.copyfileobj(blob, out)
            samples.append(sample_of(dict(entry, expected=None), local))
        result = checks.check_item(
            document.Title(), pipeline.item_metadata(document, fields), samples, scan
        )
    problems = [p for p in result.problems if scan is not None or p.check != checks.SECURITY]
    if problems:
        raise DemoDataError("; ".join(f"{p.item} {p.file} {p.text}" for p in problems))
    return result.files
