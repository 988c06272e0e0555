"""R-SEC4: a commit refused for a full disk leaves Data.fs as it was (portal/filestorage_full_disk).

A real FileStorage on a small tmpfs, almost full: small transactions (smaller than the
file's buffer, as most of the portal's are) are committed until the disk is full. The
refused commit raises, and at once — the storage still open — the file ends where the last
committed transaction ended and fstest reads it whole. Once space is freed, the next commit
succeeds and the reopened storage holds every committed object. Without the patch the
refused transaction's first bytes stay at the end of the file (the buffered file's flush
before its truncate fails on the full disk).
"""

import os

import pytest
import transaction
import ZODB
from persistent.mapping import PersistentMapping
from ZODB.FileStorage import FileStorage
from ZODB.scripts import fstest

from collective.gongwen.portal.filestorage_full_disk import vote_leaving_no_tail
from tests.support.disk import tmpfs

pytestmark = pytest.mark.filestorage

ORIGINAL_VOTE = getattr(FileStorage, "_old_tpc_vote", FileStorage.tpc_vote)


def commit_batch(connection, name, count=2, size=2500):
    """One transaction of ``count`` new objects of ``size`` bytes under the root's ``name``."""
    connection.root()[name] = PersistentMapping(
        {str(n): PersistentMapping({"data": os.urandom(size // 2).hex()}) for n in range(count)}
    )
    connection.transaction_manager.commit()


def test_r_sec4_the_portal_patches_filestorage(portal):
    assert FileStorage.tpc_vote is vote_leaving_no_tail


def test_r_sec4_refused_commit_on_a_full_disk_leaves_data_fs_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(FileStorage, "_old_tpc_vote", ORIGINAL_VOTE, raising=False)
    monkeypatch.setattr(FileStorage, "tpc_vote", vote_leaving_no_tail)
    with tmpfs(tmp_path / "disk", "4m") as disk:
        ballast = disk / "ballast.bin"
        ballast.write_bytes(b"\0" * 3 * 1024 * 1024)
        path = disk / "Data.fs"
        db = ZODB.DB(FileStorage(str(path)))
        manager = transaction.TransactionManager()
        connection = db.open(transaction_manager=manager)
        committed = []
        try:
            with pytest.raises(OSError):
                for batch in range(1000):
                    commit_batch(connection, f"batch{batch}")
                    committed.append(f"batch{batch}")
            manager.abort()
            assert committed, "the disk was full before the first commit"
            # Still open: the file ends with the last committed transaction.
            assert path.stat().st_size == db.storage._pos
            fstest.check(str(path))
            ballast.unlink()
            commit_batch(connection, "after")
            committed.append("after")
        finally:
            connection.close()
            db.close()
        fstest.check(str(path))
        db = ZODB.DB(FileStorage(str(path), read_only=True))
        try:
            root = db.open().root()
            assert sorted(root) == sorted(committed)
            assert all(len(root[name]) == 2 for name in committed)
        finally:
            db.close()
