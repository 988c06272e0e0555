"""R-R1 in plain Python: who may archive what and when, the 件号 series of a 归档 group
(gapless and conflict-safe on a real ZODB), the 归档记录 file and the codes' bounds."""

import threading

import pytest
import transaction
from ZODB.POSException import ConflictError

from collective.gongwen.archive import authority
from collective.gongwen.archive import recordfile
from collective.gongwen.archive import rules
from collective.gongwen.content import bounds
from collective.gongwen.numbering import series
from tests.support.numbering import open_database

OUT = authority.OUTGOING_TYPE
IN = authority.INCOMING_TYPE
GROUP = "118/2026/10_years/BGS"


def refusal(*args, **kwargs):
    refused = authority.archive_refusal(*args, **kwargs)
    return None if refused is None else refused.msgid


def test_r_r1_finished_documents_are_archived_by_their_units_archivist():
    assert refusal(OUT, "sent", False, True) is None
    assert refusal(IN, "done", False, True) is None


@pytest.mark.parametrize(
    "portal_type, state, archived, is_archivist, pending, msgid",
    [
        ("gongwen_notice", "published", False, True, (), "archive_refused_type"),
        (OUT, "archived", True, True, (), "archive_refused_archived"),
        (OUT, "sent", True, True, (), "archive_refused_archived"),
        (OUT, "sent", False, False, (), "archive_refused_not_archivist"),
        (OUT, "secretary_check", False, True, (), "archive_refused_outgoing_state"),
        (OUT, "draft", False, True, (), "archive_refused_outgoing_state"),
        (IN, "closing", False, True, (), "archive_refused_incoming_state"),
        (IN, "sent", False, True, (), "archive_refused_incoming_state"),
        (OUT, "sent", False, True, ("slip",), "archive_refused_pending"),
        (IN, "done", False, True, ("official",), "archive_refused_pending"),
    ],
)
def test_r_r1_archive_refused(portal_type, state, archived, is_archivist, pending, msgid):
    assert refusal(portal_type, state, archived, is_archivist, pending=pending) == msgid


def test_r_r1_refusal_names_the_state_in_chinese():
    refused = authority.archive_refusal(OUT, "numbering", False, True, state_title="登记编号")
    assert str(refused) == "发文须在「已发送」后归档（现为「登记编号」）。"
    assert isinstance(refused, rules.ArchiveError)


def label(n):
    return rules.format_archival_code("118", 2026, rules.YEARS_10, "BGS", n)


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "Data.fs")
    yield database
    database.close()


def connect(db):
    manager = transaction.TransactionManager(explicit=True)
    return db.open(transaction_manager=manager), manager


def test_r_r1_item_numbers_are_gapless_per_group_and_year(db):
    with db.transaction() as connection:
        unit = connection.root()["unit"]
        assert series.take_item_number(unit, GROUP, 2026, label, uid="a") == (
            1,
            "118-WS·2026-D10-BGS-0001",
        )
        assert series.take_item_number(unit, GROUP, 2026, label, uid="b")[0] == 2
        assert series.take_item_number(unit, "118/2026/permanent/BGS", 2026, str)[0] == 1
        assert series.take_item_number(unit, GROUP, 2027, str)[0] == 1
        # the 文号 series of the unit are untouched
        assert series.take_number(unit, "issue", "长河", 2026) == "长河〔2026〕1号"
        record = series.record(unit, "item", GROUP, 2026)
    assert [(e["n"], e["uid"], e["number"]) for e in record["issued"]] == [
        (1, "a", "118-WS·2026-D10-BGS-0001"),
        (2, "b", "118-WS·2026-D10-BGS-0002"),
    ]


def test_r_r1_two_concurrent_archivings_conflict_and_the_retry_takes_the_next(db):
    (first, first_tm), (second, second_tm) = connect(db), connect(db)
    first_tm.begin()
    second_tm.begin()
    a = series.take_item_number(first.root()["unit"], GROUP, 2026, label, uid="a")
    b = series.take_item_number(second.root()["unit"], GROUP, 2026, label, uid="b")
    assert a == b == (1, "118-WS·2026-D10-BGS-0001")  # both saw an empty series …
    first_tm.commit()
    with pytest.raises(ConflictError):  # … ZODB refuses the second instead of a double 件号
        second_tm.commit()
    second_tm.abort()
    second_tm.begin()
    assert series.take_item_number(second.root()["unit"], GROUP, 2026, label, uid="b")[0] == 2
    second_tm.commit()
    first.close()
    second.close()


def test_r_r1_an_aborted_archiving_gives_its_item_number_back(db):
    connection, manager = connect(db)
    manager.begin()
    assert series.take_item_number(connection.root()["unit"], GROUP, 2026, label)[0] == 1
    manager.abort()  # e.g. 四性检测 refused the item after the 件号 was taken
    manager.begin()
    assert series.take_item_number(connection.root()["unit"], GROUP, 2026, label)[0] == 1
    manager.commit()
    connection.close()


def test_r_r1_threads_archiving_at_once_get_exactly_1_to_n(db):
    taken, conflicts, lock = [], [0], threading.Lock()
    # all four take their first 件号 before any commits: they do collide, however the
    # threads happen to be scheduled
    first_taken = threading.Barrier(4)

    def worker(count):
        connection, manager = connect(db)
        done, first = 0, True
        while done < count:
            manager.begin()
            n, _code = series.take_item_number(connection.root()["unit"], GROUP, 2026, label)
            if first:
                first_taken.wait(timeout=30)
                first = False
            try:
                manager.commit()
            except ConflictError:
                manager.abort()
                with lock:
                    conflicts[0] += 1
                continue
            with lock:
                taken.append(n)
            done += 1
        connection.close()

    threads = [threading.Thread(target=worker, args=(15,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(taken) == list(range(1, 61))
    assert conflicts[0] > 0  # they did collide


def test_r_r1_item_series_needs_its_group(db):
    with db.transaction() as connection, pytest.raises(ValueError):
        series.take_item_number(connection.root()["unit"], "", 2026, label)


def test_r_r1_record_file_holds_stamp_history_opinions_and_trail():
    stamp = {"fonds_number": "118", "archival_code": "118-WS·2026-D10-BGS-0007", "year": 2026}
    data = recordfile.record_xml(
        stamp,
        {"uid": "u1", "title": "关于<汛期>的通知"},
        [{"time": "2026-01-05T09:00:00+08:00", "action": "submit", "actor": "a"}],
        [{"text": "同意。", "action": "sign"}],
        [{"seq": 3, "action": "view"}],
        audit_total=9,
    )
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    parsed = recordfile.parse_record(data)
    assert parsed["档号"] == "118-WS·2026-D10-BGS-0007"
    assert parsed["年度"] == "2026" and parsed["件号"] == ""
    text = data.decode()
    assert "关于&lt;汛期&gt;的通知" in text and "<意见>同意。</意见>" in text
    assert '<审计记录 条数="1" 总条数="9">' in text
    assert recordfile.parse_record(b"<not-xml") is None
    assert recordfile.parse_record(b"<other/>") is None


@pytest.mark.parametrize("value", ["BGS", "GCK2", "", "A" * 20])
def test_r_r1_organ_code_letters_and_digits(value):
    assert bounds.bound_problem(bounds.FIELD_BOUNDS["organ_code"], value, "机构(问题)代码") is None


@pytest.mark.parametrize(
    "value, msgid",
    [
        ("办公室", "bound_code_characters"),
        ("B-GS", "bound_code_characters"),
        ("B GS", "bound_code_characters"),
        ("A" * 21, "bound_text_too_long"),
    ],
)
def test_r_r1_organ_code_refused_in_chinese(value, msgid):
    problem = bounds.bound_problem(bounds.FIELD_BOUNDS["organ_code"], value, "机构(问题)代码")
    assert problem.msgid == msgid
    assert "机构(问题)代码" in problem.mapping["field"]
