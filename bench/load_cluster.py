"""Load test of the cluster: the morning scenario against 1, 2 and 4 instances, side by side
(issue 21 item 4).

    make bench-venv
    .venv/bin/python bench/load_cluster.py [--instances 1,2,4] [--users 50,200] [--minutes 10]
        [--think 2,8] [--var var/cluster] [--port 8080] [--out bench/out]

For each instance count, in this order and in the same run (the SAME data: one cluster var,
``scripts/cluster.py --var VAR``, started again with N instances; the site is created by the
first start when VAR has none), it starts the cluster (``make start-cluster``'s supervisor)
with ``bench/counting`` on ``PYTHONPATH`` and ``GONGWEN_BENCH_CONFLICT_LOG`` set, so every
instance logs its ZODB conflicts; waits for the balancer; then, for each user count, runs
``.venv-bench/bin/locust -f bench/locust/gongwen_morning.py --headless -u U -r R -t Mm``
(one locust process, ``--csv``); then stops the cluster (SIGINT, as Ctrl-C). Each start is
followed by ``--warm-up`` minutes (1) of the scenario with the fewest users, not counted: the
instances' object caches are empty after a start, and a 100,000-document site's first
searches unpickle the catalog's buckets. With more users
than the 26 demo accounts, ``bench/bench_users.py`` first makes ``bench_user_NNN`` so that
each user has an account of their own (``--shared-accounts``: they share the demo ones).

Writes locust's CSVs as ``OUT/load-<N>i-<U>u_*.csv`` and one summary ``OUT/load-summary.csv``:
a row per (instances, users, request type) with requests, failures, p50/p95 (ms), requests/s;
and per run a row ``type=ALL`` with the totals, the ZODB conflicts logged during the run and
their rate per request, and the load generator's CPU (locust's user+system seconds ÷ wall
seconds, 1.0 = one core). Prints a table and each instance count's throughput relative to
the first's for the same users.

``--think 0,0`` runs closed loops (no pause between a user's requests): the throughput
figures are then what the instances can serve, not what the users ask for.
"""

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE / "locust"))

import scenario  # noqa: E402

LOCUST = REPO / ".venv-bench" / "bin" / "locust"
LOCUSTFILE = HERE / "locust" / "gongwen_morning.py"
COUNTING = HERE / "counting"
SUMMARY = (
    "instances",
    "users",
    "minutes",
    "type",
    "requests",
    "failures",
    "p50_ms",
    "p95_ms",
    "requests_per_s",
    "conflicts",
    "conflict_rate",
    "locust_cpu",
)


def numbers(text):
    try:
        values = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"comma-separated numbers, not {text!r}") from None
    if not values or any(value < 1 for value in values):
        raise argparse.ArgumentTypeError(f"comma-separated numbers ≥ 1, not {text!r}")
    return values


# --- the cluster --------------------------------------------------------------------------


def start_cluster(args, instances, conflict_log):
    """``scripts/cluster.py`` with ``instances``; (process, state) once the balancer answers."""
    var = Path(args.var).resolve()
    var.mkdir(parents=True, exist_ok=True)
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join(filter(None, [str(COUNTING), os.environ.get("PYTHONPATH")])),
        GONGWEN_BENCH_CONFLICT_LOG=str(conflict_log),
    )
    command = [
        sys.executable,
        REPO / "scripts" / "cluster.py",
        f"--var={var}",
        f"--instances={instances}",
        f"--port={args.port}",
        f"--pg-port={args.pg_port}",
        f"--redis-port={args.redis_port}",
        f"--workers={args.workers}",
    ]
    log = open(var / f"load-cluster-{instances}.log", "ab")  # noqa: SIM115
    process = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=log, stderr=log, start_new_session=True
    )
    state_file = var / "cluster.json"
    deadline = time.monotonic() + args.start_timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the cluster ended ({process.returncode}): see {log.name}")
        if state_file.exists():
            state = json.loads(state_file.read_text(encoding="utf-8"))
            if len(state.get("instances", ())) == instances and answers(state["site_url"]):
                return process, state
        time.sleep(2)
    stop_cluster(process)
    raise SystemExit(f"the cluster did not start in {args.start_timeout} s: see {log.name}")


def answers(url):
    try:
        return requests.get(url, timeout=30).status_code == 200
    except requests.RequestException:
        return False


def stop_cluster(process):
    """Ctrl-C to the supervisor; it stops everything it started."""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=180)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=60)


# --- one locust run -------------------------------------------------------------------------


def make_bench_users(args, count):
    """bench/bench_users.py through instance1 of the running cluster (RelStorage: the
    instances may run meanwhile); the ``GONGWEN_LOAD_ACCOUNTS`` value that uses them."""
    zope_conf = Path(args.var).resolve() / "instance1" / "etc" / "zope.conf"
    subprocess.run(
        [
            REPO / ".venv" / "bin" / "zconsole",
            "run",
            zope_conf,
            HERE / "bench_users.py",
            "--count",
            str(count),
        ],
        cwd=REPO,
        check=True,
    )
    return f"bench:{count}"


def run_locust(args, site_url, users, prefix, minutes):
    """locust headless against ``site_url`` for ``minutes``; its CPU share (user+system ÷
    wall seconds)."""
    spawn_rate = args.spawn_rate or max(1, users // 10)
    command = [
        LOCUST,
        "-f",
        LOCUSTFILE,
        "--headless",
        "--host",
        site_url,
        "-u",
        str(users),
        "-r",
        str(spawn_rate),
        "-t",
        f"{minutes * 60:.0f}s",
        "--csv",
        prefix,
        "--only-summary",
        "--stop-timeout",
        "30",
        "--loglevel",
        "WARNING",
    ]
    env = dict(os.environ, GONGWEN_LOAD_THINK=args.think, GONGWEN_LOAD_ACCOUNTS=args.accounts)
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=REPO, env=env)
    _pid, _status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - started
    return (usage.ru_utime + usage.ru_stime) / wall if wall else 0.0


def locust_rows(prefix):
    """locust's ``_stats.csv`` rows: ``{name: row}`` (``Aggregated`` for the totals)."""
    with open(f"{prefix}_stats.csv", encoding="utf-8", newline="") as source:
        return {row["Name"]: row for row in csv.DictReader(source)}


def conflicts_between(conflict_log, start, end):
    """Conflicts the instances logged from ``start`` to ``end`` (unix times)."""
    if not conflict_log.exists():
        return 0
    counted = 0
    for line in conflict_log.read_text(encoding="utf-8").splitlines():
        when = float(line.split(" ", 1)[0])
        counted += start <= when <= end
    return counted


def summary_rows(instances, users, minutes, stats, conflicts, cpu):
    rows = []
    for name, row in stats.items():
        total = name == "Aggregated"
        requests_count = int(row["Request Count"])
        rows.append(
            {
                "instances": instances,
                "users": users,
                "minutes": minutes,
                "type": "ALL" if total else name,
                "requests": requests_count,
                "failures": int(row["Failure Count"]),
                "p50_ms": row["50%"],
                "p95_ms": row["95%"],
                "requests_per_s": f"{float(row['Requests/s']):.2f}",
                "conflicts": conflicts if total else "",
                "conflict_rate": f"{conflicts / requests_count:.4f}"
                if total and requests_count
                else "",
                "locust_cpu": f"{cpu:.2f}" if total else "",
            }
        )
    order = {name: number for number, name in enumerate(scenario.TYPES)}
    rows.sort(key=lambda row: order.get(row["type"], len(order)))
    return rows


def print_table(rows):
    print(
        f"{'inst':>4}{'users':>6}  {'type':<20}{'requests':>9}{'fail':>6}{'p50':>8}{'p95':>8}"
        f"{'req/s':>8}{'confl.':>8}{'cpu':>6}"
    )
    for row in rows:
        print(
            f"{row['instances']:>4}{row['users']:>6}  {row['type']:<20}{row['requests']:>9}"
            f"{row['failures']:>6}{row['p50_ms']:>8}{row['p95_ms']:>8}{row['requests_per_s']:>8}"
            f"{row['conflict_rate']:>8}{row['locust_cpu']:>6}"
        )
    totals = [row for row in rows if row["type"] == "ALL"]
    for users in sorted({row["users"] for row in totals}):
        runs = [row for row in totals if row["users"] == users]
        base = float(runs[0]["requests_per_s"]) or 1.0
        ratios = ", ".join(
            f"{row['instances']} inst {float(row['requests_per_s']) / base:.2f}×" for row in runs
        )
        print(
            f"throughput, {users} users, relative to {runs[0]['instances']} instance(s): {ratios}"
        )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=numbers, default=[1, 2, 4])
    parser.add_argument("--users", type=numbers, default=[50, 200])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--spawn-rate", type=int, default=0, help="users started per second")
    parser.add_argument("--think", default="", help="MIN,MAX seconds between pages (2,8)")
    parser.add_argument("--var", default=str(REPO / "var" / "cluster"))
    parser.add_argument("--port", default="8080")
    parser.add_argument("--pg-port", default="5433")
    parser.add_argument("--redis-port", default="6380")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--start-timeout", type=int, default=900)
    parser.add_argument(
        "--warm-up",
        type=float,
        default=1.0,
        help="minutes of the scenario, not counted, after each start (0: none)",
    )
    parser.add_argument("--out", default=str(HERE / "out"))
    parser.add_argument(
        "--shared-accounts",
        action="store_true",
        help="users beyond the 26 demo accounts share them (default: bench_user_NNN are made)",
    )
    args = parser.parse_args(argv)
    if not 0.1 <= args.minutes <= 120 or not 0 <= args.warm_up <= 30:
        parser.error("--minutes 0.1–120, --warm-up 0–30")
    try:
        scenario.think_range(args.think)
    except ValueError as error:
        parser.error(str(error))
    if not LOCUST.exists():
        parser.error(f"{LOCUST} is missing: make bench-venv")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    extra = max(args.users) - len(scenario.ACCOUNTS)
    args.accounts = "demo"
    for instances in args.instances:
        conflict_log = Path(args.var).resolve() / f"conflicts-{instances}i.log"
        process, state = start_cluster(args, instances, conflict_log)
        try:
            if extra > 0 and not args.shared_accounts and args.accounts == "demo":
                args.accounts = make_bench_users(args, extra)
            if args.warm_up:
                print(f"== {instances} instance(s): warming up {args.warm_up:g} min", flush=True)
                warm = str(out / f"warm-up-{instances}i")
                run_locust(args, state["site_url"], min(args.users), warm, args.warm_up)
            for users in args.users:
                prefix = str(out / f"load-{instances}i-{users}u")
                print(
                    f"== {instances} instance(s), {users} users, {args.minutes:g} min", flush=True
                )
                start = time.time()
                cpu = run_locust(args, state["site_url"], users, prefix, args.minutes)
                conflicts = conflicts_between(conflict_log, start, time.time())
                rows += summary_rows(
                    instances, users, args.minutes, locust_rows(prefix), conflicts, cpu
                )
        finally:
            stop_cluster(process)
    with open(out / "load-summary.csv", "w", encoding="utf-8", newline="") as target:
        writer = csv.DictWriter(target, fieldnames=SUMMARY)
        writer.writeheader()
        writer.writerows(rows)
    print_table(rows)
    print(f"written: {out / 'load-summary.csv'}")


if __name__ == "__main__":
    main()
