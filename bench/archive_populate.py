"""Fill a demo site with finished 发文 of one year, ready for 批量归档 (``bench/archive_batch.py``).

    nice .venv/bin/zconsole run <var>/instance/etc/zope.conf bench/archive_populate.py \\
        [--count 1000] [--year 2026] [--site Plone] [--batch 500]

Stop the server first (FileStorage admits one process). Each 发文 of 长垣河务局 has what
``tests/support/finished.py`` gives one and 四性检测 asks of it: a 正式文件 whose text
carries its title and 文号 (WeasyPrint, one per title), a 发文稿纸 (a PDF), and an
attachment saved in two versions — four file versions, each a real blob, the attachment's
two and the others' first saved by CMFEditions (``portal_repository.save``), as on a live
site. The 发文 is in 已发送 with that state's role mappings and its drafter's roles.

Quick where a bench may be: the document and its files are made with ``createContent`` and
added without events (no audit entry, no viewer conversion queued, no routing), the
subscribers' own values (拟稿人) written as they write them, and each object catalogued
once with the values Plone's indexers give (``fast_catalog.FastCataloguer``, checked
against Plone's own every 250th). A transaction holds ``--batch`` documents. Prints the
rate after each.
"""

import argparse
import datetime
import gc
import inspect
import sys
import time
from pathlib import Path

import transaction
from DateTime import DateTime
from persistent.mapping import PersistentMapping
from plone import api
from plone.dexterity.utils import createContent

HERE = Path(inspect.currentframe().f_code.co_filename).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]  # bench/ and the repository (tests.support)

from fast_catalog import FastCataloguer  # noqa: E402
from populate_common import SUBJECTS  # noqa: E402
from populate_common import open_site  # noqa: E402
from populate_common import script_argv  # noqa: E402

from collective.gongwen.content.defaults import keep_defaults  # noqa: E402
from collective.gongwen.content.files import ATTACHMENT  # noqa: E402
from collective.gongwen.content.files import SLIP  # noqa: E402
from collective.gongwen.content.files import TYPESET  # noqa: E402
from collective.gongwen.content.files import blob_file  # noqa: E402
from tests.support.bad_files import pdf_bytes  # noqa: E402
from tests.support.finished import typeset_pdf  # noqa: E402
from tests.support.outgoing import body  # noqa: E402

UNIT = "changyuan"
DRAFTER, DEPARTMENT = "cy_eng_staff", "engineering"
DRAFTER_ROLES = ["GongwenDraftOwner", "GongwenParticipant", "GongwenStepAssignee", "Owner"]
BATCH = 500
CACHE_SIZE = 100000


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--site", default="Plone")
    parser.add_argument("--batch", type=int, default=BATCH, help="documents per transaction")
    return parser.parse_args(script_argv())


def add(container, obj):
    container._setObject(obj.getId(), obj, suppress_events=True)
    return container[obj.getId()]


def set_state(document, state, workflow_tool):
    """Put ``document`` in ``state`` of its workflow with that state's permissions."""
    (workflow_id,) = workflow_tool.getChainFor(document)[:1]
    entry = {"action": None, "actor": DRAFTER, "comments": "", "review_state": state}
    entry["time"] = DateTime()
    document.workflow_history = PersistentMapping({workflow_id: (entry,)})
    workflow_tool[workflow_id].updateRoleMappingsFor(document)


class Populator:
    """Makes the documents; what each needs is looked up once."""

    def __init__(self, site, year):
        self.site = site
        self.year = year
        self.unit = site[UNIT]
        self.folder = self.unit["outgoing"]
        self.department = self.unit[DEPARTMENT].UID()
        self.catalog = api.portal.get_tool("portal_catalog")
        self.workflow = api.portal.get_tool("portal_workflow")
        self.repository = api.portal.get_tool("portal_repository")
        self.cataloguer = FastCataloguer(self.catalog)
        self.slip = pdf_bytes()
        self.owner = api.user.get(username=DRAFTER).getUser()

    def file(self, document, data, filename, role, id):
        item = createContent(
            "gongwen_attachment",
            id=id,
            title=filename,
            file=blob_file(data, filename),
            file_role=role,
        )
        item = add(document, item)
        item.changeOwnership(self.owner)
        self.repository.save(obj=item, comment="")
        return item

    def document(self, serial):
        subject = SUBJECTS[serial % len(SUBJECTS)]
        title = f"关于{subject}的通知"
        # One 文号 per subject: the 正式文件 is typeset once per title and 文号.
        number = f"长河〔{self.year}〕{serial % len(SUBJECTS) + 1}号"
        document = createContent(
            "gongwen_outgoing",
            id=f"archive-bench-{serial}",
            title=title,
            doc_kind="notice",
            direction="downward",
            drafting_department=self.department,
            issue_number=number,
            written_date=datetime.date(self.year, 3, 2),
            text=body(),
            main_recipients=["局属各科室"],
            retention="10_years",
        )
        document = add(self.folder, document)
        with api.env.adopt_user(username=DRAFTER):
            keep_defaults(document, None)  # 拟稿人, as the added event stores it
        document.routing_drafter = DRAFTER
        document.changeOwnership(self.owner)
        document.manage_setLocalRoles(DRAFTER, list(DRAFTER_ROLES))
        set_state(document, "sent", self.workflow)
        typeset = typeset_pdf(title, number)
        files = [
            self.file(document, typeset, "正式文件.pdf", TYPESET, "zheng-shi-wen-jian.pdf"),
            self.file(document, self.slip, "发文稿纸.pdf", SLIP, "fa-wen-gao-zhi.pdf"),
        ]
        attachment = self.file(
            document, "值班表第一稿\n".encode(), "附件1.txt", ATTACHMENT, "fu-jian-1.txt"
        )
        attachment.file = blob_file("值班表第二稿\n".encode(), "附件1.txt")
        self.repository.save(obj=attachment, comment="替换文件")
        for item in [*files, attachment]:
            self.cataloguer.catalogue(item)
        self.cataloguer.catalogue(document)
        return document


def populate(site, count, year, batch):
    populator = Populator(site, year)
    already = len(populator.folder.objectIds())
    gc.collect()
    gc.freeze()
    started = time.perf_counter()
    for i in range(count):
        populator.document(already + i)
        if (i + 1) % batch == 0 or i + 1 == count:
            transaction.commit()
            site._p_jar.cacheGC()
            elapsed = time.perf_counter() - started
            print(f"{i + 1}/{count} documents ({(i + 1) / elapsed:.1f}/s)", flush=True)
    print(f"done: {count} in {time.perf_counter() - started:.0f} s", flush=True)


def main(app):
    args = parse_args()
    site = open_site(app, args.site, CACHE_SIZE)
    with api.env.adopt_roles(["Manager"]):
        populate(site, args.count, args.year, args.batch)


main(app)  # noqa: F821 - injected by zconsole
