"""Fill a demo site with finished 发文 and 收文 for the search benchmark (R-S1, issue 18).

    nice .venv/bin/zconsole run <var>/instance/etc/zope.conf bench/populate_search.py \\
        [--count 10000] [--batch 2000] [--site Plone] [--seed 18]

Stop the server first (FileStorage admits one process). Needs the demo organisation.
Quick, not faithful to the workflows: each document is made with ``createContent`` and
added without events, given its final state (发文 已发送 or 已归档, 收文 办结) by writing the
workflow history and the state's role mappings, and catalogued once — with one 附件 of
plain text (a village's name and two or three paragraphs of official prose) whose text is
in the document's full text. Facet values are spread as in a bureau's decade: 年度
2016–2026, 文种, 紧急程度, 行文方向, 来文机关, 建议保管期限, the two demo units and their
departments; every 发文 has a 文号 and every 收文 a 收文编号 and a 来文字号. The unit's
办公室负责人 takes part in each document, a department's staff member in a quarter.
Each run *adds* ``--count`` documents (other ones each run).

What a bench does not need is left out, not what the site stores: the catalog, its
indexes and lexicon are the site's own, filled by ``catalog_object`` with the values
Plone's indexers give (``fast_catalog.FastCataloguer`` skips only re-reading names known
missing, and checks its entries against Plone's every 250th object); no events fire
(no audit, no conversion job). A request is set as a server has one, the collector is
told the loaded code is no garbage, and a transaction holds ``--batch`` documents.
Prints the rate and the CPU time per document after each transaction.
"""

import argparse
import gc
import inspect
import random
import sys
import time
from pathlib import Path

import transaction
from DateTime import DateTime
from persistent.mapping import PersistentMapping
from plone import api
from plone.app.textfield.value import RichTextValue
from plone.dexterity.utils import createContent
from plone.namedfile.file import NamedBlobFile

HERE = Path(inspect.currentframe().f_code.co_filename).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from fast_catalog import FastCataloguer  # noqa: E402
from populate_common import SENTENCES  # noqa: E402
from populate_common import SUBJECTS  # noqa: E402
from populate_common import VILLAGE_FIRST  # noqa: E402
from populate_common import VILLAGE_SECOND  # noqa: E402
from populate_common import open_site  # noqa: E402
from populate_common import script_argv  # noqa: E402

BATCH = 2000
CACHE_SIZE = 200000  # objects per ZODB connection (the catalog's buckets at 100,000 documents)
GC_THRESHOLD = 100000
UNITS = ("changyuan", "xinxiang")
PARTICIPANTS = {"changyuan": "cy_office_head", "xinxiang": "xx_office_head"}
# A department's staff member takes part in a quarter of the unit's documents.
STAFF = {"changyuan": "cy_flood_staff", "xinxiang": "xx_water_staff"}
STAFF_SHARE = 0.25
YEARS = range(2016, 2027)
KINDS = ("notice", "report", "request", "reply", "letter", "minutes")
KIND_TITLES = {"notice": "通知", "report": "报告", "request": "请示", "reply": "批复"}
URGENCIES = ("normal", "normal", "normal", "urgent", "very_urgent")
DIRECTIONS = ("downward", "downward", "upward", "parallel")
RETENTIONS = ("permanent", "30_years", "10_years", "10_years")
SOURCES = (
    ("黄河水利委员会", "黄水"),
    ("河南黄河河务局", "豫黄"),
    ("新乡市人民政府", "新政"),
    ("长垣市水利局", "长水"),
    ("濮阳河务局", "濮河"),
    ("新乡市应急管理局", "新应急"),
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--site", default="Plone")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--batch", type=int, default=BATCH, help="documents per transaction")
    return parser.parse_args(script_argv())


def prose(rng, sentences):
    return "".join(rng.sample(SENTENCES, sentences))


def village(rng):
    """A village's name, e.g. 「王庄村」: one of 900."""
    return f"{rng.choice(VILLAGE_FIRST)}{rng.choice(VILLAGE_SECOND)}村"


def set_state(document, state, workflow_tool):
    """Put ``document`` in ``state`` of its workflow with that state's permissions."""
    (workflow_id,) = workflow_tool.getChainFor(document)[:1]
    entry = {"action": None, "actor": "bench", "comments": "", "review_state": state}
    entry["time"] = DateTime()
    document.workflow_history = PersistentMapping({workflow_id: (entry,)})
    workflow_tool[workflow_id].updateRoleMappingsFor(document)


def add(container, obj):
    container._setObject(obj.getId(), obj, suppress_events=True)
    return container[obj.getId()]


class Numbers:
    """The next 文号/收文编号 per (unit, kind, year) beyond those already in the catalog."""

    def __init__(self, start):
        self.next = {}
        self.start = start

    def take(self, unit, kind, year):
        key = (unit, kind, year)
        self.next[key] = self.next.get(key, self.start) + 1
        return self.next[key]


def make_document(site, rng, serial, numbers, workflow_tool, cataloguer, departments_of):
    unit = site[rng.choice(UNITS)]
    incoming = rng.random() < 0.4
    year = rng.choice(YEARS)
    kind = rng.choice(KINDS)
    subject = rng.choice(SUBJECTS)
    title = f"关于{subject}的{KIND_TITLES.get(kind, '通知')}"
    departments = departments_of[unit.getId()]
    day = DateTime(f"{year}/{rng.randint(1, 12)}/{rng.randint(1, 28)} 10:00 Asia/Shanghai")
    fields = {
        "title": title,
        "doc_kind": kind,
        "urgency": rng.choice(URGENCIES),
        "classification": "none",
        "text": RichTextValue(f"<p>{prose(rng, 3)}</p>", "text/html", "text/x-html-safe"),
    }
    code = unit.agency_code
    if incoming:
        organ, source_code = rng.choice(SOURCES)
        n = numbers.take(unit.getId(), "receipt", year)
        fields.update(
            source_organ=organ,
            source_number=f"{source_code}〔{year}〕{rng.randint(1, 300)}号",
            received_date=day.asdatetime().date(),
            receipt_number=f"{code}收〔{year}〕{n}号",
            handling_departments=rng.sample(departments, 1) if departments else [],
            copies=1,
        )
        container, portal_type, state = unit["incoming"], "gongwen_incoming", "done"
    else:
        n = numbers.take(unit.getId(), "issue", year)
        fields.update(
            direction=rng.choice(DIRECTIONS),
            issue_number=f"{code}〔{year}〕{n}号",
            written_date=day.asdatetime().date(),
            retention=rng.choice(RETENTIONS),
            drafting_department=rng.choice(departments) if departments else None,
            main_recipients=["局属各科室"],
        )
        container, portal_type = unit["outgoing"], "gongwen_outgoing"
        state = "archived" if year < 2025 and rng.random() < 0.7 else "sent"
    document = createContent(portal_type, id=f"search-bench-{serial}", **fields)
    document = add(container, document)
    document.creation_date = day
    # Who took part (routing gives them this local role): the unit's 办公室主任, and so the
    # benchmark's searcher sees about half of the documents.
    document.manage_setLocalRoles(PARTICIPANTS[unit.getId()], ["GongwenParticipant"])
    if rng.random() < STAFF_SHARE:
        document.manage_setLocalRoles(STAFF[unit.getId()], ["GongwenParticipant"])
    set_state(document, state, workflow_tool)
    attachment = createContent(
        "gongwen_attachment",
        id="attachment-1",
        title=f"附件：{subject}情况表",
        file=NamedBlobFile(
            f"{village(rng)}：{prose(rng, rng.randint(2, 3))}".encode(),
            filename="附件.txt",
            contentType="text/plain",
        ),
    )
    attachment = add(document, attachment)
    cataloguer.catalogue(attachment)
    cataloguer.catalogue(document)
    return document


def departments_by_unit(site):
    """The department UIDs of each unit (read once: the units do not change during a run)."""
    return {
        unit: [
            item.UID()
            for item in site[unit].objectValues()
            if item.portal_type == "gongwen_department"
        ]
        for unit in UNITS
    }


def populate(site, count, seed, batch):
    catalog = api.portal.get_tool("portal_catalog")
    workflow_tool = api.portal.get_tool("portal_workflow")
    already = len(
        catalog.unrestrictedSearchResults(portal_type=["gongwen_outgoing", "gongwen_incoming"])
    )
    rng = random.Random(f"{seed}-{already}")  # each run adds other documents
    numbers = Numbers(start=1000 + already)  # beyond the demo's own numbers
    departments_of = departments_by_unit(site)
    cataloguer = FastCataloguer(catalog)
    # What stays in memory from here on (code, schemas, the site) is no garbage: the
    # collector's full passes over it are skipped, and run less often (a pass per
    # document over a growing heap was a tenth of the time).
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, 50, 1000)
    started, cpu = time.perf_counter(), time.process_time()
    for i in range(count):
        make_document(site, rng, already + i, numbers, workflow_tool, cataloguer, departments_of)
        if (i + 1) % batch == 0 or i + 1 == count:
            transaction.commit()
            site._p_jar.cacheGC()
            elapsed = time.perf_counter() - started
            used = time.process_time() - cpu
            print(
                f"{i + 1}/{count} documents, {(i + 1) / elapsed:.0f}/s, "
                f"{used / (i + 1) * 1000:.1f} ms CPU each, "
                f"{cataloguer.verified} entries checked against Plone's own",
                flush=True,
            )
    total = len(
        catalog.unrestrictedSearchResults(portal_type=["gongwen_outgoing", "gongwen_incoming"])
    )
    print(f"documents in the site: {total}", flush=True)


def main(app):
    args = parse_args()
    site = open_site(app, args.site, CACHE_SIZE)
    with api.env.adopt_roles(["Manager"]):
        populate(site, args.count, args.seed, args.batch)


main(app)  # noqa: F821 - injected by zconsole
