"""Generate a bureau's site of 10,000 or 100,000 documents, written directly (issue 21 item 3).

    .venv/bin/zconsole run <instance>/etc/zope.conf bench/generate.py --documents 10000 \\
        [--seed 1] [--site Plone] [--first-year 2017] [--batch 500] \\
        [--report-every 10000] [--csv bench/out/generate-<storage>-<n>.csv]
    .venv/bin/python bench/generate.py --extrapolate bench/out/generate-filestorage-100000.csv

Needs the demo organisation (``make start`` with DEMO=1, or the cluster's site); FileStorage
admits one process (stop the server), RelStorage does not mind. Each run *adds* its documents:
numbers continue the series, ids and source numbers continue from what is there.

The mix (``generate_lib``), from the demo year (``profiles/demo_documents``: 31 发文, 16 收文,
7 published items) stretched over the years of a bureau:

* 发文 55 %, 收文 40 %, 通知公告/工作动态 5 %; units and departments as in the demo:
  长垣河务局's 防汛办公室, 工程管理科, 财务科 (11 : 9 : 7) and 新乡河务局's 水政科 (4);
  收文 85 % 长垣, 15 % 新乡.
* States follow the days, as in a registry: documents of past years are 已归档 (归档 is
  yearly), this year's 已发送 (发文) or 办结 (收文), those of the last 20 days on their way —
  发文 拟稿 8 %, 科室审核 14, 办公室把关 18, 领导审核 6 (上行), 签发 14, 登记编号 10, 秘书核对 6,
  已发送 24; 收文 登记 40 %, 办结 60 (from ``--first-year`` 2017 to today: about 90 % 已归档,
  9 % 已发送/办结, 0.5 % open). Days are spread evenly over the years, in order: numbered in
  their year. The in-trays therefore grow with the documents a day (a 100k site's hold ten
  times a 10k site's); ``bench/growth.py`` compares sites with the same in-tray
  (``todo_items.py --until``).
* 文种: 下行 通知 88 %, 决定 6, 意见 6; 上行 (20 %) 报告 67, 请示 33. 紧急程度 81/16/3 %
  (平件, 加急, 特急; the urgent ones with their 办理时限, R-D2: 3–7 and 1–3 days on);
  保管期限 10年 45 %, 30年 35 %, 永久 20 %.
  密级: 非密 only — nothing classified is stored.
* 待签收: 1.8 % of 发文 go to the other unit of the portal (长垣 → 新乡河务局, 新乡 → 长垣河务局)
  and wait there: about 0.8 % of all documents, 新乡's 788 of 100,000 in the issue.
* Per 发文: one opinion with words per review and 签发 step (3–4), the 文号 at 登记编号, the
  deliveries at 发送. Audit entries per 发文 walked to 已归档: 创建, one per step's transition
  (8–9), one per opinion (3–4), 编号, 分发 (one per delivery), 归档 — about 16; a 收文 about 12.
* Titles and bodies: the search corpus (``bench/search_corpus``: its titles, with the 文种
  word changed, and bodies) and ``populate_common``'s subjects and sentences. Bodies are
  electronic (rich text): nothing is typeset.
* 附件 with text in the demo year's shares (``generate_lib.ATTACHMENT_SHARES``): 16 % of 发文
  carry one (Word 3 : PDF 2), 6 % of 收文 came with a 来文原件 (PDF) — about 11 % of
  documents. Uploaded the one way (``content.files.add_file``; a 收文's ``original_file``),
  so their conversions are queued to the workers when the batch commits, as an upload's are
  — a generated site's workers have that backlog to convert (``--no-attachments`` leaves
  them out).

What is written directly, and what goes the one path. Each document is created through its
factory by its drafter or registering secretary (id, UID, owner, local roles, the first step's
holders, 收文编号, the creation's audit entry: the subscribers); then each step it went through
is written as the walk would leave it, without the workflow's events (which would queue
renders): the opinion record (``steps.opinions.Opinion``, dated), the workflow history
entry, the step's holders as participants, the audit entries (``audit.record.record``: the
store's chain, written at the commit), 签发人/成文日期 (``routing.subscribers.lock_signature``),
the 文号 (``numbering.series.take_number`` dated in its year: the register agrees with the
documents), the deliveries (``exchange.deliveries.create_deliveries``, the one place); at the
end the state, its holders (``steps.roles.hand_over``), the step's deadline, role mappings,
and one catalog entry per object, made when the document is written (the indexing queue
folds its reindexes into one; ``fast_catalog`` makes the full entries without asking again for
the names missing on the first objects of a type and state, and compares every 250th with
Plone's own). 已归档 goes through ``archive.filing.archive_document`` (the one path: 归档章,
档号, 归档记录).

Commits every ``--batch`` (a batch whose commit meets a ZODB conflict — a served cluster's
instances and workers write meanwhile — is undone and written again from the same draws);
prints the rate; at every ``--report-every`` documents (and at the
end) a CSV row: documents, seconds, storage bytes (Data.fs or ``pg_database_size``: the
storage's ``getSize``), blob bytes (FileStorage's blob directory; RelStorage keeps blobs in
the database), catalog objects, RSS. ``--extrapolate CSV`` fits those rows to a million
documents (``generate_lib.extrapolate``: straight lines per document, the time at the run's
mean rate).
"""

import argparse
import collections
import contextlib
import csv
import dataclasses
import datetime
import inspect
import os
import random
import sys
import time
from pathlib import Path

# zconsole runs this without __file__: the code object knows where it is.
HERE = Path(inspect.currentframe().f_code.co_filename).resolve().parent
sys.path[:0] = [str(HERE)]

import generate_lib  # noqa: E402
from fast_catalog import FastCataloguer  # noqa: E402
from populate_common import script_argv  # noqa: E402

COLUMNS = (
    "documents",
    "seconds",
    "docs_per_second",
    "storage_bytes",
    "blob_bytes",
    "catalog_objects",
    "rss_bytes",
)
TYPES = ("gongwen_outgoing", "gongwen_incoming", "gongwen_notice", "gongwen_news")


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--site", default="Plone")
    parser.add_argument("--first-year", type=int, default=2017)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--report-every", type=int, default=10000)
    parser.add_argument("--cache-size", type=int, default=30000)
    parser.add_argument("--csv", default="")
    parser.add_argument("--extrapolate", metavar="CSV", default="")
    parser.add_argument("--target", type=int, default=1_000_000)
    parser.add_argument(
        "--no-attachments", action="store_true", help="no 附件 (their conversions not queued)"
    )
    args = parser.parse_args(argv)
    if not 0 < args.documents <= 2_000_000 or not 0 < args.batch <= 10000:
        parser.error("--documents 1–2,000,000, --batch 1–10,000")
    return args


# --- sizes --------------------------------------------------------------------------------


def rss_bytes():
    """This process's resident memory now (Linux ``/proc``), in bytes."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def directory_bytes(path):
    total = 0
    for folder, _dirs, names in os.walk(path):
        for name in names:
            with contextlib.suppress(OSError):  # a temporary file gone meanwhile
                total += os.path.getsize(os.path.join(folder, name))
    return total


def storage_name(db):
    storage = db.storage
    return "relstorage" if "RelStorage" in type(storage).__name__ else "filestorage"


def sizes(db):
    """(storage bytes, blob bytes) of ``db``: Data.fs or the PostgreSQL database, blobs."""
    storage = db.storage
    blob_dir = None
    if storage_name(db) == "filestorage":
        helper = getattr(storage, "fshelper", None)
        blob_dir = getattr(helper, "base_dir", None)
    return storage.getSize(), directory_bytes(blob_dir) if blob_dir else 0


# --- writing one document ------------------------------------------------------------------


@contextlib.contextmanager
def indexed_once(cataloguer=None):
    """The catalog entries of what is written inside: made once, at the end. A search of the
    portal's code meanwhile does not process the indexing queue (it would catalogue the
    document half made, again at each search); the documents written before are all in.

    With ``cataloguer`` (``fast_catalog.FastCataloguer``) the full entries the queue asks
    for are made by it (the same entries, checked against Plone's own every so often); the
    rest (removals, some indexes of an object not new) goes Plone's way."""
    from plone.app.uuid import utils as uuid_utils
    from Products.CMFCore import CatalogTool as cmf_catalog
    from Products.CMFCore import CMFCatalogAware as catalog_aware
    from Products.CMFCore.indexing import processQueue
    from Products.CMFPlone import CatalogTool as plone_catalog

    def later():
        return 0

    modules = (cmf_catalog, plone_catalog, catalog_aware, uuid_utils)
    for module in modules:
        module.processQueue = later
    try:
        yield
    finally:
        for module in modules:
            module.processQueue = processQueue
    if cataloguer is not None:
        catalogue_queued(cataloguer)
    processQueue()


def catalogue_queued(cataloguer):
    """Make the queue's full (re)index entries with ``cataloguer``; leave the rest queued."""
    from Products.CMFCore.indexing import INDEX
    from Products.CMFCore.indexing import REINDEX
    from Products.CMFCore.indexing import getQueue

    queue = getQueue()
    queue.optimize()
    rest = []
    for operation in queue.getState():
        op, obj, attributes, update_metadata = operation
        if op == INDEX or (op == REINDEX and not attributes and update_metadata):
            cataloguer.catalogue(obj)
        else:
            rest.append(operation)
    queue.setState(rest)


def state_kind(obj):
    """A ``FastCataloguer`` kind: the type and workflow state (a 发文 at an open step has
    values an archived one has not)."""
    from plone import api

    return obj.portal_type, api.content.get_state(obj=obj, default=None)


@contextlib.contextmanager
def address_books_kept():
    """Each unit's address book read once for the run (the units do not change meanwhile):
    ``exchange.deliveries.create_deliveries`` asks for it at each 发送."""
    from collective.gongwen.exchange import deliveries

    original = deliveries.address_book
    books = {}

    def kept(unit):
        key = None if unit is None else unit.getPhysicalPath()
        if key not in books:
            books[key] = original(unit)
        return books[key]

    deliveries.address_book = kept
    try:
        yield
    finally:
        deliveries.address_book = original


class Writer:
    """Writes planned documents into ``site`` (``generate_lib.Plan``); remembers people."""

    def __init__(self, site, base):
        from plone import api

        self.site = site
        self.base = base
        self.workflow_tool = api.portal.get_tool("portal_workflow")
        self._members = {}
        self._names = {}
        self._units = {}
        self._holders = {}

    # people

    def first_member(self, group_id):
        from collective.gongwen.setuphandlers.demo_documents import first_member

        if group_id not in self._members:
            self._members[group_id] = first_member(group_id)
        return self._members[group_id]

    def actor_of(self, holders):
        """The person who acts for ``holders`` (a user, else a group's first member)."""
        from plone import api

        for principal in holders:
            if principal not in self._members:
                user = api.user.get(userid=principal)
                self._members[principal] = (
                    principal if user is not None else self.first_member(principal)
                )
            return self._members[principal]
        raise RuntimeError("a step without holders")

    def holders(self, document, step):
        """``routing.plan.next_assignees`` of ``step``, the same for the documents of one
        drafting department and direction (read once per run)."""
        from collective.gongwen.routing.plan import next_assignees

        key = (document.drafting_department, document.direction, document.routing_drafter, step)
        if key not in self._holders:
            self._holders[key] = next_assignees(document, step)
        return self._holders[key]

    def full_name(self, user_id):
        from collective.gongwen.routing.subscribers import full_name

        if user_id not in self._names:
            self._names[user_id] = full_name(user_id)
        return self._names[user_id]

    def unit_of(self, user_id):
        from plone import api

        from collective.gongwen.audit.record import actor_unit

        if user_id not in self._units:
            self._units[user_id] = actor_unit(api.user.get(userid=user_id))
        return self._units[user_id]

    # the trail a walk leaves

    def audit(self, action, document, summary, actor, moment, **fields):
        from collective.gongwen.audit.record import record

        record(
            action,
            document,
            summary,
            actor=actor,
            unit=self.unit_of(actor),
            client_address="",
            time=moment,
            **fields,
        )

    def trail(self, document, workflow_id, transition, step, after, actor, text, moment):
        """The step ``step`` done by ``actor`` at ``moment`` (``transition`` to ``after``): its
        opinion record, workflow history entry and audit entries."""
        from DateTime import DateTime
        from persistent.list import PersistentList

        from collective.gongwen.audit import entries
        from collective.gongwen.content.annotations import annotation
        from collective.gongwen.steps import opinions

        action = transition_action(workflow_id, transition)
        records = annotation(document, opinions.KEY, PersistentList)
        records.append(
            opinions.Opinion(
                step=step,
                action=action,
                actor=actor,
                on_behalf_of=None,
                text=text,
                time=moment.astimezone(datetime.UTC),
                round=1,
            )
        )
        status = {
            "action": transition,
            "actor": actor,
            "comments": text,
            "review_state": after,
            "time": DateTime(moment.isoformat()),
        }
        self.workflow_tool.setStatusOf(workflow_id, document, status)
        title = document.Title()
        label = self.workflow_tool[workflow_id].transitions[transition].title or transition
        self.audit(
            entries.transition_action(transition),
            document,
            entries.summary(title, label),
            actor,
            moment,
            from_state=step,
            to_state=after,
        )
        if text:
            self.audit(
                entries.OPINION,
                document,
                entries.summary(title, text),
                actor,
                moment,
                from_state=step,
            )

    def settle(self, document, workflow_id, state, holders, last_actor, moment, timed):
        """End the walk at ``state`` with ``holders`` (the step's): roles, to-do, the step's
        deadline when ``timed`` (none for a finished step), role mappings."""
        from DateTime import DateTime
        from plone import api

        from collective.gongwen.routing import deadlines
        from collective.gongwen.steps.roles import hand_over

        with api.env.adopt_user(username=last_actor):
            hand_over(document, holders)
        document.assigned_since = DateTime(moment.isoformat())
        if timed:
            deadlines.step_changed(document, None, state, moment.date(), True)
        self.workflow_tool[workflow_id].updateRoleMappingsFor(document)

    def participate(self, document, holders):
        from collective.gongwen.steps.roles import PARTICIPANT_ROLE
        from collective.gongwen.steps.roles import grant

        for principal in holders:
            grant(document, principal, PARTICIPANT_ROLE)

    # 发文

    def outgoing(self, plan, number):
        from plone import api

        from collective.gongwen.content import times
        from collective.gongwen.numbering.rules import ISSUE
        from collective.gongwen.numbering.series import take_number
        from collective.gongwen.routing import rules
        from collective.gongwen.routing.subscribers import lock_signature
        from collective.gongwen.setuphandlers.demo_documents import body
        from collective.gongwen.steps.roles import DRAFT_OWNER_ROLE
        from collective.gongwen.steps.roles import OUTGOING_WORKFLOW
        from collective.gongwen.steps.roles import revoke

        unit = self.site[plan.unit]
        with api.env.adopt_user(username=plan.drafter):
            document = api.content.create(
                container=unit["outgoing"],
                type="gongwen_outgoing",
                id=f"gen-outgoing-{number}",
                safe_id=False,
                title=plan.title,
                doc_kind=plan.doc_kind,
                direction=plan.direction,
                urgency=plan.urgency,
                deadline=plan.deadline,
                retention=plan.retention,
                drafting_department=unit[plan.department].UID(),
                main_recipients=list(plan.main_recipients),
                text=body(plan.paragraphs),
            )
            if plan.attachment is not None:
                self.attach(document, plan.attachment)
        steps = generate_lib.outgoing_path(plan.direction, plan.state)
        final = "sent" if plan.state == "archived" else plan.state
        moments = generate_lib.step_moments(plan.day, len(steps) + 1, times.zone())
        created_on(document, plan.day, moments[0])
        actor = plan.drafter
        for position, (step, action) in enumerate(steps):
            if step == "sent":
                break  # 归档 is the archive's own path (below)
            after = steps[position + 1][0] if position + 1 < len(steps) else final
            moment = moments[position]
            holders = self.holders(document, step) if step != rules.DRAFT else ()
            actor = plan.drafter if step == rules.DRAFT else self.actor_of(holders)
            self.participate(document, holders)
            if step == rules.DRAFT:
                revoke(document, plan.drafter, DRAFT_OWNER_ROLE)
            transition = rules.transition_for(step, action, plan.direction)
            text = plan.opinions.get(step, "")
            self.trail(document, OUTGOING_WORKFLOW, transition, step, after, actor, text, moment)
            if action == rules.SIGN:
                lock_signature(document, self.full_name(actor), moment.date())
            if action == rules.NUMBER:
                self.number(document, unit, ISSUE, actor, moment, take_number)
                document.printed_date = moment.date()
            if action == rules.SEND:
                self.deliver(document, actor, moment)
        holders = self.holders(document, final)  # 已发送: the archivists, for 归档
        last = moments[max(len(steps) - 1, 0)]  # the last step's: handed over then
        self.settle(document, OUTGOING_WORKFLOW, final, holders, actor, last, True)
        if plan.state == rules.ARCHIVED:
            self.archive(document, unit, plan)
        finished(document, last)
        return document

    def attach(self, document, attachment):
        """The 附件 ``attachment`` uploaded to the draft by its drafter (the one path: its
        conversion is queued when the batch commits), named in the 附件说明."""
        from collective.gongwen.content.files import add_file

        data, filename = attachment_file(attachment)
        item = add_file(document, data, filename)
        item.title = attachment.title
        document.attachment_note = [attachment.title]

    def number(self, document, unit, kind, actor, moment, take_number):
        from collective.gongwen.audit import entries

        number = take_number(
            unit,
            kind,
            unit.agency_code,
            moment.year,
            uid=document.UID(),
            actor=actor,
            moment=moment,
        )
        document.issue_number = number
        self.audit(
            entries.NUMBER, document, entries.summary(document.Title(), number), actor, moment
        )

    def deliver(self, document, actor, moment):
        """The deliveries of 发送 (the one place), sent at ``moment``; their audit entries."""
        from DateTime import DateTime
        from plone import api

        from collective.gongwen.exchange.deliveries import create_deliveries

        with api.env.adopt_user(username=actor):
            made = create_deliveries(document)
        stamp = DateTime(moment.isoformat()).ISO8601()
        for record in made:
            for event in record["trail"]:
                event["time"] = stamp
        # the 分发 entries the subscriber gathered: dated as the send
        for entry in pending_entries_of(document):
            entry["time"] = moment
        return made

    def archive(self, document, unit, plan):
        from plone import api

        from collective.gongwen.archive.filing import archive_document
        from collective.gongwen.archive.filing import proposed_fields
        from collective.gongwen.org.functions import unit_group_id

        archivist = self.first_member(unit_group_id(unit.getId(), "archivists"))
        fields = dict(proposed_fields(document), retention=plan.retention)
        with api.env.adopt_user(username=archivist):
            archive_document(document, fields, (), None, archivist)

    # 收文

    def incoming(self, plan, number):
        from plone import api
        from plone.dexterity.utils import addContentToContainer
        from plone.dexterity.utils import createContent
        from plone.uuid.interfaces import IUUID

        from collective.gongwen.content import times
        from collective.gongwen.incoming import rules
        from collective.gongwen.incoming.subscribers import INCOMING_WORKFLOW
        from collective.gongwen.numbering.rules import RECEIPT
        from collective.gongwen.numbering.series import take_number
        from collective.gongwen.org.functions import unit_group_id
        from collective.gongwen.setuphandlers.demo_documents import body

        unit = self.site[plan.unit]
        secretary = self.first_member(unit_group_id(unit.getId(), "secretaries"))
        moments = generate_lib.step_moments(plan.day, 9, times.zone())
        with api.env.adopt_user(username=secretary):
            document = createContent(
                "gongwen_incoming",
                id=f"gen-incoming-{number}",
                title=plan.title,
                source_organ=plan.source,
                source_number=f"{plan.source[:2]}〔{plan.day.year}〕{number}号",
                received_date=plan.day,
                copies=1,
                doc_kind=plan.doc_kind,
                urgency=plan.urgency,
                deadline=plan.deadline,
                classification="none",
                text=body(plan.paragraphs),
                **({} if plan.attachment is None else {"original_file": original(plan.attachment)}),
            )
            # registered in its year: the 收文编号 of that year's series (registration keeps it)
            document.receipt_number = take_number(
                unit,
                RECEIPT,
                unit.agency_code,
                plan.day.year,
                uid=IUUID(document),
                actor=secretary,
                moment=moments[0],
            )
            document = addContentToContainer(unit["incoming"], document)
        created_on(document, plan.day, moments[0])
        steps = generate_lib.incoming_path(plan.state)
        final = "done" if plan.state == "archived" else plan.state
        actor = secretary
        for position, (step, action) in enumerate(steps):
            if step == rules.DONE:
                break
            after = steps[position + 1][0] if position + 1 < len(steps) else final
            actor = self.incoming_actor(unit, step, secretary)
            transition = rules.transition_for(step, action)
            self.participate(document, (actor,))
            text = plan.opinions.get(step, "")
            self.trail(
                document, INCOMING_WORKFLOW, transition, step, after, actor, text, moments[position]
            )
        last = moments[max(len(steps) - 1, 0)]
        if steps:
            self.settle(document, INCOMING_WORKFLOW, final, (), actor, last, False)
        if plan.state == rules.ARCHIVED:
            self.archive(document, unit, plan)
        finished(document, last)
        return document

    def incoming_actor(self, unit, step, secretary):
        from collective.gongwen.incoming import rules
        from collective.gongwen.org.functions import unit_group_id

        if step == rules.PROPOSING:
            return self.first_member(unit_group_id(unit.getId(), "office_heads"))
        if step == rules.LEADER_READING:
            return self.first_member(unit_group_id(unit.getId(), "leaders"))
        return secretary


def attachment_file(attachment):
    """``(bytes, filename)`` of a generated 附件: made as the demo's files are (DOCX, or a
    PDF with a text layer by WeasyPrint, about 45 ms)."""
    from collective.gongwen.setuphandlers.demo_files import file_bytes

    return file_bytes(
        {"kind": attachment.kind, "title": attachment.title, "paragraphs": attachment.paragraphs}
    )


def original(attachment):
    """A 收文's 来文原件 ``attachment`` as the registration form stores it (``original_file``:
    moved into the document's file ``original`` when it is added, its conversion queued)."""
    from plone.namedfile.file import NamedBlobFile

    data, filename = attachment_file(attachment)
    return NamedBlobFile(data, filename=filename)


def finished(document, moment):
    """Catalogue ``document`` as last changed at ``moment`` (a full reindex dates it now)."""
    from DateTime import DateTime

    document.reindexObject()
    document.setModificationDate(DateTime(moment.isoformat()))


def transition_action(workflow_id, transition):
    """The domain action a workflow transition records (the routing's or the 收文's table)."""
    from collective.gongwen.incoming import rules as incoming_rules
    from collective.gongwen.routing import rules as routing_rules
    from collective.gongwen.steps.roles import OUTGOING_WORKFLOW

    table = (
        routing_rules.TRANSITION_ACTIONS
        if workflow_id == OUTGOING_WORKFLOW
        else incoming_rules.TRANSITION_ACTIONS
    )
    return table.get(transition, transition)


def pending_entries_of(document, files=False):
    """The audit entries of this transaction not yet written that name ``document`` (the data
    manager's own dicts, not copies); ``files``: and those naming the files inside it."""
    import transaction
    from Acquisition import aq_base

    from collective.gongwen.audit.record import PendingEntries

    try:
        manager = transaction.get().data(PendingEntries)
    except KeyError:
        return []
    named = {id(aq_base(document))}
    if files:
        named.update(id(aq_base(item)) for item in document.objectValues())
    return [
        entry
        for entry in manager.entries
        if entry.get("_object") is not None and id(aq_base(entry["_object"])) in named
    ]


def created_on(document, day, moment):
    """``document`` and the files in it (附件, 来文原件) created on ``day``: their dates and the
    catalog's 年度 as if made then, and the entries of their creation (创建: gathered now, as
    every entry of the batch) dated ``moment``."""
    from collective.gongwen.setuphandlers.demo_documents import backdate_creation

    for obj in (document, *document.objectValues()):
        backdate_creation(obj, day)
    for entry in pending_entries_of(document, files=True):
        entry["time"] = moment


# --- the run --------------------------------------------------------------------------------


def counted(catalog):
    return len(catalog.unrestrictedSearchResults(portal_type=list(TYPES)))


def write_row(path, row):
    new = not path.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        if new:
            writer.writeheader()
        writer.writerow(row)


def generate(site, args, out=print):
    """Add ``args.documents`` documents to ``site``; the states made and the CSV rows."""
    from plone import api
    from populate_common import RequestCaches
    from populate_portal import new_publication
    from zope.globalrequest import getRequest

    from collective.gongwen.content import times

    catalog = api.portal.get_tool("portal_catalog")
    db = site._p_jar.db()
    base = counted(catalog)
    writer = Writer(site, base)
    cataloguer = FastCataloguer(catalog, kind=state_kind)
    rng = random.Random(args.seed + base)
    documents = generate_lib.corpus()
    today = times.in_zone(times.utc_now()).date()
    csv_path = Path(args.csv) if args.csv else None
    made, rows, attachments = {}, [], 0
    request_caches = RequestCaches(getRequest())
    db_connection = site._p_jar
    start = time.perf_counter()
    out(f"{base} documents in the site ({storage_name(db)}); adding {args.documents}")

    def write_batch(first, last):
        """Documents ``first`` to ``last`` - 1, written and committed; what they were, and
        how many 附件 they have."""
        batch, attached = collections.Counter(), 0
        for index in range(first, last):
            plan = generate_lib.plan_document(
                rng, index, args.documents, args.first_year, today, documents
            )
            if args.no_attachments:  # drawn all the same: a seed gives the same documents
                plan = dataclasses.replace(plan, attachment=None)
            number = base + index + 1
            with indexed_once(cataloguer):
                if plan.kind == generate_lib.OUTGOING:
                    writer.outgoing(plan, number)
                elif plan.kind == generate_lib.INCOMING:
                    writer.incoming(plan, number)
                else:
                    new_publication(site[plan.unit], rng, number)
            key = f"{plan.kind}:{plan.state}"
            batch[key] += 1
            attached += plan.attachment is not None
        committed(db_connection, request_caches)
        return batch, attached

    done = 0
    with api.env.adopt_roles(["Manager"]), address_books_kept():
        while done < args.documents:
            # a batch ends at the batch size, at the next report, at the end
            last = min(
                done + args.batch,
                (done // args.report_every + 1) * args.report_every,
                args.documents,
            )
            batch, attached = committed_with_retries(write_batch, rng, done, last, out)
            attachments += attached
            for key, count in batch.items():
                made[key] = made.get(key, 0) + count
            done = last
            elapsed = time.perf_counter() - start
            out(f"  {done}/{args.documents} committed, {done / elapsed:.1f} docs/s")
            if done % args.report_every == 0 or done == args.documents:
                storage_bytes, blob_bytes = sizes(db)
                row = {
                    "documents": base + done,
                    "seconds": round(elapsed, 1),
                    "docs_per_second": round(done / elapsed, 1),
                    "storage_bytes": storage_bytes,
                    "blob_bytes": blob_bytes,
                    "catalog_objects": len(catalog),
                    "rss_bytes": rss_bytes(),
                }
                rows.append(row)
                out("  " + ", ".join(f"{k} {v}" for k, v in row.items()))
                if csv_path is not None:
                    write_row(csv_path, row)
    out(f"made: {dict(sorted(made.items()))}")
    out(f"附件: {attachments}" + (" (their conversions queued)" if attachments else ""))
    out(f"{cataloguer.verified} catalog entries checked against Plone's own")
    return made, rows


def committed(connection, request_caches):
    """Commit the batch and start the next as afresh as a served request would: the request's
    caches by object dropped, the connection's cache minimised. ZODB's cache-size bounds the
    objects held in full, not their ghosts: a loaded BTree node keeps a ghost of each bucket it
    refers to, 13 more for every document (208,000 objects held after 2,000, 30,000 of them in
    full); minimised, the next batch loads again what it needs (0.93× the speed, 4.9 → 1.8 KB
    of memory a document; docs/performance.rst)."""
    import transaction

    transaction.commit()
    request_caches.forget()
    connection.cacheMinimize()


# How often one document is written again when its commit keeps meeting conflicts, a
# moment more apart each time, before the run gives up.
CONFLICT_RETRIES = 5
CONFLICT_PAUSE = 0.2  # seconds, times the attempt


def committed_with_retries(write_batch, rng, first, last, out, attempts=CONFLICT_RETRIES):
    """``write_batch(first, last)``, written again from the same draws when its commit meets a
    ZODB conflict (a served cluster's instances and workers write meanwhile): the batch is
    undone whole (documents, numbers, audit entries) and written again as two halves, each
    committed alone, down to one document — a batch that takes longer than the others leave
    between their writes (the workers converting the files of the batch before) gets through
    in smaller ones. One document is written again up to ``attempts`` times, then the run
    gives up."""
    import transaction
    from ZODB.POSException import ConflictError

    drawn = rng.getstate()
    single = last - first == 1
    try:
        return write_batch(first, last)
    except ConflictError as error:
        transaction.abort()
        if single and attempts <= 1:
            raise
        out(f"  documents {first}–{last - 1}: {type(error).__name__}, written again")
        rng.setstate(drawn)
    if single:
        time.sleep(CONFLICT_PAUSE * (CONFLICT_RETRIES - attempts + 1))
        return committed_with_retries(write_batch, rng, first, last, out, attempts - 1)
    middle = (first + last) // 2
    made, attached = committed_with_retries(write_batch, rng, first, middle, out, attempts)
    more, also = committed_with_retries(write_batch, rng, middle, last, out, attempts)
    return made + more, attached + also


def read_rows(path):
    with open(path, newline="") as source:
        return [{k: float(v) for k, v in row.items()} for row in csv.DictReader(source)]


def print_extrapolation(path, target):
    rows = read_rows(path)
    try:
        result = generate_lib.extrapolate(rows, target)
    except ValueError as error:
        sys.exit(f"{path}: {error}")
    gib = 1024**3
    print(f"measured: {len(rows)} rows up to {int(rows[-1]['documents'])} documents ({path})")
    print("model: storage, blobs, catalog objects and RSS grow on a straight line per document;")
    print("       (memory once the cache has filled); the time at the run's mean rate")
    print(f"for {target} documents:")
    print(f"  storage {result['storage_bytes'] / gib:.1f} GiB", end="")
    print(f" ({result['storage_bytes_per_document'] / 1024:.1f} KiB/document)")
    print(f"  blobs   {result['blob_bytes'] / gib:.1f} GiB")
    print(f"  catalog {int(result['catalog_objects'])} objects")
    print(f"  RSS     {result['rss_bytes'] / gib:.2f} GiB of the generating process")
    hours = result["seconds"] / 3600
    print(f"  time    {hours:.1f} h at {result['docs_per_second']:.1f} docs/s")
    return result


def main(app):
    args = parse_args(script_argv())
    if args.extrapolate:
        print_extrapolation(args.extrapolate, args.target)
        return
    # the audit entries of a generator: WAL + NORMAL (a committed entry survives the process
    # being killed) instead of an fsync per entry; a served portal keeps FULL
    os.environ.setdefault("GONGWEN_AUDIT_SYNCHRONOUS", "NORMAL")
    os.environ.setdefault("TZ", "Asia/Shanghai")
    time.tzset()
    from populate_common import open_site

    site = open_site(app, args.site, args.cache_size)
    app.REQUEST["LANGUAGE"] = "zh-cn"
    app.REQUEST.environ["HTTP_ACCEPT_LANGUAGE"] = "zh-cn"
    generate(site, args)


if __name__ == "__main__":
    if "app" in globals():
        main(app)  # noqa: F821 (zconsole run provides ``app``)
    else:
        args = parse_args(sys.argv[1:])
        if not args.extrapolate:
            sys.exit("run under zconsole (see the docstring), or with --extrapolate CSV")
        print_extrapolation(args.extrapolate, args.target)
