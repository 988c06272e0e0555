"""Waiting for background work (conversion workers) to show in the test's database view."""

import time

import transaction


def wait_for(condition, timeout=120, interval=0.3):
    """Poll ``condition`` until true or ``timeout`` seconds; return its last value.

    Each poll starts a new transaction, so commits of the server threads
    (where workers report) become visible to the test's connection.
    """
    deadline = time.monotonic() + timeout
    while True:
        transaction.abort()
        transaction.begin()
        result = condition()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(interval)
