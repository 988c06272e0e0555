"""Counts the ZODB conflicts of a served bench site (bench/sites.py puts this folder on PYTHONPATH).

Python imports ``sitecustomize`` at start-up: this one registers a handler
for ZPublisher's ``IPubFailure`` event, which the publisher notifies for
every failed attempt of a request, with ``retry`` true when the request is
published again. Each ConflictError (any ZODB TransientError) is appended to
the file named by ``GONGWEN_BENCH_CONFLICT_LOG`` as one line:
``<unix time> <retried 1|0> <exception class> <method> <path>``.
Without that variable nothing is registered.
"""

import os
import time

LOG = os.environ.get("GONGWEN_BENCH_CONFLICT_LOG")


def record_conflict(event):
    """Append one line to the log for a failed attempt that ended in a transient error."""
    from transaction.interfaces import TransientError

    exc = event.exc_info[1]
    if not isinstance(exc, TransientError):
        return
    request = event.request
    line = (
        f"{time.time():.3f} {int(bool(event.retry))} {type(exc).__name__} "
        f"{request.get('REQUEST_METHOD', '')} {request.get('PATH_INFO', '')}\n"
    )
    with open(LOG, "a", encoding="utf-8") as log:
        log.write(line)


if LOG:
    from zope.component import provideHandler
    from ZPublisher.interfaces import IPubFailure

    provideHandler(record_conflict, (IPubFailure,))
