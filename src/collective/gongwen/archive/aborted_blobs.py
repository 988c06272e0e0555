"""Blob files of a transaction that never committed are removed from the disk (R-R2).

ZODB's FileStorage removes the blob files a transaction stored only when the transaction
aborts after its vote (``_abort`` cleans up only once ``_nextpos`` is set). A transaction
that conflicts while its objects are being stored — a request Zope then retries — leaves
its blob files in the blob directory under a tid that never committed. No pack reaches
them: a destroyed document's attachment (or the viewer's pages of it) outlived its 销毁
there, and every such conflict left its files on the disk.
"""


def abort_removing_blobs(storage):
    """FileStorage ``_abort``, then the blob files of the aborted transaction removed.

    ``dirty_oids`` lists only the (oid, tid) files this transaction stored, so nothing a
    committed transaction wrote is touched; after a vote the original has emptied it.
    """
    storage._old__abort()
    if getattr(storage, "dirty_oids", None):
        storage._blob_tpc_abort()
