"""A commit refused for a full disk leaves nothing at the end of Data.fs (R-SEC4).

``FileStorage.tpc_vote`` writes the transaction at the end of Data.fs and, when a write
fails (the disk is full), truncates the file back to where it was. But Python's buffered
file flushes before it truncates: with the disk still full that flush fails too, the
truncate is never made, and the partial transaction stays at the end of the file — its
unwritten bytes still in the buffer, to be written at the next flush, once space is freed.
The running storage writes its next transaction at its own end and FileStorage cuts such a
tail off when it next opens the file, so nothing committed is lost; but meanwhile fstest
and a copy of the file see a torn Data.fs (the fault test found it under load, where the
buffer happens to hold bytes when the disk fills). Here the failed vote really cuts the
tail: the buffered file is closed (which drops what it cannot write), the file truncated
through the operating system, and opened again for the next commit.
"""

import contextlib
import os


def vote_leaving_no_tail(self, transaction):
    """``FileStorage.tpc_vote``; when it fails, Data.fs ends where it ended before."""
    try:
        return self._old_tpc_vote(transaction)
    except OSError:
        with self._lock:
            with contextlib.suppress(OSError):
                self._file.close()  # the flush fails again; the buffer is dropped
            os.truncate(self._file_name, self._pos)
            self._file = open(self._file_name, "r+b")  # noqa: SIM115 the storage keeps it open
        raise
