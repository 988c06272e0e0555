"""R-O8: 文号 series are unique and gapless under concurrent transactions (real ZODB).

Each test opens a ``ZODB.DB`` on a FileStorage in ``tmp_path``; every
connection has its own transaction manager, as every Zope request thread
has. No Plone here: ``numbering.series`` needs only ZODB and annotations.
"""

import datetime

import pytest
import transaction
from ZODB.POSException import ConflictError

from collective.gongwen.numbering import series
from collective.gongwen.numbering.rules import ISSUE
from collective.gongwen.numbering.rules import RECEIPT
from collective.gongwen.numbering.rules import NumberingError
from tests.support.numbering import CODE
from tests.support.numbering import YEAR
from tests.support.numbering import open_database
from tests.support.numbering import run_takers


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "Data.fs")
    yield database
    database.close()


def connect(db):
    manager = transaction.TransactionManager(explicit=True)
    return db.open(transaction_manager=manager), manager


def test_r_o8_second_of_two_concurrent_takers_conflicts_and_retry_gets_the_next(db):
    (first, first_tm), (second, second_tm) = connect(db), connect(db)
    first_tm.begin()
    second_tm.begin()
    a = series.take_number(first.root()["unit"], ISSUE, CODE, YEAR, uid="a")
    b = series.take_number(second.root()["unit"], ISSUE, CODE, YEAR, uid="b")
    # Both saw the same (empty) series, so both computed number 1 ...
    assert a == b == "长河〔2026〕1号"
    first_tm.commit()
    # ... but ZODB refuses the second commit instead of handing out 1 twice.
    with pytest.raises(ConflictError):
        second_tm.commit()
    second_tm.abort()
    # Zope retries the request: it now sees 1 taken and gets 2.
    second_tm.begin()
    assert (
        series.take_number(second.root()["unit"], ISSUE, CODE, YEAR, uid="b") == "长河〔2026〕2号"
    )
    second_tm.commit()
    first_tm.begin()
    record = series.record(first.root()["unit"], ISSUE, CODE, YEAR)
    assert [(e["n"], e["uid"]) for e in record["issued"]] == [(1, "a"), (2, "b")]
    first_tm.abort()
    first.close()
    second.close()


def test_r_o8_concurrent_first_takes_of_a_new_series_conflict_too(db):
    """Even the very first take, which creates the unit's store, cannot be doubled."""
    (first, first_tm), (second, second_tm) = connect(db), connect(db)
    for manager in (first_tm, second_tm):
        manager.begin()
    series.take_number(first.root()["unit"], RECEIPT, CODE, YEAR)
    series.take_number(second.root()["unit"], RECEIPT, CODE, YEAR)
    first_tm.commit()
    with pytest.raises(ConflictError):
        second_tm.commit()
    second_tm.abort()
    first.close()
    second.close()


def test_r_o8_aborted_transaction_leaves_no_gap(db):
    connection, manager = connect(db)
    manager.begin()
    unit = connection.root()["unit"]
    assert series.take_number(unit, ISSUE, CODE, YEAR) == "长河〔2026〕1号"
    manager.abort()  # the request failed after numbering
    manager.begin()
    assert series.take_number(connection.root()["unit"], ISSUE, CODE, YEAR) == "长河〔2026〕1号"
    manager.commit()
    connection.close()


def test_r_o8_threads_with_own_connections_get_exactly_1_to_n(db):
    workers, per_worker = 6, 25
    # A short pause between taking and committing makes the threads overlap,
    # and every fifth transaction is aborted after taking its number.
    outcome = run_takers(db, workers, per_worker, pause=0.002, abort_every=5)
    total = workers * per_worker
    assert len(outcome.numbers) == total
    assert outcome.duplicates() == 0
    assert sorted(outcome.sequences()) == list(range(1, total + 1))
    assert outcome.gaps() == []
    # The test proves something only if the takers really collided and aborted.
    assert outcome.conflicts > 0
    assert outcome.aborted
    with db.transaction() as connection:
        record = series.record(connection.root()["unit"], ISSUE, CODE, YEAR)
    assert record["last"] == total
    assert [e["n"] for e in record["issued"]] == list(range(1, total + 1))


def test_r_o8_series_are_per_agency_code_and_year(db):
    with db.transaction() as connection:
        unit = connection.root()["unit"]
        assert series.take_number(unit, ISSUE, "长河", 2026) == "长河〔2026〕1号"
        assert series.take_number(unit, ISSUE, "长河", 2026) == "长河〔2026〕2号"
        assert series.take_number(unit, ISSUE, "长河", 2027) == "长河〔2027〕1号"
        assert series.take_number(unit, ISSUE, "长防", 2026) == "长防〔2026〕1号"
        # 收文编号: one series per unit and year, whatever the 代字.
        assert series.take_number(unit, RECEIPT, "长河", 2026) == "长河收〔2026〕1号"
        assert series.take_number(unit, RECEIPT, "长防", 2026) == "长防收〔2026〕2号"


def test_r_o8_voided_number_recorded_and_never_handed_out_again(db):
    moment = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC)
    with db.transaction() as connection:
        unit = connection.root()["unit"]
        for _ in range(3):
            series.take_number(unit, ISSUE, CODE, YEAR, uid="doc")
    with db.transaction() as connection:
        unit = connection.root()["unit"]
        entry = series.void(
            unit, "长河〔2026〕3号", "印制错误", actor="cy_secretary", moment=moment
        )
        assert entry["voided"] == {"reason": "印制错误", "actor": "cy_secretary", "time": moment}
    with db.transaction() as connection:
        unit = connection.root()["unit"]
        assert series.take_number(unit, ISSUE, CODE, YEAR) == "长河〔2026〕4号"
        record = series.record(unit, ISSUE, CODE, YEAR)
    assert [e["number"] for e in record["issued"]] == [f"长河〔2026〕{n}号" for n in (1, 2, 3, 4)]
    [voided] = record["voided"]
    assert voided["number"] == "长河〔2026〕3号"
    assert voided["voided"]["reason"] == "印制错误"


@pytest.mark.parametrize(
    ("number", "reason", "msgid"),
    [
        ("长河〔2026〕1号", "", "error_numbering_void_no_reason"),
        ("长河〔2026〕9号", "错号", "error_numbering_unknown_number"),
        ("新河〔2026〕1号", "错号", "error_numbering_unknown_number"),
        ("not a number", "错号", "error_numbering_unknown_number"),
    ],
)
def test_r_o8_voiding_refuses_unknown_numbers_and_empty_reasons(db, number, reason, msgid):
    with db.transaction() as connection:
        unit = connection.root()["unit"]
        series.take_number(unit, ISSUE, CODE, YEAR)
        with pytest.raises(NumberingError) as raised:
            series.void(unit, number, reason)
    assert raised.value.msgid == msgid


def test_r_o8_a_number_is_voided_once(db):
    with db.transaction() as connection:
        unit = connection.root()["unit"]
        number = series.take_number(unit, ISSUE, CODE, YEAR)
        series.void(unit, number, "错号")
        with pytest.raises(NumberingError) as raised:
            series.void(unit, number, "错号")
    assert raised.value.msgid == "error_numbering_already_voided"
