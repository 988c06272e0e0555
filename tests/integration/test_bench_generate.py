"""Issue 21 item 3: ``bench/generate.py`` writes documents directly that the portal cannot tell
from walked ones — numbering registers agree with the numbers issued, the audit chain verifies,
the catalog, 我的待办, the document page, search and the archive treat them alike.

On the functional layer (the generator commits in batches, as it does on a real site).
"""

import datetime
import sys
from pathlib import Path

import pytest
import transaction
from plone import api
from plone.dexterity.content import ASSIGNABLE_CACHE_KEY
from zope.annotation.interfaces import IAnnotations
from zope.globalrequest import getRequest
from zope.interface import alsoProvides

from collective.gongwen.archive.record import is_archived
from collective.gongwen.audit.record import audit_store
from collective.gongwen.audit.record import store_path
from collective.gongwen.audit.verify import verify
from collective.gongwen.interfaces import IGongwenLayer
from collective.gongwen.numbering import series_record
from collective.gongwen.numbering.rules import ISSUE
from collective.gongwen.numbering.rules import RECEIPT
from collective.gongwen.steps.browser.todo import TodoView
from collective.gongwen.steps.opinions import opinions
from collective.gongwen.steps.roles import OUTGOING_WORKFLOW
from tests.support.archive import sent_outgoing
from tests.support.views import render_as

BENCH = Path(__file__).resolve().parents[2] / "bench"
TYPES = ("gongwen_outgoing", "gongwen_incoming", "gongwen_notice", "gongwen_news")


@pytest.fixture(scope="module")
def generate():
    sys.path.insert(0, str(BENCH))
    import generate as module

    return module


@pytest.fixture
def site(functional_portal):
    alsoProvides(functional_portal.REQUEST, IGongwenLayer)
    return functional_portal


def plan_of(generate, state, **fields):
    """A 长垣 工程管理科 通知 (下行) planned at ``state`` on ``day``."""
    lib = generate.generate_lib
    values = {
        "kind": lib.OUTGOING,
        "unit": "changyuan",
        "state": state,
        "day": datetime.date.today() - datetime.timedelta(days=2),
        "title": "关于做好堤防工程维修的通知",
        "paragraphs": ("渠村闸启闭机钢丝绳锈蚀严重，需更换维修。", "请各科室认真落实。"),
        "department": "engineering",
        "drafter": "cy_eng_staff",
        "direction": "downward",
        "doc_kind": "notice",
        "main_recipients": ("局属各科室",),
        "opinions": {
            "dept_review": "同意。",
            "office_review": "请李局长签发。",
            "leader_sign": "同意印发。",
        },
    }
    values.update(fields)
    return lib.Plan(**values)


def incoming_plan_of(generate, **fields):
    """A 长垣 收文 (a 通知 of 河南黄河河务局) planned 办结 two days ago."""
    lib = generate.generate_lib
    values = {
        "kind": lib.INCOMING,
        "unit": "changyuan",
        "state": "done",
        "day": datetime.date.today() - datetime.timedelta(days=2),
        "title": "关于做好防汛物资储备的通知",
        "paragraphs": ("已储备编织袋、铅丝网片和石料。", "请抓紧落实。"),
        "doc_kind": "notice",
        "source": "河南黄河河务局",
        "opinions": {"proposing": "请局领导阅示。", "leader_reading": "已阅。"},
    }
    values.update(fields)
    return lib.Plan(**values)


def brain_of(document):
    catalog = api.portal.get_tool("portal_catalog")
    (brain,) = catalog.unrestrictedSearchResults(UID=document.UID())
    return brain


def set_indexes(document):
    """The catalog indexes holding a value for ``document``."""
    catalog = api.portal.get_tool("portal_catalog")
    data = catalog.getIndexDataForRID(brain_of(document).getRID())
    return {name for name, value in data.items() if value not in (None, "", (), [], "None")}


def todo_urls(portal, user):
    with api.env.adopt_user(username=user):
        return {row["url"] for row in TodoView(portal, portal.REQUEST).rows(user)}


@pytest.mark.slow
def test_cluster_generate_mix_numbers_catalog_and_audit(site, generate):
    """50 documents of the mix: the kinds and states drawn, every 文号/收文编号 in its series
    (gapless, the series' uid holding it), catalogued, and the audit chain still verifies."""
    catalog = api.portal.get_tool("portal_catalog")
    before = len(catalog.unrestrictedSearchResults(portal_type=list(TYPES)))
    entries_before = audit_store().count()
    args = generate.parse_args(["--documents", "50", "--batch", "20", "--report-every", "25"])
    lines = []
    made, rows = generate.generate(site, args, out=lines.append)

    assert sum(made.values()) == 50
    kinds = {key.split(":")[0] for key in made}
    assert {"outgoing", "incoming"} <= kinds
    assert made.get("outgoing:archived", 0) > 5
    assert len(catalog.unrestrictedSearchResults(portal_type=list(TYPES))) == before + 50
    assert [row["documents"] for row in rows] == [before + 25, before + 50]
    assert all(row["storage_bytes"] > 0 and row["catalog_objects"] > 0 for row in rows)

    generated = [
        brain._unrestrictedGetObject()
        for brain in catalog.unrestrictedSearchResults(portal_type=list(TYPES[:2]))
        if brain.getId.startswith("gen-")
    ]
    numbered = 0
    for document in generated:
        unit = document.aq_parent.aq_parent
        field, kind = (
            ("issue_number", ISSUE)
            if document.portal_type == "gongwen_outgoing"
            else ("receipt_number", RECEIPT)
        )
        number = getattr(document, field, None)
        if not number:
            continue
        numbered += 1
        year = int(number.split("〔")[1].split("〕")[0])
        register = series_record(unit, kind, year)
        (entry,) = [e for e in register["issued"] if e["number"] == number]
        assert entry["uid"] == document.UID() and entry["voided"] is None
        assert [e["n"] for e in register["issued"]] == list(range(1, register["last"] + 1))
    assert numbered > 30

    report = verify(store_path())
    assert report.problem is None
    assert audit_store().count() > entries_before + 50 * 3


@pytest.mark.slow
def test_cluster_generated_sent_like_walked(site, generate):
    """A generated 已发送 发文 and one walked through the workflow: the same catalog indexes
    set, the same state, holders, 文号 form and deliveries; its page renders with its
    opinions, search finds it."""
    walked = sent_outgoing(site, retention="10_years")
    transaction.commit()
    writer = generate.Writer(site, 0)
    with api.env.adopt_roles(["Manager"]), generate.indexed_once():
        made = writer.outgoing(plan_of(generate, "sent", retention="10_years"), 900001)
    transaction.commit()

    assert api.content.get_state(obj=made) == api.content.get_state(obj=walked) == "sent"
    # cmf_uid: CMFEditions' id, given with the walked one's typeset files' saved versions;
    # a generated document has no files (nothing typeset, nothing queued)
    assert set_indexes(made) | {"cmf_uid"} == set_indexes(walked) | {"cmf_uid"}
    assert made.assignees == walked.assignees != ()
    assert made.issue_number.startswith("长河〔")
    assert [o.step for o in opinions(made)] == [o.step for o in opinions(walked)]
    assert [o.action for o in opinions(made)] == [o.action for o in opinions(walked)]
    history = made.workflow_history[OUTGOING_WORKFLOW]
    walked_history = walked.workflow_history[OUTGOING_WORKFLOW]
    assert [(h["action"], h["review_state"]) for h in history] == [
        (h["action"], h["review_state"]) for h in walked_history
    ]
    assert made.signer and made.written_date
    assert sorted(made.get_local_roles_for_userid("cy_eng_head")) == sorted(
        walked.get_local_roles_for_userid("cy_eng_head")
    )

    _view, html = render_as(made, "view", "cy_eng_staff")
    assert "关于做好堤防工程维修的通知" in html and made.issue_number in html
    assert "请李局长签发。" in html
    with api.env.adopt_user(username="cy_eng_staff"):
        found = api.content.find(SearchableText="钢丝绳", portal_type="gongwen_outgoing")
    assert made.UID() in {brain.UID for brain in found}


def test_cluster_generated_open_step_in_todo(site, generate):
    """A generated 发文 at 办公室把关 is in the office head's 我的待办 as a walked one is, and
    not in the department head's who handed it on; urgent, it has its 办理时限 (R-D2)."""
    from collective.gongwen.content.rules import urgency_deadline_problems

    writer = generate.Writer(site, 0)
    deadline = datetime.date.today() + datetime.timedelta(days=3)
    plan = plan_of(generate, "office_review", urgency="urgent", deadline=deadline)
    with api.env.adopt_roles(["Manager"]), generate.indexed_once():
        document = writer.outgoing(plan, 900002)
    transaction.commit()
    assert api.content.get_state(obj=document) == "office_review"
    # R-D2: an urgent one has its 办理时限, as the form and 提交 ask
    assert document.deadline == deadline
    assert urgency_deadline_problems(document.urgency, document.deadline) == []
    # last changed when it was handed on (科室审核), as listed and sorted
    handed_on = opinions(document)[-1].time
    assert brain_of(document).modified.asdatetime() == handed_on
    assert document.assigned_since.asdatetime() == handed_on
    assert document.absolute_url() in todo_urls(site, "cy_office_head")
    assert document.absolute_url() not in todo_urls(site, "cy_eng_head")
    _view, html = render_as(document, "view", "cy_office_head")
    assert "关于做好堤防工程维修的通知" in html


def test_cluster_generated_archived_and_incoming(site, generate):
    """A generated 已归档 发文 is archived by the archive's one path (档号, 归档记录); a
    generated 办结 收文 keeps the 收文编号 its registration took in its year."""
    writer = generate.Writer(site, 0)
    old = datetime.date(2019, 5, 6)
    with api.env.adopt_roles(["Manager"]), generate.indexed_once():
        archived = writer.outgoing(plan_of(generate, "archived", day=old), 900003)
        incoming = writer.incoming(incoming_plan_of(generate, day=old), 900004)
    transaction.commit()
    assert api.content.get_state(obj=archived) == "archived" and is_archived(archived)
    assert archived.issue_number.startswith("长河〔2019〕")
    assert brain_of(archived).gongwen_year == 2019 or "gongwen_year" not in brain_of(archived)
    assert api.content.get_state(obj=incoming) == "done"
    assert incoming.receipt_number.startswith("长河收〔2019〕")
    _view, html = render_as(incoming, "view", "cy_secretary1")
    assert "请局领导阅示。" in html


@pytest.mark.slow
def test_r_a3_generated_attachments_are_uploads(site, generate):
    """A generated 发文's 附件 and a 收文's 来文原件 are files uploaded the one way: in the
    document, named in its 附件说明, their conversions queued, their creation on record on
    the document's day; once converted, a phrase only in the 附件 finds its 发文."""
    from collective.gongwen.content.files import ATTACHMENT
    from collective.gongwen.content.files import ORIGINAL
    from collective.gongwen.content.files import files_of
    from collective.gongwen.content.files import role_of
    from collective.gongwen.conversion.inline import convert_inline
    from collective.gongwen.conversion.status import conversion_status

    lib = generate.generate_lib
    old = datetime.date(2019, 5, 6)
    annex = lib.Attachment("docx", "2019年防汛物资储备人员名单", ("张庄险工抢险队员名单已核定。",))
    letter = lib.Attachment("pdf", "2019年河道采砂管理实施细则", ("采砂船只一律停靠指定码头。",))
    writer = generate.Writer(site, 0)
    with api.env.adopt_roles(["Manager"]), generate.indexed_once():
        sent = writer.outgoing(plan_of(generate, "sent", day=old, attachment=annex), 900020)
        incoming = writer.incoming(incoming_plan_of(generate, day=old, attachment=letter), 900021)
    transaction.commit()

    (item,) = files_of(sent)
    assert role_of(item) == ATTACHMENT and item.title == annex.title
    assert item.file.filename.endswith(".docx") and sent.attachment_note == [annex.title]
    assert item.created().strftime("%Y-%m-%d") == "2019-05-06"
    (original,) = [f for f in files_of(incoming) if role_of(f) == ORIGINAL]
    assert original.file.filename.endswith(".pdf")
    assert original.created().strftime("%Y-%m-%d") == "2019-05-06"
    catalog = api.portal.get_tool("portal_catalog")
    queued = {brain.UID for brain in catalog.unrestrictedSearchResults(conversion_state="queued")}
    for file in (item, original):
        assert conversion_status(file)["state"] == "queued" and file.UID() in queued
    created = [
        entry
        for entry in audit_store().entries_of(
            "cy_eng_staff", *(datetime.datetime(2019, 5, d, tzinfo=datetime.UTC) for d in (5, 8))
        )
        if entry["action"] == "create"
    ]
    assert {entry["object_uid"] for entry in created} >= {sent.UID(), item.UID()}

    with api.env.adopt_user(username="cy_eng_staff"):
        assert convert_inline(item) == "done"
        transaction.commit()
        found = api.content.find(SearchableText="抢险队员", portal_type="gongwen_outgoing")
    assert sent.UID() in {brain.UID for brain in found}


@pytest.mark.slow
def test_cluster_generated_quick_entries_are_plones_own(site, generate):
    """The generator makes its catalog entries through ``fast_catalog`` (names missing on the
    first documents of a type and state are not asked again): with every entry after the
    first of its kind catalogued again Plone's way and compared, none differs; an entry
    missing a value is reported by name."""
    fast_catalog = sys.modules["fast_catalog"]
    catalog = api.portal.get_tool("portal_catalog")
    cataloguer = fast_catalog.FastCataloguer(
        catalog, learn=1, verify_every=1, kind=generate.state_kind
    )
    writer = generate.Writer(site, 0)
    old = datetime.date(2019, 5, 6)
    with api.env.adopt_roles(["Manager"]):
        made = []
        for number in range(3):
            with generate.indexed_once(cataloguer):
                made.append(
                    writer.outgoing(plan_of(generate, "archived", day=old), 900010 + number)
                )
    transaction.commit()
    # the 发文 and its 归档记录, twice each after the first
    assert cataloguer.verified >= 4
    assert all(brain_of(document).review_state == "archived" for document in made)

    kind = generate.state_kind(made[0])
    cataloguer.absent[kind] = cataloguer.absent[kind] | {"Title"}
    with (
        api.env.adopt_roles(["Manager"]),
        pytest.raises(fast_catalog.EntryMismatch, match="Title"),
        generate.indexed_once(cataloguer),
    ):
        writer.outgoing(plan_of(generate, "archived", day=old), 900013)
    transaction.abort()


@pytest.mark.slow
def test_cluster_a_name_the_document_holds_is_read_though_learned_missing(site, generate):
    """A 发文 with a 附件 holds the ``cmf_uid`` CMFEditions gave it; the first 发文 of its state
    had none. Its quick entry still reads it (a 10,000-document run stopped on that
    difference after 9,800)."""
    fast_catalog = sys.modules["fast_catalog"]
    cataloguer = fast_catalog.FastCataloguer(
        api.portal.get_tool("portal_catalog"), learn=1, verify_every=1, kind=generate.state_kind
    )
    writer = generate.Writer(site, 0)
    old = datetime.date(2019, 5, 6)
    lib = generate.generate_lib
    annex = lib.Attachment("docx", "2019年防汛物资储备人员名单", ("名单已核定。",))
    with api.env.adopt_roles(["Manager"]):
        with generate.indexed_once(cataloguer):
            plain = writer.outgoing(plan_of(generate, "archived", day=old), 900030)
        assert "cmf_uid" in cataloguer.absent[generate.state_kind(plain)]
        with generate.indexed_once(cataloguer):
            annexed = writer.outgoing(
                plan_of(generate, "archived", day=old, attachment=annex), 900031
            )
    assert "cmf_uid" in vars(annexed)
    assert brain_of(annexed).cmf_uid == annexed.cmf_uid()
    assert cataloguer.verified >= 1
    transaction.abort()


@pytest.mark.slow
@pytest.mark.parametrize("conflicts", [2, 6, 50])
def test_cluster_generate_writes_a_conflicting_batch_again(site, generate, monkeypatch, conflicts):
    """A batch whose commit meets a ZODB conflict (the cluster's instances and workers write
    meanwhile) is undone and written again from the same draws, in halves down to one
    document, that one up to ``CONFLICT_RETRIES`` times: the site gets each planned document
    once, or the run gives up (50 conflicts in a row) with nothing half written."""
    from ZODB.POSException import ConflictError

    catalog = api.portal.get_tool("portal_catalog")
    before = len(catalog.unrestrictedSearchResults(portal_type=list(TYPES)))
    outgoing = generate.Writer.outgoing
    failed = []

    def conflicting(writer, plan, number):
        document = outgoing(writer, plan, number)
        if len(failed) < conflicts:
            failed.append(number)
            raise ConflictError("a worker wrote the catalog")
        return document

    monkeypatch.setattr(generate.Writer, "outgoing", conflicting)
    monkeypatch.setattr(generate, "CONFLICT_PAUSE", 0)
    args = generate.parse_args(["--documents", "12", "--batch", "6", "--seed", "3"])
    lines = []
    if conflicts > 6:
        with pytest.raises(ConflictError):
            generate.generate(site, args, out=lines.append)
        transaction.abort()
        # documents 0–5 and 0–2 halving down to the first, then the first 5 times
        assert len(failed) == 2 + generate.CONFLICT_RETRIES
        assert len(catalog.unrestrictedSearchResults(portal_type=list(TYPES))) == before
        assert verify(store_path()).problem is None
        return
    made, _rows = generate.generate(site, args, out=lines.append)

    again = [line for line in lines if "ConflictError, written again" in line]
    assert len(failed) == len(again) == conflicts
    assert "documents 0–5" in again[0] and "documents 0–2" in again[1]
    if conflicts == 6:  # 0–5, 0–2, 0 four times: the fifth time it went in
        assert again[2:] == ["  documents 0–0: ConflictError, written again"] * 4
    assert sum(made.values()) == 12
    ids = [
        brain.getId
        for brain in catalog.unrestrictedSearchResults(portal_type=list(TYPES[:2]))
        if brain.getId.startswith("gen-")
    ]
    assert len(ids) == len(set(ids)) == made_documents(made)
    assert len(catalog.unrestrictedSearchResults(portal_type=list(TYPES))) == before + 12
    assert verify(store_path()).problem is None


def made_documents(made):
    """How many of ``made`` (``generate``'s counts) are 发文 and 收文."""
    return sum(count for key, count in made.items() if key.split(":")[0] != "publication")


@pytest.mark.slow
def test_cluster_generate_keeps_no_per_document_caches_on_its_request(site, generate):
    """The generator writes in one long request: what Plone keeps on a request per object
    (plone.dexterity's behavior assignables, plone.memoize's memos) is dropped at each commit,
    as a served request drops it at its end; it grew with every document."""
    request = getRequest()
    args = generate.parse_args(["--documents", "8", "--batch", "4", "--report-every", "8"])
    generate.generate(site, args, out=[].append)
    catalog = api.portal.get_tool("portal_catalog")
    generated = [
        brain._unrestrictedGetObject()
        for brain in catalog.unrestrictedSearchResults(portal_type=list(TYPES))
        if brain.getId.startswith("gen-")
    ]
    assert generated
    oids = {document._p_oid for document in generated}
    assert not oids & set(getattr(request, ASSIGNABLE_CACHE_KEY, {}))
    memos = IAnnotations(request).get("plone.memoize", {})
    assert not [key for key in memos if "/gen-" in "/".join(map(str, key[0]))]
    assert request.get("LANGUAGE") == site.REQUEST.get("LANGUAGE")  # what it held is kept


def test_cluster_a_generated_batch_leaves_its_objects_as_ghosts(site, generate):
    """After each commit the connection's cache is minimised: the objects a batch loaded, and
    the ghosts of the buckets they refer to, are not kept for the rest of the run."""
    from populate_common import RequestCaches

    document = site.changyuan.outgoing
    document.title  # noqa: B018 - loaded, as a batch loads what it writes
    assert document._p_status != "ghost"
    generate.committed(site._p_jar, RequestCaches(getRequest()))
    assert document._p_status == "ghost"
