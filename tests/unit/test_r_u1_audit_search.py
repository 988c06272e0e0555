"""R-U1: the audit log is searchable and exportable by auditors — the store's ``search``, the
filter form read into ``Filters`` (bounded, Chinese refusals) and the exports (BOM, no formulas).
The searches run on both stores: SQLite and PostgreSQL (the cluster's, issue 21).
"""

import csv
import datetime
import io
import zipfile

import pytest

from collective.gongwen.audit import export
from collective.gongwen.audit import query
from collective.gongwen.audit import store
from collective.gongwen.content import times
from tests.support.audit_records import audit_postgres
from tests.support.audit_records import new_location

UTC = datetime.UTC
SHANGHAI = times.zone()
HOSTILE = ["%", "_", "'", '"', "' OR 1=1 --", "%'; DROP TABLE entry; --", "x" * 10_000, "\\"]


@pytest.fixture(scope="module")
def pg_port():
    with audit_postgres() as port:
        yield port


@pytest.fixture(params=("sqlite", "postgresql"))
def audit(tmp_path, request):
    port = request.getfixturevalue("pg_port") if request.param == "postgresql" else None
    audit = store.open_store(new_location(request.param, tmp_path, port), algorithm="sha256")
    base = datetime.datetime(2026, 3, 1, 1, 0, tzinfo=UTC)
    rows = [
        ("zhang", "view", "u1", "/Plone/a/doc-1", "10.1.2.3", "unit-a", ""),
        ("zhang", "download", "u1", "/Plone/a/doc-1", "10.1.2.30", "unit-a", ""),
        ("li", "transition", "u2", "/Plone/a/doc-2", "10.2.0.1", "unit-b", ""),
        ("admin", "settings_change", "", "", "127.0.0.1", "", "emergency"),
        ("li_x", "view", "u10", "/Plone/a/doc-10", "10.1.9.9", "unit-b", "emergency,other"),
        ("zhang%", "view", "u3", "/Plone/b/doc-3", "192.168.0.1", "unit_a", ""),
    ]
    for number, (actor, action, uid, path, address, unit, flags) in enumerate(rows):
        audit.append(
            actor=actor,
            action=action,
            object_uid=uid,
            object_path=path,
            client_address=address,
            unit=unit,
            flags=flags,
            summary=f"第{number}条",
            time=base + datetime.timedelta(days=number),
        )
    yield audit
    audit.close()


def summaries(audit, **filters):
    rows, total = audit.search(store.Filters(**filters), 0, 100)
    assert total == len(rows)
    return [row["summary"] for row in rows]


def test_r_u1_search_newest_first_and_paged(audit):
    assert summaries(audit) == ["第5条", "第4条", "第3条", "第2条", "第1条", "第0条"]
    rows, total = audit.search(store.Filters(), offset=2, limit=2)
    assert [row["summary"] for row in rows] == ["第3条", "第2条"] and total == 6
    rows, total = audit.search(store.Filters(), 0, 1, count_limit=3)
    assert total == 3


def test_r_u1_search_each_filter(audit):
    assert summaries(audit, actor="zhang") == ["第1条", "第0条"]
    assert summaries(audit, unit="unit-b") == ["第4条", "第2条"]
    assert summaries(audit, actions=("view",)) == ["第5条", "第4条", "第0条"]
    assert summaries(audit, actions=("view", "download")) == ["第5条", "第4条", "第1条", "第0条"]
    assert summaries(audit, object_uids=("u1", "u2")) == ["第2条", "第1条", "第0条"]
    # a path prefix; the document's own path with a slash would leave doc-10 out
    assert summaries(audit, object_path="/Plone/a/doc-1") == ["第4条", "第1条", "第0条"]
    assert summaries(audit, object_path="/Plone/b/") == ["第5条"]
    assert summaries(audit, client_address="10.1.2.3") == ["第0条"]
    assert summaries(audit, client_address="10.1.") == ["第4条", "第1条", "第0条"]
    assert summaries(audit, flag="emergency") == ["第4条", "第3条"]
    start = datetime.datetime(2026, 3, 3, tzinfo=SHANGHAI)
    end = datetime.datetime(2026, 3, 5, tzinfo=SHANGHAI)
    assert summaries(audit, start=start, end=end) == ["第3条", "第2条"]
    assert summaries(audit, actor="zhang", actions=("download",), unit="unit-a") == ["第1条"]


@pytest.mark.parametrize("value", HOSTILE)
def test_r_u1_search_hostile_values_match_literally(audit, value):
    for name in ("actor", "unit", "object_path", "client_address", "flag"):
        assert summaries(audit, **{name: value}) == []
    assert summaries(audit, object_uids=(value,)) == []
    assert summaries(audit, actions=(value,)) == []
    assert audit.count() == 6


def test_r_u1_search_wildcards_are_no_wildcards(audit):
    assert summaries(audit, actor="zhang%") == ["第5条"]
    assert summaries(audit, unit="unit_a") == ["第5条"]
    assert summaries(audit, client_address="10.1.2.3") == ["第0条"]


def plan_of(audit, where, parameters):
    """The query plan's text; PostgreSQL's with sequential scans off (on six rows its planner
    would rightly scan: off, it shows which index it can use)."""
    sql = f"SELECT * FROM entry WHERE {where} ORDER BY time DESC"
    if isinstance(audit, store.AuditStore):
        plan = audit.connection.execute(f"EXPLAIN QUERY PLAN {sql}", parameters).fetchall()
        return " ".join(row["detail"] for row in plan)
    with audit.connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql.replace("?", "%s"), parameters)
        return " ".join(next(iter(row.values())) for row in cursor.fetchall())


def test_r_u1_search_uses_the_indexes(audit):
    plans = {}
    for name, filters in {
        "actor": store.Filters(actor="zhang"),
        "unit": store.Filters(unit="unit-a"),
        "action": store.Filters(actions=("view",)),
        "address": store.Filters(client_address="10.1."),
        "uid": store.Filters(object_uids=("u1",)),
        "flag": store.Filters(flag="emergency"),
    }.items():
        plans[name] = plan_of(audit, *filters.where(audit.FIND))
    assert "entry_actor_time" in plans["actor"]
    assert "entry_unit_time" in plans["unit"]
    assert "entry_action_time" in plans["action"]
    assert "entry_client_address_time" in plans["address"]
    assert "entry_object_uid" in plans["uid"]
    assert "entry_flags_time" in plans["flag"]


def no_documents(title):
    raise AssertionError(f"not looked up: {title}")


def test_r_u1_read_form():
    read = query.read(
        {
            "actor": " zhang ",
            "action": ["view", "download"],
            "start": "2026-03-01",
            "end": "2026-03-01",
            "client_address": "10.1.",
            "emergency": "1",
            "document": "0123456789ABCDEF0123456789abcdef",
            "page": "3",
        },
        no_documents,
    )
    assert read.ok, read.errors
    filters = read.filters
    assert filters.actor == "zhang" and filters.actions == ("view", "download")
    assert filters.start == datetime.datetime(2026, 3, 1, tzinfo=SHANGHAI)
    assert filters.end == datetime.datetime(2026, 3, 2, tzinfo=SHANGHAI)  # the whole day
    assert filters.flag == "emergency" and filters.client_address == "10.1."
    assert filters.object_uids == ("0123456789abcdef0123456789abcdef",)
    assert read.page == 3
    assert query.read({"document": "/Plone/a/"}, no_documents).filters.object_path == "/Plone/a/"
    assert query.read({"document": "防汛"}, lambda title: ["u1"]).filters.object_uids == ("u1",)
    minute = query.read({"start": "2026-03-01 09:30"}, no_documents).filters.start
    assert minute == datetime.datetime(2026, 3, 1, 9, 30, tzinfo=SHANGHAI)


def error_texts(read):
    return [error.default for error in read.errors]


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ({"actor": "x" * 10_000}, "「${field}」最多 ${limit} 个字。"),
        ({"client_address": "1" * 101}, "「${field}」最多 ${limit} 个字。"),
        ({"document": "文" * 201}, "「${field}」最多 ${limit} 个字。"),
        ({"action": "drop table"}, "请从列表中选择操作。"),
        ({"start": "2026-02-30"}, "不是有效的日期"),
        ({"end": "yesterday"}, "不是有效的日期"),
        ({"start": "9999999-01-01"}, "不是有效的日期"),
        ({"start": "2026-03-02", "end": "2026-03-01"}, "起始日期应早于截止日期。"),
        ({"page": "99999"}, "最多翻到第"),
        ({"document": "没有这件"}, "没有标题含"),
    ],
)
def test_r_u1_read_form_refuses_in_chinese(form, expected):
    read = query.read(form, lambda title: [])
    assert not read.ok
    assert any(expected in text for text in error_texts(read)), error_texts(read)


def test_r_u1_read_form_too_many_titles():
    read = query.read({"document": "通知"}, lambda title: [f"u{n}" for n in range(201)])
    assert "超过" in error_texts(read)[0]


def test_r_u1_read_form_hostile_types():
    read = query.read({"actor": ["a", "b"], "action": [None, 3, "view"], "page": "-1"}, None)
    assert read.ok and read.filters.actor == "a" and read.filters.actions == ("view",)
    assert read.page == 1


@pytest.mark.parametrize("start", ["=1+2", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_r_u1_export_cells_are_never_formulas(start):
    assert export.safe_cell(start) == "'" + start
    assert export.safe_cell("正常") == "正常"
    data = b"".join(export.csv_chunks(["头"], [[start, 'a,b"c']]))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["头"], ["'" + start, 'a,b"c']]


def test_r_u1_export_xlsx_is_text():
    from openpyxl import load_workbook

    data = export.xlsx_bytes(["时间", "摘要"], [["2026-01-05", '=HYPERLINK("x")']])
    assert zipfile.is_zipfile(io.BytesIO(data))
    sheet = load_workbook(io.BytesIO(data)).active
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["时间", "摘要"],
        ["2026-01-05", '\'=HYPERLINK("x")'],
    ]
    assert sheet["B2"].data_type == "s"


def test_r_u1_export_cells_and_many_rows(audit):
    rows = [
        query.cells(entry, lambda actor: f"名{actor}", lambda action: f"动{action}")
        for entry in audit.iterate(store.Filters(), 10)
    ]
    assert len(rows) == 6
    assert rows[-1][:3] == ["1", "2026-03-01 09:00:00", "zhang"]
    assert rows[-1][3] == "名zhang" and rows[-1][6] == "动view"
    chunks = list(export.csv_chunks(["a"], ([str(n)] for n in range(1200))))
    assert len(chunks) == 3
    assert len(list(audit.iterate(store.Filters(), 2))) == 2
