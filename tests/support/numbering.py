"""Concurrent number takers on one real ZODB database, for the R-O8 tests and bench.

Each worker thread opens its own connection (with its own transaction
manager) to the same ``ZODB.DB`` and takes numbers the way a Zope request
does: begin, take, commit — and on ``ConflictError`` abort and retry the
whole transaction, as Zope's publisher retries a conflicting request.
"""

import threading
import time
from dataclasses import dataclass
from dataclasses import field

import transaction
import ZODB
from persistent.mapping import PersistentMapping
from ZODB.FileStorage import FileStorage
from ZODB.POSException import ConflictError
from zope.annotation.interfaces import IAnnotations
from zope.interface import implementer

from collective.gongwen.numbering import series
from collective.gongwen.numbering.rules import ISSUE
from collective.gongwen.numbering.rules import parse_issue_number

CODE = "长河"
YEAR = 2026


@implementer(IAnnotations)
class BareUnit(PersistentMapping):
    """A unit reduced to its annotations: ``IAnnotations(unit)`` is the unit itself."""


def open_database(path):
    """A ``ZODB.DB`` on a FileStorage at ``path`` with an empty unit at ``root["unit"]``."""
    db = ZODB.DB(FileStorage(str(path)))
    with db.transaction() as connection:
        connection.root()["unit"] = BareUnit()
    return db


@dataclass
class Outcome:
    """What the workers did: the numbers committed, conflicts retried, seconds taken."""

    numbers: list = field(default_factory=list)
    conflicts: int = 0
    aborted: list = field(default_factory=list)
    seconds: float = 0.0

    def sequences(self):
        return [parse_issue_number(number)[2] for number in self.numbers]

    def duplicates(self):
        sequences = self.sequences()
        return len(sequences) - len(set(sequences))

    def gaps(self):
        """序号 missing from 1..max among the committed numbers."""
        sequences = set(self.sequences())
        return sorted(set(range(1, max(sequences, default=0) + 1)) - sequences)


def take_in_transaction(connection, manager, pause=0.0, abort=False):
    """Take one 文号 in one transaction, retrying on conflict; return (number, conflicts).

    With ``abort`` the transaction is aborted after taking the number (a
    request that failed after numbering) and the number is returned as taken.
    """
    conflicts = 0
    while True:
        manager.begin()
        try:
            unit = connection.root()["unit"]
            number = series.take_number(unit, ISSUE, CODE, YEAR, uid="doc")
            if pause:
                time.sleep(pause)  # widen the window in which others take the same number
            if abort:
                manager.abort()
                return number, conflicts
            manager.commit()
            return number, conflicts
        except ConflictError:
            manager.abort()
            conflicts += 1


def run_takers(db, workers, per_worker, pause=0.0, abort_every=0):
    """Start ``workers`` threads taking ``per_worker`` numbers each; return an ``Outcome``.

    With ``abort_every`` = k, every k-th transaction of each worker is
    aborted after taking its number (it does not count towards
    ``per_worker``).
    """
    outcome = Outcome()
    lock = threading.Lock()
    start_line = threading.Barrier(workers)

    def work():
        manager = transaction.TransactionManager(explicit=True)
        connection = db.open(transaction_manager=manager)
        try:
            start_line.wait()
            done = attempts = 0
            while done < per_worker:
                attempts += 1
                abort = bool(abort_every) and attempts % abort_every == 0
                number, conflicts = take_in_transaction(connection, manager, pause, abort)
                with lock:
                    outcome.conflicts += conflicts
                    (outcome.aborted if abort else outcome.numbers).append(number)
                done += 0 if abort else 1
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcome.seconds = time.perf_counter() - start
    return outcome
