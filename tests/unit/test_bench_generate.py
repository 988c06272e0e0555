"""Issue 21 item 3: the generator's rules (``bench/generate_lib.py``): the mix, the paths of
steps, the days, the texts and the growth model — seeded and deterministic."""

import collections
import datetime
import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import generate_lib as lib  # noqa: E402

TODAY = datetime.date(2026, 12, 6)
ZONE = datetime.timezone(datetime.timedelta(hours=8))


def plans(count, seed=1, first_year=2017):
    rng = random.Random(seed)
    documents = lib.corpus()
    return [lib.plan_document(rng, i, count, first_year, TODAY, documents) for i in range(count)]


def test_cluster_generate_same_seed_same_site():
    assert plans(200, seed=4) == plans(200, seed=4)
    assert plans(200, seed=4) != plans(200, seed=5)


def test_cluster_generate_mix_follows_the_shares():
    drawn = plans(5000)
    kinds = collections.Counter(plan.kind for plan in drawn)
    assert 0.50 < kinds[lib.OUTGOING] / 5000 < 0.60
    assert 0.35 < kinds[lib.INCOMING] / 5000 < 0.45
    assert 0.03 < kinds[lib.PUBLICATION] / 5000 < 0.07
    outgoing = [plan for plan in drawn if plan.kind == lib.OUTGOING]
    states = collections.Counter(plan.state for plan in outgoing)
    # ten years: nine archived, this year's sent, the last days' on their way
    assert 0.85 < states["archived"] / len(outgoing) < 0.92
    assert 0.07 < states["sent"] / len(outgoing) < 0.13
    assert {p.unit for p in outgoing} == {"changyuan", "xinxiang"}


def test_cluster_generate_attachments_in_the_demo_years_shares():
    """16 % of 发文 carry a 附件 (Word or PDF), 6 % of 收文 a 来文原件 (PDF), with Chinese
    titles of their year and the corpus's text; publications none."""
    drawn = plans(6000)
    for kind, low, high in ((lib.OUTGOING, 0.13, 0.20), (lib.INCOMING, 0.04, 0.085)):
        of_kind = [plan for plan in drawn if plan.kind == kind]
        share = sum(plan.attachment is not None for plan in of_kind) / len(of_kind)
        assert low < share < high, (kind, share)
    assert all(p.attachment is None for p in drawn if p.kind == lib.PUBLICATION)
    outgoing = collections.Counter(
        p.attachment.kind for p in drawn if p.kind == lib.OUTGOING and p.attachment
    )
    assert set(outgoing) == {"docx", "pdf"} and outgoing["docx"] > outgoing["pdf"]
    incoming = {p.attachment.kind for p in drawn if p.kind == lib.INCOMING and p.attachment}
    assert incoming == {"pdf"}
    for plan in drawn:
        if plan.attachment:
            assert plan.attachment.title.startswith(f"{plan.day.year}年")
            assert len(plan.attachment.paragraphs) == 4
            for text in plan.attachment.paragraphs:
                assert sum("\u4e00" <= c <= "\u9fff" for c in text) > len(text) / 2


def test_r_d2_generated_urgent_documents_have_a_deadline():
    """Every 加急/特急 document has its 办理时限 a few days after its day; a 平件 has none."""
    drawn = [plan for plan in plans(3000) if plan.kind != lib.PUBLICATION]
    urgencies = collections.Counter(plan.urgency for plan in drawn)
    assert urgencies["urgent"] and urgencies["very_urgent"]
    for plan in drawn:
        if plan.urgency == "normal":
            assert plan.deadline is None
        else:
            low, high = lib.URGENT_DAYS[plan.urgency]
            assert low <= (plan.deadline - plan.day).days <= high


def test_cluster_generate_open_steps_of_the_last_days():
    """A year's documents: those of the last days at each step, 上行 alone at 领导审核."""
    drawn = plans(5000, first_year=TODAY.year)
    outgoing = [plan for plan in drawn if plan.kind == lib.OUTGOING]
    states = collections.Counter(plan.state for plan in outgoing)
    for state in ("draft", "dept_review", "office_review", "numbering", "secretary_check"):
        assert states[state] > 0, state
    assert states["leader_sign"] + states["director_sign"] > 0
    assert all(p.direction == "upward" for p in outgoing if p.state == "leader_review")
    incoming = collections.Counter(p.state for p in drawn if p.kind == lib.INCOMING)
    assert incoming["registered"] > 0 and incoming["done"] > incoming["registered"]


def test_cluster_generate_in_trays_do_not_grow_with_the_archive():
    """Ten times the documents over the same years: ten times the archive, the same days'
    worth of open documents per day (a working day's in-trays, not a share of everything)."""
    finished = ("archived", "sent", "done")
    small = sum(p.state not in finished for p in plans(2000) if p.kind != lib.PUBLICATION)
    large = sum(p.state not in finished for p in plans(20000) if p.kind != lib.PUBLICATION)
    assert large < 2000 * 0.01 * 10 * 2  # a few per cent of the last days', not 12 % of all
    assert 5 * small < large < 15 * small


def test_cluster_generate_waiting_deliveries_are_a_few_in_a_thousand():
    """待签收: about 0.8 % of documents wait at the other unit, all of them sent."""
    drawn = plans(20000)
    waiting = [p for p in drawn if set(p.main_recipients) & set(lib.PORTAL_RECIPIENTS.values())]
    assert 0.005 < len(waiting) / 20000 < 0.012
    assert {p.state for p in waiting} == {"sent"}


def test_cluster_generate_states_follow_the_days():
    drawn = [p for p in plans(3000) if p.kind != lib.PUBLICATION]
    open_ = [p for p in drawn if p.state not in ("archived", "sent", "done")]
    assert open_ and all((TODAY - p.day).days <= lib.RECENT_DAYS for p in open_)
    archived = [p for p in drawn if p.state == "archived"]
    assert {p.day.year for p in archived} == set(range(2017, 2026))
    assert all(p.day.year == TODAY.year for p in drawn if p.state == "done")


def test_cluster_generate_days_follow_their_index():
    """Numbers of a year follow their days: documents are dated in order."""
    days = [lib.day_of(i, 100, 2020, TODAY) for i in range(100)]
    assert days == sorted(days) and days[0] == datetime.date(2020, 1, 1)
    assert days[-1] <= TODAY


@pytest.mark.parametrize(
    ("direction", "state", "steps"),
    [
        ("downward", "draft", []),
        ("downward", "office_review", ["draft", "dept_review"]),
        (
            "downward",
            "archived",
            [
                "draft",
                "dept_review",
                "office_review",
                "leader_sign",
                "numbering",
                "secretary_check",
                "sent",
            ],
        ),
        ("upward", "sign", ["draft", "dept_review", "office_review", "leader_review"]),
        ("downward", "leader_review", ["draft", "dept_review", "office_review"]),
    ],
)
def test_cluster_generate_outgoing_paths(direction, state, steps):
    assert [step for step, _ in lib.outgoing_path(direction, state)] == steps


def test_cluster_generate_incoming_paths():
    assert lib.incoming_path("registered") == []
    done = lib.incoming_path("done")
    assert [step for step, _ in done][-1] == "closing"
    assert lib.incoming_path("archived") == [*done, ("done", "archive")]
    with pytest.raises(ValueError):
        lib.incoming_path("nowhere")


def test_cluster_generate_step_moments_in_working_hours():
    moments = lib.step_moments(datetime.date(2024, 3, 1), 9, ZONE)
    assert moments == sorted(moments)
    assert all(9 <= m.hour <= 17 for m in moments)
    assert moments[0] == datetime.datetime(2024, 3, 1, 9, tzinfo=ZONE)
    assert moments[-1].date() > moments[0].date()


def test_cluster_generate_texts_are_chinese_with_their_kind():
    rng = random.Random(2)
    documents = lib.corpus()
    for _ in range(50):
        title = lib.title_of(rng, documents, "请示")
        assert title.endswith("请示") or not title.endswith(("通知", "报告")), title
        paragraphs = lib.paragraphs_of(rng, documents)
        assert len(paragraphs) == 3 and all(paragraphs)


def test_cluster_generate_fit_line_exact_on_a_line():
    slope, intercept = lib.fit_line([(0, 5), (10, 25), (20, 45)])
    assert slope == pytest.approx(2) and intercept == pytest.approx(5)
    assert lib.fit_line([(4, 8)]) == (2.0, 0.0)


def test_cluster_generate_extrapolate_to_a_million():
    rows = [
        {
            "documents": n,
            "seconds": n / 100,
            "storage_bytes": 1000 + 5000 * n,
            "blob_bytes": 100 * n,
            "catalog_objects": 20 + n,
            "rss_bytes": 400e6 + 1000 * n,
        }
        for n in (10000, 20000, 30000)
    ]
    result = lib.extrapolate(rows, 1_000_000)
    assert result["storage_bytes"] == pytest.approx(1000 + 5000 * 1_000_000)
    assert result["storage_bytes_per_document"] == pytest.approx(5000)
    assert result["catalog_objects"] == pytest.approx(1_000_020)
    assert result["docs_per_second"] == pytest.approx(100)
    assert result["seconds"] == pytest.approx(10000)
    with pytest.raises(ValueError):
        lib.extrapolate(rows[:1], 10)


def test_cluster_generate_memory_fitted_once_the_cache_is_full():
    """RSS climbs while the ZODB cache fills, then stays: the million keeps the plateau."""
    rss = {1000: 300e6, 2000: 380e6, 3000: 400e6, 4000: 400e6, 5000: 400e6, 6000: 400e6}
    rows = [
        {
            "documents": n,
            "seconds": n / 5,
            "storage_bytes": 25000 * n,
            "blob_bytes": 0,
            "catalog_objects": 2 * n,
            "rss_bytes": value,
        }
        for n, value in rss.items()
    ]
    assert lib.extrapolate(rows, 1_000_000)["rss_bytes"] == pytest.approx(400e6)
