"""Counts the ZODB conflicts of a served bench site (bench/sites.py puts this folder on PYTHONPATH).

Python imports ``sitecustomize`` at start-up: this one registers a handler
for ZPublisher's ``IPubFailure`` event, which the publisher notifies for
every failed attempt of a request, with ``retry`` true when the request is
published again. Each ConflictError (any ZODB TransientError) is appended to
the file named by ``GONGWEN_BENCH_CONFLICT_LOG`` as one line:
``<unix time> <retried 1|0> <exception class> <oid hex|-> <object's class|-> <method> <path>``.
The object is the one the error names (a ReadConflictError names no class:
it is read from the request's connection). Where it lives in the database
is found after the run (``bench/counting/where.py``). Without that variable
nothing is registered.
"""

import os
import time

LOG = os.environ.get("GONGWEN_BENCH_CONFLICT_LOG")


def conflicting_class(exc, request):
    """The dotted class of the object ``exc`` names, or ``-``."""
    if getattr(exc, "class_name", None):
        return exc.class_name
    oid = getattr(exc, "oid", None)
    for parent in request.get("PARENTS") or ():
        jar = getattr(parent, "_p_jar", None)
        if jar is not None and oid:
            try:
                klass = type(jar.get(oid))
            except Exception:
                return "-"
            return f"{klass.__module__}.{klass.__name__}"
    return "-"


def record_conflict(event):
    """Append one line to the log for a failed attempt that ended in a transient error."""
    from transaction.interfaces import TransientError

    exc = event.exc_info[1]
    if not isinstance(exc, TransientError):
        return
    request = event.request
    oid = getattr(exc, "oid", None)
    line = (
        f"{time.time():.3f} {int(bool(event.retry))} {type(exc).__name__} "
        f"{oid.hex() if oid else '-'} {conflicting_class(exc, request)} "
        f"{request.get('REQUEST_METHOD', '')} {request.get('PATH_INFO', '')}\n"
    )
    with open(LOG, "a", encoding="utf-8") as log:
        log.write(line)


if LOG:
    from zope.component import provideHandler
    from ZPublisher.interfaces import IPubFailure

    provideHandler(record_conflict, (IPubFailure,))
