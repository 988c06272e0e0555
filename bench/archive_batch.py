"""批量归档 of a year end to end (R-R1, R-R3, R-RUN1): N finished 发文, one real worker, clamd.

    .venv/bin/python bench/archive_batch.py [--count 1000] [--folder /tmp/gw-archive-bench]
        [--workers 2]

Builds the instance ``make start`` builds (demo organisation) in ``--folder``, fills it
with ``--count`` finished 发文 of 2026 (``bench/archive_populate.py``: 正式文件, 发文稿纸,
an attachment in two versions — five files each, counting the versions), starts clamd
(``scripts/clamd.sh``, the shipped signatures), the site and a ``gongwen-worker``, then has
cy_archivist start 2026's 批量归档 on ``@@gongwen-archive-year`` and follows the job's JSON
until it is done. Prints the seconds end to end, items per second, the projection for
10,000 items (target ≤ 600 s), and the front page's median and p95 answer time meanwhile.
"""

import argparse
import contextlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.sites import environment  # noqa: E402
from collective.gongwen.jobs.queue import make_huey  # noqa: E402
from tests.support.clamav import running_clamd  # noqa: E402
from tests.support.instance import BIN  # noqa: E402
from tests.support.instance import create_site  # noqa: E402
from tests.support.instance import make_instance  # noqa: E402
from tests.support.instance import serving  # noqa: E402
from tests.support.network import free_port  # noqa: E402
from tests.support.rest import demo  # noqa: E402
from tests.support.workers import running_worker  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
YEAR = 2026
TARGET_ITEMS, TARGET_SECONDS = 10_000, 600


def sample(url, stop, times):
    """GET ``url`` every 0.5 s until ``stop``; append the seconds each took."""
    while not stop.is_set():
        start = time.perf_counter()
        with contextlib.suppress(requests.RequestException):
            requests.get(url, timeout=30)
        times.append(time.perf_counter() - start)
        stop.wait(0.5)


def start_year(site_url):
    """cy_archivist starts 批量归档 of ``YEAR``; the job page's URL."""
    session = requests.Session()
    session.auth = demo("cy_archivist")
    page = f"{site_url}/changyuan/archive/@@gongwen-archive-year?year={YEAR}"
    form = session.get(page, timeout=60)
    form.raise_for_status()
    token = re.search(r'name="_authenticator" value="([^"]+)"', form.text).group(1)
    started = session.post(page, data={"year": YEAR, "_authenticator": token}, timeout=120)
    started.raise_for_status()
    assert "@@gongwen-archive-job" in started.url, started.url
    return session, started.url


def follow(session, job_url, every=2.0):
    """Poll the job's JSON until it is finished; its last JSON."""
    while True:
        job = session.get(f"{job_url}&format=json", timeout=60).json()["job"]
        print(
            f"  {job['state']:8} {job['done'] + job['failed']:6}/{job['total']} "
            f"({job['percent']}%)",
            file=sys.stderr,
            flush=True,
        )
        if job["finished"]:
            return job
        time.sleep(every)


BATCH_LINE = re.compile(r"archive batch (checked|filed) at (\d+) \((\d+) items\): ([0-9.]+) s")


def batch_times(log_path):
    """Print the median seconds per batch on each side from the worker's log: checked (the
    worker: fetching, 四性检测, clamd) and filed (the portal's answer to the results: 归档)."""
    sides = {"checked": [], "filed": []}
    for line in Path(log_path).read_text(encoding="utf-8", errors="replace").splitlines():
        found = BATCH_LINE.search(line)
        if found and int(found[3]):
            sides[found[1]].append(float(found[4]))
    for side, seconds in sides.items():
        if seconds:
            print(
                f"per batch {side}: p50 {statistics.median(seconds):.2f} s, "
                f"max {max(seconds):.2f} s ({len(seconds)} batches)"
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--folder", default=None)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--base-site", default=None, help="copy this var/ instead of creating")
    parser.add_argument("--tree", default=str(REPO), help="the checkout whose code runs")
    parser.add_argument("--populated", action="store_true", help="--base-site has the 发文")
    args = parser.parse_args()
    folder = Path(args.folder or tempfile.mkdtemp(prefix="gw-archive-bench-")).resolve()
    var = folder / "site"
    var.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = environment(Path(args.tree).resolve(), var)
    zope_conf = make_instance(var, port)
    if args.base_site:
        # A demo site built before (``make_instance`` + ``create_site`` in another folder):
        # its database, blobs and audit store copied, the instance's own config kept.
        for part in ("filestorage", "blobstorage", "audit"):
            if (Path(args.base_site) / part).exists():
                shutil.copytree(Path(args.base_site) / part, var / part, dirs_exist_ok=True)
    else:
        print("creating the demo site …", file=sys.stderr, flush=True)
        create_site(zope_conf, **env)
    if not args.populated:
        print(f"adding {args.count} finished 发文 …", file=sys.stderr, flush=True)
        built = time.perf_counter()
        script = REPO / "bench" / "archive_populate.py"
        subprocess.run(
            [BIN / "zconsole", "run", zope_conf, script, "--count", str(args.count)],
            cwd=REPO,
            env=dict(os.environ, **env),
            check=True,
        )
        print(f"  built in {time.perf_counter() - built:.0f} s", file=sys.stderr, flush=True)
    # The files' viewer conversions the populating queued would run first (a live site did
    # them long ago): not what is measured here.
    make_huey(env["GONGWEN_QUEUE_URL"]).flush()
    with running_clamd(folder / "clamd") as socket_path:
        env = dict(env, GONGWEN_CLAMD_SOCKET=socket_path)
        with (
            serving(var, port, **env) as url,
            running_worker(url, var / "worker.log", f"--workers={args.workers}", env=env),
        ):
            times, stop = [], threading.Event()
            sampler = threading.Thread(target=sample, args=(url, stop, times), daemon=True)
            start = time.perf_counter()
            session, job_url = start_year(url)
            sampler.start()
            job = follow(session, job_url)
            seconds = time.perf_counter() - start
            stop.set()
            sampler.join()
    batch_times(var / "worker.log")
    total = job["total"]
    rate = total / seconds
    print(f"items: {total}, archived {job['done']}, failed {job['failed']}, state {job['state']}")
    print(f"end to end: {seconds:.1f} s, {rate:.1f} items/s (worker --workers={args.workers})")
    projected = TARGET_ITEMS / rate
    verdict = "meets" if projected <= TARGET_SECONDS else "misses"
    print(f"10,000 items projected: {projected:.0f} s ({verdict} the {TARGET_SECONDS} s target)")
    if times:
        ordered = sorted(times)
        p95 = ordered[int(0.95 * (len(ordered) - 1))]
        print(
            f"front page meanwhile: median {statistics.median(times) * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms ({len(times)} requests)"
        )


if __name__ == "__main__":
    main()
