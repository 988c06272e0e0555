"""Fill a demo site with finished 发文 and 收文 for the search benchmark (R-S1, issue 18).

    .venv/bin/zconsole run <var>/instance/etc/zope.conf bench/populate_search.py \\
        [--count 10000] [--site Plone] [--seed 18]

Stop the server first (FileStorage admits one process). Needs the demo organisation.
Quick, not faithful to the workflows: each document is made with ``createContent`` and
added without events, given its final state (发文 已发送 or 已归档, 收文 办结) by writing the
workflow history and the state's role mappings, and catalogued once — with one 附件 of
plain text (two or three paragraphs of official prose) whose text is in the document's
full text. Facet values are spread as in a bureau's decade: 年度 2016–2026, 文种, 紧急程度,
行文方向, 来文机关, 建议保管期限, the two demo units and their departments; every 发文 has a
文号 and every 收文 a 收文编号 and a 来文字号. Each run *adds* ``--count`` documents.
Commits every 500 and prints the rate.
"""

import argparse
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
from zope.component.hooks import setSite

HERE = Path(inspect.currentframe().f_code.co_filename).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from populate_common import SUBJECTS  # noqa: E402
from populate_common import script_argv  # noqa: E402

BATCH = 500
UNITS = ("changyuan", "xinxiang")
PARTICIPANTS = {"changyuan": "cy_office_head", "xinxiang": "xx_office_head"}
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
SENTENCES = (
    "各单位要高度重视，明确责任分工，确保各项措施落实到位。",
    "对堤防、涵闸、险工进行全面检查，发现隐患及时处理。",
    "汛期实行24小时值班和领导带班制度，值班人员不得擅离职守。",
    "已储备编织袋、铅丝网片和石料，满足防汛抢险需要。",
    "加强水利工程建设质量监督，严格执行工程验收制度。",
    "落实最严格水资源管理制度，实行用水总量控制和定额管理。",
    "开展安全生产隐患排查治理，建立问题清单，限期整改。",
    "差旅费报销须附行程单和发票，住宿费按标准执行。",
    "政府采购项目应当公开招标，严禁化整为零规避招标。",
    "严厉打击非法采砂行为，维护河道行洪安全。",
    "春灌期间合理调度引黄涵闸，保障农业灌溉用水。",
    "对水土流失重点区域开展监测，完成年度监测报告。",
    "渠村闸启闭机钢丝绳锈蚀严重，需更换维修。",
    "修订黄河防洪预案，明确各级职责和应急响应程序。",
    "冬季黄河封河期间，加强防凌值守和冰情观测。",
    "做好文书档案归档、整理和移交工作，确保档案完整安全。",
    "严禁在非涉密计算机上处理涉密文件，定期开展保密检查。",
    "组织职工参加河道修防工技能培训，培训结束后进行考核。",
    "畅通群众来信来访渠道，及时化解矛盾纠纷。",
    "滩区群众安置房建设资金缺口较大，请求协调解决。",
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--site", default="Plone")
    parser.add_argument("--seed", type=int, default=18)
    return parser.parse_args(script_argv())


def prose(rng, sentences):
    return "".join(rng.sample(SENTENCES, sentences))


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


def make_document(site, rng, serial, numbers, workflow_tool, catalog):
    unit = site[rng.choice(UNITS)]
    incoming = rng.random() < 0.4
    year = rng.choice(YEARS)
    kind = rng.choice(KINDS)
    subject = rng.choice(SUBJECTS)
    title = f"关于{subject}的{KIND_TITLES.get(kind, '通知')}"
    departments = [
        item.UID() for item in unit.objectValues() if item.portal_type == "gongwen_department"
    ]
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
    set_state(document, state, workflow_tool)
    attachment = createContent(
        "gongwen_attachment",
        id="attachment-1",
        title=f"附件：{subject}情况表",
        file=NamedBlobFile(
            prose(rng, rng.randint(2, 3)).encode("utf-8"),
            filename="附件.txt",
            contentType="text/plain",
        ),
    )
    attachment = add(document, attachment)
    catalog.catalog_object(attachment)
    catalog.catalog_object(document)
    return document


def populate(site, count, seed):
    rng = random.Random(seed)
    catalog = api.portal.get_tool("portal_catalog")
    workflow_tool = api.portal.get_tool("portal_workflow")
    already = len(
        catalog.unrestrictedSearchResults(portal_type=["gongwen_outgoing", "gongwen_incoming"])
    )
    numbers = Numbers(start=1000 + already)  # beyond the demo's own numbers
    started = time.perf_counter()
    for i in range(count):
        make_document(site, rng, already + i, numbers, workflow_tool, catalog)
        if (i + 1) % BATCH == 0 or i + 1 == count:
            transaction.commit()
            rate = (i + 1) / (time.perf_counter() - started)
            print(f"{i + 1}/{count} documents, {rate:.0f}/s", flush=True)
    total = len(
        catalog.unrestrictedSearchResults(portal_type=["gongwen_outgoing", "gongwen_incoming"])
    )
    print(f"documents in the site: {total}", flush=True)


def main(app):
    args = parse_args()
    site = app[args.site]
    setSite(site)
    with api.env.adopt_roles(["Manager"]):
        populate(site, args.count, args.seed)


main(app)  # noqa: F821 - injected by zconsole
