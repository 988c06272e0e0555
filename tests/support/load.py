"""Measuring a served site under load, for the R-RUN1 functional test and bench/run1_load.py:
pages fetched again and again from a thread, and the 95th percentile of the times."""

import time

import requests


def p95(values):
    """The 95th percentile of ``values`` (nearest rank)."""
    values = sorted(values)
    return values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]


def timed_gets(url, auth, stop, timings):
    """GET ``url`` again and again until ``stop``; milliseconds into ``timings``."""
    session = requests.Session()
    session.auth = auth
    while not stop.is_set():
        start = time.perf_counter()
        response = session.get(url, timeout=60)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
