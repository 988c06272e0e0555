"""How fast real workers clear a backlog of queued jobs, and what the portal feels meanwhile.

    .venv/bin/python bench/jobs_backlog.py [--url http://127.0.0.1:8080/Plone]
        [--secret-file var/conversion.secret] [--jobs 500] [--workers 1,2,4]

Needs ``make start`` (the portal; its key in ``var/conversion.secret``). For
each ``-w`` setting, queues ``--jobs`` reminder runs (``notify.tasks.send_reminders``,
idempotent per day: each is one token-checked POST the portal answers in
full) on a private SQLite queue, starts ``gongwen-worker --workers=W`` on
it, and prints the seconds to clear the queue, jobs per second, and the
front page's median and p95 answer time sampled while it clears.
"""

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

BIN = Path(sys.executable).parent


def sample_front_page(url, stop, times):
    """GET the front page every 0.2 s until ``stop`` is set; append the seconds each took."""
    while not stop.is_set():
        start = time.perf_counter()
        with contextlib.suppress(requests.RequestException):
            requests.get(url, timeout=30)
        times.append(time.perf_counter() - start)
        stop.wait(0.2)


def run_backlog(url, workers, jobs, log):
    """Seconds to clear ``jobs`` queued reminder runs with ``workers`` workers; front-page times."""
    from collective.gongwen.jobs.queue import huey
    from collective.gongwen.notify.tasks import send_reminders

    huey.flush()
    for _ in range(jobs):
        send_reminders()
    times, stop = [], threading.Event()
    sampler = threading.Thread(target=sample_front_page, args=(url, stop, times), daemon=True)
    start = time.perf_counter()
    with open(log, "ab") as out:
        worker = subprocess.Popen(
            [BIN / "gongwen-worker", f"--workers={workers}", f"--site-url={url}"],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    sampler.start()
    try:
        while huey.pending_count() or huey.scheduled_count():
            time.sleep(0.2)
        # The last jobs taken are still running: wait until the log shows each ended.
        while Path(log).read_text().count(" executed in ") < jobs:
            time.sleep(0.2)
        elapsed = time.perf_counter() - start
    finally:
        stop.set()
        worker.terminate()
        worker.wait(timeout=30)
        sampler.join()
    return elapsed, times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8080/Plone")
    parser.add_argument("--secret-file", default="var/conversion.secret")
    parser.add_argument("--jobs", type=int, default=500)
    parser.add_argument("--workers", default="1,2,4")
    args = parser.parse_args()
    directory = tempfile.mkdtemp(prefix="gongwen-backlog-")
    # A private queue: the workers make start runs do not take these jobs.
    os.environ["GONGWEN_QUEUE_URL"] = f"sqlite:///{directory}/queue.db"
    os.environ["GONGWEN_CONVERSION_SECRET_FILE"] = os.path.abspath(args.secret_file)
    os.environ["GONGWEN_SITE_URL"] = args.url
    print(f"{'-w':>3} {'jobs':>6} {'seconds':>8} {'jobs/s':>7} {'front p50':>10} {'front p95':>10}")
    for workers in (int(value) for value in args.workers.split(",")):
        log = Path(directory) / f"worker-{workers}.log"
        elapsed, times = run_backlog(args.url, workers, args.jobs, log)
        times.sort()
        p95 = times[int(0.95 * (len(times) - 1))] if times else float("nan")
        median = statistics.median(times) if times else float("nan")
        print(
            f"{workers:>3} {args.jobs:>6} {elapsed:>8.1f} {args.jobs / elapsed:>7.1f}"
            f" {median:>10.3f} {p95:>10.3f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
