"""R-R2: the blob files of a transaction that conflicted are not left on the disk.

A request that conflicts while its objects are stored is retried; the files the first
attempt stored (an attachment, the viewer's pages) must not stay in the blob directory,
where no pack would ever remove them (``archive.aborted_blobs``).
"""

import os

import pytest
import transaction
import ZODB
import ZODB.FileStorage
from persistent.mapping import PersistentMapping
from ZODB.blob import Blob
from ZODB.POSException import ConflictError

# FileStorage's own abort (archive.aborted_blobs patches it): not again in the RelStorage run.
pytestmark = pytest.mark.filestorage


def blob_files(directory):
    return [name for _, _, names in os.walk(directory) for name in names if name.endswith(".blob")]


def test_r_r2_a_conflicted_transaction_leaves_no_blob_file(integration, tmp_path):
    storage = ZODB.FileStorage.FileStorage(
        str(tmp_path / "Data.fs"), blob_dir=str(tmp_path / "blobs")
    )
    db = ZODB.DB(storage)
    try:
        first, second = transaction.TransactionManager(), transaction.TransactionManager()
        mine, theirs = db.open(first).root(), db.open(second).root()
        mine["shared"] = PersistentMapping()
        first.commit()
        theirs._p_jar.sync()
        mine["shared"]["a"] = 1
        first.commit()
        # The blob is stored before the mapping whose conflict aborts the transaction.
        blob = Blob()
        with blob.open("w") as handle:
            handle.write(b"zqx secret attachment")
        theirs["file"] = blob
        theirs["shared"]["b"] = 2
        try:
            second.commit()
        except ConflictError:
            second.abort()
        else:
            raise AssertionError("the second transaction should have conflicted")
        assert blob_files(tmp_path / "blobs") == []
        # A committed blob stays.
        theirs._p_jar.sync()
        theirs["file"] = Blob(b"kept")
        second.commit()
        assert len(blob_files(tmp_path / "blobs")) == 1
    finally:
        db.close()
