"""A FileStorage read record by record, without unpickling: every object's state and blob as
of one transaction, for comparing a restored database byte for byte with its original."""

import hashlib
from contextlib import closing
from pathlib import Path

from ZODB.blob import is_blob_record
from ZODB.FileStorage import FileStorage
from ZODB.utils import p64
from ZODB.utils import u64


def last_tid(data_fs):
    """The id of the last committed transaction in ``data_fs``."""
    with closing(FileStorage(str(data_fs), read_only=True)) as storage:
        return storage.lastTransaction()


def records(data_fs, blob_dir, tid):
    """``{oid: (sha256 of its pickle, sha256 of its blob or None)}`` of every object that
    existed in ``data_fs`` when the transaction ``tid`` committed (later ones ignored)."""
    with closing(FileStorage(str(data_fs), blob_dir=str(blob_dir), read_only=True)) as storage:
        oids = set()
        for transaction in storage.iterator(stop=tid):
            oids.update(record.oid for record in transaction)
        found = {}
        for oid in oids:
            loaded = storage.loadBefore(oid, p64(u64(tid) + 1))
            if loaded is None or loaded[0] is None:  # created later, or undone
                continue
            state, serial, _ = loaded
            blob = None
            if is_blob_record(state):
                blob = hashlib.sha256(Path(storage.loadBlob(oid, serial)).read_bytes()).hexdigest()
            found[oid] = (hashlib.sha256(state).hexdigest(), blob)
        return found
