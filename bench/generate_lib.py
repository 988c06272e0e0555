"""The generator's rules (``bench/generate.py``), plain Python: the mix of a bureau's documents,
their states, kinds, dates, titles and bodies, the steps each one went through, and the growth
model that extrapolates measured sizes to a million documents. No Zope: unit-tested alone.

The mix is measured on the demo year (``profiles/demo_documents/documents.json``, 47
documents) and stretched to the years of a bureau (see ``bench/generate.py``'s docstring for
the figures); every choice is drawn from one ``random.Random`` so a seed gives the same site.
"""

import datetime
import json
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

from populate_common import SENTENCES
from populate_common import SUBJECTS

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "search_corpus" / "documents.json"

OUTGOING, INCOMING, PUBLICATION = "outgoing", "incoming", "publication"
# 发文 : 收文 : 通知公告/工作动态. The demo year has 31 : 16 : 7 (published items); a bureau's
# registry over the years receives about as much as it sends, publications stay a few in 100.
KIND_SHARES = {OUTGOING: 55, INCOMING: 40, PUBLICATION: 5}

# A document's state follows its day, as in a registry: documents of past years are 已归档
# (归档 is yearly), this year's are 已发送 (发文) or 办结 (收文), and those of the last
# ``RECENT_DAYS`` are on their way (as many as the site has documents a day). Their steps
# (per cent; demo: of its 12 open 发文, 3 at 办公室把关, 1 each at 拟稿/科室审核/签发/登记编号,
# the rest 已发送 within the month):
OPEN_OUTGOING_STATES = {
    "draft": 8,
    "dept_review": 14,
    "office_review": 18,
    "leader_review": 6,  # 上行 only; 下行 is at leader_sign instead
    "sign": 14,  # leader_sign (下行) or director_sign (上行)
    "numbering": 10,
    "secretary_check": 6,
    "sent": 24,
}
# 收文 of the last days: registered (待送拟办) or already 办结 (demo: 3 of 10 open).
OPEN_INCOMING_STATES = {"registered": 40, "done": 60}
# (unit, department, drafter, weight): the demo's 发文 by department (11, 9, 7, 4).
DRAFTERS = (
    ("changyuan", "flood", "cy_flood_staff", 11),
    ("changyuan", "engineering", "cy_eng_staff", 9),
    ("changyuan", "finance", "cy_fin_staff", 7),
    ("xinxiang", "water", "xx_water_staff", 4),
)
# 收文 registered by each unit (the demo's 10 收文 are 长垣's; 新乡 registers some too).
INCOMING_UNITS = {"changyuan": 85, "xinxiang": 15}
# Demo: 18 of 31 下行 通知; 4 上行 报告, 2 请示; 1 决定, 1 意见, 1 函 (平行).
DOWNWARD_KINDS = {"notice": 88, "decision": 6, "opinion": 6}
UPWARD_KINDS = {"report": 67, "request": 33}
KIND_TITLES = {
    "notice": "通知",
    "decision": "决定",
    "opinion": "意见",
    "report": "报告",
    "request": "请示",
    "letter": "函",
}
UPWARD_SHARE = 0.2  # demo: 6 of 31
# Demo: 25 normal, 5 加急 (urgent), 1 特急 of 31; 收文 8 normal, 2 urgent of 10.
URGENCIES = {"normal": 81, "urgent": 16, "very_urgent": 3}
# R-D2: 加急 and 特急 documents carry a 办理时限 (the forms refuse them without one): days
# after the document's day, drawn between these.
URGENT_DAYS = {"urgent": (3, 7), "very_urgent": (1, 3)}
RETENTIONS = {"10_years": 45, "30_years": 35, "permanent": 20}  # demo: 14, 11, 6
SOURCES = ("河南黄河河务局", "长垣市人民政府", "新乡市水利局", "黄河水利委员会", "长垣市财政局")
# 待签收: deliveries to a unit on the portal that nobody signed yet. A unit with hundreds
# waiting (新乡's 788 of about 100,000 in the issue): about 0.8 % of the documents are 发文
# addressed to another unit of the portal, and stay waiting there.
PORTAL_RECIPIENT_SHARE = 0.018
PORTAL_RECIPIENTS = {"changyuan": "新乡河务局", "xinxiang": "长垣河务局"}
# Who else gets them: a distribution list of the unit (下行), an organ of its address book.
OTHER_RECIPIENTS = {
    ("changyuan", "downward"): ("局属各科室",),
    ("changyuan", "upward"): ("长垣市人民政府",),
    ("xinxiang", "downward"): ("新乡市水利局",),
    ("xinxiang", "upward"): ("河南黄河河务局",),
}
OPINIONS = {
    "dept_review": ("同意，请办公室把关。", "同意。", "已核，请办公室审核。"),
    "office_review": ("文字已核，请局领导审签。", "同意，请领导审阅。", "已把关，请签发。"),
    "leader_review": ("同意，请局长签发。", "同意上报。"),
    "director_sign": ("同意。", "同意上报。"),
    "leader_sign": ("同意印发。", "同意。"),
}
PROPOSALS = ("请局领导阅示。", "请分管领导阅示，有关科室办理。", "请局长阅示。")
READINGS = ("已阅。", "同意，请按要求办理。", "请有关科室认真落实。")
RECENT_DAYS = 20

# 附件 (R-A3) in the demo year's shares: 5 of its 31 发文 carry one (3 Word, 2 PDF), 1 of its 16
# 收文 came with its 来文原件 (there a scan; here a PDF with a text layer, which the
# conversion reads without OCR). Their text is the corpus's, so search finds them by it.
ATTACHMENT_SHARES = {OUTGOING: 5 / 31, INCOMING: 1 / 16}
OUTGOING_ATTACHMENT_KINDS = {"docx": 3, "pdf": 2}
ATTACHMENT_TITLES = ("工作方案", "情况统计表", "实施细则", "人员名单", "验收报告", "管理办法")


def weighted(rng, weights):
    """One key of ``weights`` (a dict key → weight), drawn by ``rng``."""
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def corpus():
    """The search bench's documents (``bench/search_corpus/documents.json``): title and body."""
    return json.loads(CORPUS.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Attachment:
    """A generated 附件 (a 收文's: its 来文原件): the file's kind (docx, pdf), title and text."""

    kind: str
    title: str
    paragraphs: tuple


@dataclass(frozen=True)
class Plan:
    """What one generated document is: its type, unit, people, values, state and day."""

    kind: str
    unit: str
    state: str
    day: datetime.date
    title: str
    paragraphs: tuple
    department: str = ""
    drafter: str = ""
    direction: str = ""
    doc_kind: str = ""
    urgency: str = "normal"
    retention: str = "10_years"
    main_recipients: tuple = ()
    source: str = ""
    opinions: dict = field(default_factory=dict)
    deadline: datetime.date | None = None
    attachment: Attachment | None = None


def outgoing_path(direction, state):
    """The steps a 发文 at ``state`` went through, each ``(step, action)``, in order.

    上行 goes through 领导审核 to the 局长's 签发, 下行 to a 领导's 签发; ``sign`` names the
    签发 step of the direction, ``leader_review`` of a 下行 document is its 签发 step.
    """
    sign = "director_sign" if direction == "upward" else "leader_sign"
    steps = [("draft", "submit"), ("dept_review", "approve"), ("office_review", "approve")]
    if direction == "upward":
        steps.append(("leader_review", "approve"))
    steps += [(sign, "sign"), ("numbering", "number"), ("secretary_check", "send")]
    steps += [("sent", "archive")]
    target = final_outgoing_state(direction, state)
    done = []
    for step, action in steps:
        if step == target:
            return done
        done.append((step, action))
    if target == "archived":
        return done
    raise ValueError(f"no 发文 step {state!r}")


def final_outgoing_state(direction, state):
    """The workflow state of ``OPEN_OUTGOING_STATES``' ``state`` for a 发文 going ``direction``."""
    if state == "sign" or (state == "leader_review" and direction != "upward"):
        return "director_sign" if direction == "upward" else "leader_sign"
    return state


INCOMING_PATH = (
    ("registered", "send_to_propose"),
    ("proposing", "propose"),
    ("routing", "send_to_leaders"),
    ("leader_reading", "read"),
    ("dispatching", "dispatch"),
    ("handling", "finish_part"),
    ("closing", "close"),
    ("done", "archive"),
)


def incoming_path(state):
    """The steps a 收文 at ``state`` (registered, done, archived) went through."""
    done = []
    for step, action in INCOMING_PATH:
        if step == state:
            return done
        done.append((step, action))
    if state == "archived":
        return done
    raise ValueError(f"no 收文 step {state!r}")


def day_of(index, count, first_year, today):
    """The day of document ``index`` of ``count``: spread evenly from 1 January of
    ``first_year`` to ``today``, in order (so the numbers of a year follow their days)."""
    start = datetime.date(first_year, 1, 1)
    span = max((today - start).days, 0)
    return start + datetime.timedelta(days=int(span * index / max(count, 1)))


def state_for(rng, day, today, past, recent, open_states):
    """The state of a document of ``day``: ``past`` for a past year's, ``recent`` for this
    year's, one of ``open_states`` (drawn) within the last ``RECENT_DAYS``."""
    if (today - day).days <= RECENT_DAYS:
        return weighted(rng, open_states)
    return past if day.year < today.year else recent


def step_moments(day, steps, zone):
    """Aware datetimes of ``steps`` steps from 09:00 on ``day`` in ``zone``, two hours
    apart within the working day, then on the next days; oldest first."""
    moments = []
    moment = datetime.datetime.combine(day, datetime.time(9), tzinfo=zone)
    for _ in range(steps):
        moments.append(moment)
        moment += datetime.timedelta(hours=2)
        if moment.hour > 17:
            moment = datetime.datetime.combine(
                moment.date() + datetime.timedelta(days=1), datetime.time(9), tzinfo=zone
            )
    return moments


def title_of(rng, documents, kind_title):
    """A Chinese title: a corpus title (its own 文种 word replaced) or 关于<subject>的<文种>."""
    if documents and rng.random() < 0.5:
        title = rng.choice(documents)["title"]
        for word in KIND_TITLES.values():
            if title.endswith(f"的{word}"):
                return title[: -len(word)] + kind_title
        return title
    return f"关于{rng.choice(SUBJECTS)}的{kind_title}"


def paragraphs_of(rng, documents, count=3):
    """``count`` paragraphs: a corpus body first (searchable words), then the word lists'."""
    first = rng.choice(documents)["body"] if documents else rng.choice(SENTENCES)
    return (first, *rng.sample(SENTENCES, count - 1))


def urgency_of(rng, day):
    """The 紧急程度 of a document of ``day`` and, when urgent, its 办理时限 (R-D2)."""
    urgency = weighted(rng, URGENCIES)
    if urgency not in URGENT_DAYS:
        return {"urgency": urgency, "deadline": None}
    days = rng.randint(*URGENT_DAYS[urgency])
    return {"urgency": urgency, "deadline": day + datetime.timedelta(days=days)}


def attachment_of(rng, documents, year, share, kinds):
    """The 附件 of a document of ``year``, drawn with ``share`` (else None): an ``Attachment``
    of a kind drawn from ``kinds``, titled 「<year>年<subject><what>」."""
    if rng.random() >= share:
        return None
    title = f"{year}年{rng.choice(SUBJECTS)}{rng.choice(ATTACHMENT_TITLES)}"
    return Attachment(weighted(rng, kinds), title, paragraphs_of(rng, documents, 4))


def plan_document(rng, index, count, first_year, today, documents):
    """The ``Plan`` of document ``index`` of ``count`` (drawn with ``rng``, deterministic)."""
    kind = weighted(rng, KIND_SHARES)
    if kind == OUTGOING:
        return plan_outgoing(rng, index, count, first_year, today, documents)
    if kind == INCOMING:
        return plan_incoming(rng, index, count, first_year, today, documents)
    return Plan(
        kind=PUBLICATION,
        unit="changyuan",
        state="published",
        day=day_of(index, count, first_year, today),
        title="",
        paragraphs=(),
    )


def plan_outgoing(rng, index, count, first_year, today, documents):
    unit, department, drafter, _ = rng.choices(DRAFTERS, weights=[d[3] for d in DRAFTERS])[0]
    direction = "upward" if rng.random() < UPWARD_SHARE else "downward"
    doc_kind = weighted(rng, UPWARD_KINDS if direction == "upward" else DOWNWARD_KINDS)
    day = day_of(index, count, first_year, today)
    state = state_for(rng, day, today, "archived", "sent", OPEN_OUTGOING_STATES)
    if rng.random() < PORTAL_RECIPIENT_SHARE:
        recipients = (PORTAL_RECIPIENTS[unit],)
        state = "sent"  # waiting to be signed for (待签收) over there
    else:
        recipients = OTHER_RECIPIENTS[(unit, direction)]
    steps = outgoing_path(direction, state)
    opinions = {step: rng.choice(OPINIONS[step]) for step, _ in steps if step in OPINIONS}
    return Plan(
        kind=OUTGOING,
        unit=unit,
        state=final_outgoing_state(direction, state),
        day=day,
        title=title_of(rng, documents, KIND_TITLES[doc_kind]),
        paragraphs=paragraphs_of(rng, documents),
        department=department,
        drafter=drafter,
        direction=direction,
        doc_kind=doc_kind,
        **urgency_of(rng, day),
        retention=weighted(rng, RETENTIONS),
        main_recipients=recipients,
        opinions=opinions,
        attachment=attachment_of(
            rng, documents, day.year, ATTACHMENT_SHARES[OUTGOING], OUTGOING_ATTACHMENT_KINDS
        ),
    )


def plan_incoming(rng, index, count, first_year, today, documents):
    day = day_of(index, count, first_year, today)
    state = state_for(rng, day, today, "archived", "done", OPEN_INCOMING_STATES)
    return Plan(
        kind=INCOMING,
        unit=weighted(rng, INCOMING_UNITS),
        state=state,
        day=day,
        title=title_of(rng, documents, "通知"),
        paragraphs=paragraphs_of(rng, documents),
        doc_kind="notice",
        **urgency_of(rng, day),
        retention="30_years",
        source=rng.choice(SOURCES),
        opinions={"proposing": rng.choice(PROPOSALS), "leader_reading": rng.choice(READINGS)},
        attachment=attachment_of(rng, documents, day.year, ATTACHMENT_SHARES[INCOMING], {"pdf": 1}),
    )


# --- growth: measured rows → a million -----------------------------------------------------


def fit_line(points):
    """Least squares ``(slope, intercept)`` of ``points`` ((x, y) pairs, at least one)."""
    points = list(points)
    n = len(points)
    if n == 1:
        x, y = points[0]
        return (y / x if x else 0.0), 0.0
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    if not spread:
        return 0.0, mean_y
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / spread
    return slope, mean_y - slope * mean_x


GROWTH_COLUMNS = ("storage_bytes", "blob_bytes", "catalog_objects", "rss_bytes")


def extrapolate(rows, target):
    """What ``target`` documents need, from measured ``rows`` (dicts of the CSV's columns,
    numbers): each of ``GROWTH_COLUMNS`` and ``seconds`` fitted as a straight line of the
    document count (storage, blobs and catalog grow by a fixed amount per document; the
    process's memory is its code plus a cache of fixed size plus what grows: the line's slope,
    fitted on the second half of the rows, once the cache has filled),
    and the generation time at the run's mean rate between its first and last rows (the
    mix of a run changes with the years: its last documents are this year's, not archived)."""
    rows = sorted(rows, key=lambda row: row["documents"])
    if len(rows) < 2:
        raise ValueError("two measured rows at least (the line's slope and where it starts)")
    result = {"documents": target}
    warm = rows[len(rows) // 2 :] if len(rows) >= 4 else rows
    for name in GROWTH_COLUMNS:
        # memory: only once the ZODB cache has filled up (its first rows are the cache
        # filling, not growth); an upper bound — the cache holds --cache-size objects
        fitted = warm if name == "rss_bytes" else rows
        slope, intercept = fit_line((row["documents"], row[name]) for row in fitted)
        result[name] = max(intercept + slope * target, 0)
        result[f"{name}_per_document"] = slope
    # the run's mean rate: its last rows are this year's documents (not archived), faster
    added = rows[-1]["documents"] - rows[0]["documents"]
    took = rows[-1]["seconds"] - rows[0]["seconds"]
    rate = added / took if took > 0 else 0.0
    result["docs_per_second"] = rate
    result["seconds"] = rows[-1]["seconds"] + (target - rows[-1]["documents"]) / rate if rate else 0
    return result
