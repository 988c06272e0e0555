"""Serve the portal as a cluster on this machine: what ``make start-cluster`` runs.

    python scripts/cluster.py --var var/cluster --instances 2 --port 8080 --site-id Plone
        [--admin admin:admin] [--demo 1] [--no-create-site]

Starts, in this order, everything under VAR (default var/cluster, apart from ``make start``'s
var/: ``make migrate-to-cluster`` copies that one over):

- PostgreSQL (``scripts/postgres.sh``, data in VAR/postgres, 127.0.0.1:PG_PORT, default 5433):
  the ZODB (RelStorage, database ``gongwen``) and the audit store (database ``gongwen_audit``);
- Redis (Debian's ``redis-server``, 127.0.0.1:REDIS_PORT, default 6380, append-only file in
  VAR/redis: a queued job survives a restart of Redis): the jobs' queue;
- N Zope instances (VAR/instance1 … VAR/instanceN, scripts/make_instance.py on RelStorage) on
  ports PORT+1 … PORT+N; the Plone site is created once, through instance1, by the same
  scripts/create_site.py as ``make start`` (later runs keep the data);
- haproxy (VAR/haproxy.cfg from etc/haproxy.cfg.in) on HOST:PORT, the one address users open:
  ``balance leastconn``, each instance checked every 2 s at /@@gongwen-health; a request that
  cannot reach an instance is sent to another one;
- clamd for 四性检测 (as ``make start``; not when ``GONGWEN_CLAMD_SOCKET`` names one);
- the huey workers on Redis: one ``gongwen-worker`` with huey's scheduler (periodic work is
  queued once), the other with ``--no-periodic``.

The instances and workers get this process's environment (e.g. ``PYTHONPATH`` and
``GONGWEN_BENCH_CONFLICT_LOG`` for the load tests) with the cluster's settings on top.
The state of the running cluster (pids, ports, the DSN, the Redis URL, the balancer's URL) is
in VAR/cluster.json while it runs. An instance, worker, Redis or haproxy that dies is started
again after a few seconds (VAR/log/cluster.log says so). Ctrl-C or SIGTERM stops the balancer,
the instances, the workers, Redis (saving), PostgreSQL (fast shutdown: what was committed is on
disk) and clamd, and removes cluster.json.
"""

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SCRIPTS = REPO / "scripts"
sys.path.insert(0, str(SCRIPTS))

from make_instance import render  # noqa: E402
from make_instance import template  # noqa: E402

POSTGRES = SCRIPTS / "postgres.sh"
CLAMD = SCRIPTS / "clamd.sh"
HEALTH_PATH = "/@@gongwen-health"
# Objects per ZODB connection, as ``make start``'s (scripts/make_instance.py): RelStorage's
# shared cache (cache-local-mb) keeps pickles, but each one is unpickled again once the
# connection has dropped it. A search's facets walk tens of thousands of index buckets at
# 100,000 documents: with 30,000 objects its median was 700 ms, with 100,000 155 ms, for
# the same RSS (docs/performance.rst).
CACHE_SIZE = 100000
RESTART_DELAY = 3.0  # seconds before a dead process is started again
STATE = "cluster.json"


def log(var, message):
    """Print ``message`` and append it to VAR/log/cluster.log with the time."""
    line = f"{datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC  {message}"
    print(f"  {message}", flush=True)
    with open(var / "log" / "cluster.log", "a", encoding="utf-8") as out:
        out.write(line + "\n")


def haproxy_config(var, host, port, instance_ports, health_path=HEALTH_PATH):
    """The balancer's configuration (etc/haproxy.cfg.in) for the instances on ``instance_ports``."""
    servers = "\n".join(
        f"    server instance{number} 127.0.0.1:{instance_port} check"
        for number, instance_port in enumerate(instance_ports, start=1)
    )
    values = {"VAR": var, "HOST": host, "PORT": port, "HEALTH": health_path, "SERVERS": servers}
    return render(template("haproxy.cfg"), values)


def pg_dsn(pg_port, dbname="gongwen"):
    """The libpq DSN of the cluster's database ``dbname`` (as scripts/postgres.sh sets it up)."""
    return f"host=127.0.0.1 port={pg_port} user=gongwen dbname={dbname}"


def audit_url(pg_port):
    """The audit store's database, as its owner (the superuser) reaches it."""
    return f"postgresql://gongwen@127.0.0.1:{pg_port}/gongwen_audit"


def setup_audit(pg_port):
    """The audit store's tables and application role in the database ``gongwen_audit`` (made by
    ``gongwen-audit setup-postgres`` as the superuser, idempotently); the URL the portal uses."""
    result = subprocess.run(
        [BIN / "gongwen-audit", "setup-postgres", audit_url(pg_port)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit("the audit store was not set up:\n" + result.stdout + result.stderr)
    return result.stdout.strip().splitlines()[-1]


def running_cluster(var):
    """The state of the cluster running on ``var`` (its cluster.json), or None."""
    try:
        state = json.loads((var / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    try:
        os.kill(state["supervisor"], 0)
    except (KeyError, TypeError, ProcessLookupError):
        return None
    except PermissionError:
        pass
    return state


# What the cluster's own processes run (their first argument's name).
OWN_PROGRAMS = ("python", "python3", "python3.11", "redis-server", "haproxy")


def own_process(pid):
    """True when ``pid`` is alive, leads its own process group (as the cluster starts each
    process) and runs one of OWN_PROGRAMS: not a stranger that reused the pid."""
    try:
        if os.getpgid(pid) != pid:
            return False
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0].decode()
    except (OSError, UnicodeDecodeError):
        return False
    return Path(command.split()[0] if command else "").name in OWN_PROGRAMS


def reap_stale(var):
    """Stop what a cluster whose supervisor was killed left running on ``var`` (its
    cluster.json names it) and remove the stale cluster.json; the names of the processes
    stopped."""
    try:
        state = json.loads((var / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    left = {
        name: pid
        for name, pid in state.get("processes", {}).items()
        if isinstance(pid, int) and own_process(pid)
    }
    for pid in left.values():
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + 20
    while any(own_process(pid) for pid in left.values()) and time.monotonic() < deadline:
        time.sleep(0.2)
    for pid in left.values():
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
    with contextlib.suppress(FileNotFoundError):
        (var / STATE).unlink()
    return sorted(left)


class Supervised:
    """One process of the cluster that is started again when it dies."""

    def __init__(self, name, command, env, log_path=None, ready=None):
        self.name = name
        self.command = [str(part) for part in command]
        self.env = env
        self.log_path = log_path
        self.ready = ready
        self.process = None
        self.died_at = None

    def start(self):
        output = open(self.log_path, "ab") if self.log_path else None  # noqa: SIM115
        try:
            self.process = subprocess.Popen(
                self.command,
                env=self.env,
                cwd=REPO,
                stdin=subprocess.DEVNULL,
                stdout=output or subprocess.DEVNULL,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        finally:
            if output:
                output.close()
        self.died_at = None
        return self

    @property
    def pid(self):
        return self.process.pid if self.process else None

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout=20):
        """SIGTERM to the process group; SIGKILL after ``timeout`` seconds."""
        if self.process is None:
            return
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=timeout)
        # Whatever the group left behind (a huey worker process, a runwsgi thread's child).
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)


def wait_for(check, what, timeout, process=None):
    """Poll ``check()`` until it is true; fail with ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(Exception):
            if check():
                return
        if process is not None and not process.alive():
            raise SystemExit(f"{what}: the process ended (see its log)")
        if time.monotonic() > deadline:
            raise SystemExit(f"{what}: not ready after {timeout} s")
        time.sleep(0.3)


def answers(url):
    """True when ``url`` answers at all (any HTTP status)."""
    import requests

    requests.get(url, timeout=30, allow_redirects=False)
    return True


def redis_answers(url):
    import redis

    return redis.Redis.from_url(url, socket_timeout=5).ping()


class Cluster:
    def __init__(self, args):
        self.args = args
        self.var = Path(args.var).resolve()
        self.host = args.host
        self.port = int(args.port)
        self.pg_port = int(args.pg_port)
        self.redis_port = int(args.redis_port)
        first = int(args.instance_port or self.port + 1)
        self.instance_ports = [first + number for number in range(args.instances)]
        self.redis_url = f"redis://127.0.0.1:{self.redis_port}/0"
        self.balancer_url = f"http://{self.host}:{self.port}"
        self.site_url = f"{self.balancer_url}/{args.site_id}"
        self.dsn = pg_dsn(self.pg_port)
        self.audit_db = None  # the SQLite file in VAR/audit, or PostgreSQL's (start_postgres)
        self.own_clamd = not os.environ.get("GONGWEN_CLAMD_SOCKET")
        self.processes = []
        self.postgres_started = False
        self.stopping = False

    # -- the pieces ---------------------------------------------------------------------------

    def env(self):
        """The environment of the instances and workers."""
        var = self.var
        env = dict(
            os.environ,
            TZ=os.environ.get("TZ", "Asia/Shanghai"),
            GONGWEN_QUEUE_URL=self.redis_url,
            GONGWEN_CONVERSION_SECRET_FILE=str(var / "conversion.secret"),
            GONGWEN_AUDIT_DB=self.audit_db or str(var / "audit" / "audit.db"),
            # The checkpoints' signing key: a file, never in the database it signs.
            GONGWEN_AUDIT_KEY_FILE=str(var / "audit" / "checkpoint.key"),
            GONGWEN_TRANSFER_DIR=os.environ.get("GONGWEN_TRANSFER_DIR") or str(var / "transfers"),
            GONGWEN_SITE_URL=self.site_url,
        )
        if self.own_clamd:
            env["GONGWEN_CLAMD_SOCKET"] = str(var / "clamav" / "clamd.sock")
        return env

    def start_postgres(self):
        result = subprocess.run(
            [POSTGRES, "start", self.var / "postgres", str(self.pg_port)],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise SystemExit("PostgreSQL did not start:\n" + result.stdout + result.stderr)
        self.postgres_started = True
        log(self.var, f"PostgreSQL: 127.0.0.1:{self.pg_port}, data {self.var / 'postgres'}")
        (self.var / "audit").mkdir(parents=True, exist_ok=True)
        if self.args.audit == "postgresql":
            self.audit_db = setup_audit(self.pg_port)
            log(self.var, f"audit store: {self.audit_db}")

    def start_redis(self):
        (self.var / "redis").mkdir(parents=True, exist_ok=True)
        command = [
            "redis-server",
            "--bind",
            "127.0.0.1",
            "--port",
            self.redis_port,
            "--dir",
            self.var / "redis",
            "--appendonly",
            "yes",
            "--save",
            "60 1",
            "--daemonize",
            "no",
        ]
        redis = Supervised("redis", command, dict(os.environ), self.var / "log" / "redis.log")
        redis.ready = lambda: redis_answers(self.redis_url)
        self.launch(redis)
        wait_for(redis.ready, "Redis", 60, redis)
        log(self.var, f"Redis: {self.redis_url}, data {self.var / 'redis'} (append-only)")

    def write_instances(self):
        from make_instance import make_instance

        for number, instance_port in enumerate(self.instance_ports, start=1):
            make_instance(
                self.var,
                "127.0.0.1",
                instance_port,
                name=f"instance{number}",
                storage="relstorage",
                dsn=self.dsn,
                queue_url=self.redis_url,
                audit_db=self.audit_db,
                cache_size=self.args.cache_size,
            )

    def create_site(self):
        """scripts/create_site.py through instance1 (once: later runs keep the site)."""
        started = time.monotonic()
        env = dict(
            self.env(),
            GONGWEN_ADMIN=self.args.admin,
            GONGWEN_SITE_ID=self.args.site_id,
            GONGWEN_DEMO=str(self.args.demo),
        )
        result = subprocess.run(
            [BIN / "zconsole", "run", self.zope_conf(1), SCRIPTS / "create_site.py"],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise SystemExit("the site was not created:\n" + result.stdout + result.stderr)
        log(self.var, f"site {self.args.site_id}: ready ({time.monotonic() - started:.0f} s)")

    def zope_conf(self, number):
        return self.var / f"instance{number}" / "etc" / "zope.conf"

    def instance(self, number):
        zope_ini = self.var / f"instance{number}" / "etc" / "zope.ini"
        process = Supervised(
            f"instance{number}",
            [BIN / "runwsgi", zope_ini],
            self.env(),
            self.var / "log" / f"instance{number}-console.log",
        )
        url = f"http://127.0.0.1:{self.instance_ports[number - 1]}/"
        process.ready = lambda: answers(url)
        return process

    def start_instances(self):
        instances = [self.instance(number) for number in range(1, len(self.instance_ports) + 1)]
        for process in instances:
            self.launch(process)
        for process in instances:
            wait_for(process.ready, process.name, 300, process)
        for process, instance_port in zip(instances, self.instance_ports, strict=True):
            log(self.var, f"{process.name}: http://127.0.0.1:{instance_port} (pid {process.pid})")

    def start_balancer(self):
        config = self.var / "haproxy.cfg"
        ports = self.instance_ports
        text = haproxy_config(self.var, self.host, self.port, ports, self.args.health_path)
        config.write_text(text, encoding="utf-8")
        check = subprocess.run(
            ["haproxy", "-c", "-q", "-f", config], capture_output=True, text=True
        )
        if check.returncode != 0:
            raise SystemExit("haproxy.cfg: " + check.stdout + check.stderr)
        balancer = Supervised(
            "haproxy",
            ["haproxy", "-db", "-f", config],
            dict(os.environ),
            self.var / "log" / "haproxy.log",
        )
        balancer.ready = lambda: answers(self.balancer_url + self.args.health_path)
        self.launch(balancer)
        wait_for(balancer.ready, "haproxy", 60, balancer)
        log(self.var, f"haproxy: {self.balancer_url} → {len(ports)} instances (leastconn)")

    def start_clamd(self):
        if not self.own_clamd:
            return
        # Without clamd the portal still serves; 四性检测 then fails and says why.
        subprocess.run([CLAMD, "start", self.var / "clamav"], check=False)

    def start_workers(self):
        worker_log = self.var / "log" / "worker.log"
        common = [
            BIN / "gongwen-worker",
            f"--queue={self.redis_url}",
            f"--site-url={self.site_url}",
        ]
        periodic = Supervised("worker-periodic", [*common, "--workers=1"], self.env(), worker_log)
        others = Supervised(
            "workers",
            [*common, f"--workers={self.args.workers}", "--no-periodic"],
            self.env(),
            worker_log,
        )
        for process in (periodic, others):
            self.launch(process)
        log(
            self.var,
            f"workers: 1 with the scheduler (pid {periodic.pid}) + {self.args.workers} "
            f"(pid {others.pid}), log {worker_log}",
        )

    def launch(self, process):
        self.processes.append(process.start())

    # -- running --------------------------------------------------------------------------------

    def write_state(self):
        state = {
            "supervisor": os.getpid(),
            "var": str(self.var),
            "balancer_url": self.balancer_url,
            "site_url": self.site_url,
            "site_id": self.args.site_id,
            "instances": [
                {
                    "name": process.name,
                    "pid": process.pid,
                    "port": port,
                    "url": f"http://127.0.0.1:{port}",
                }
                for process, port in zip(self.named("instance"), self.instance_ports, strict=True)
            ],
            "processes": {process.name: process.pid for process in self.processes},
            "postgres": {
                "port": self.pg_port,
                "dsn": self.dsn,
                "data": str(self.var / "postgres" / "data"),
            },
            "audit_db": self.audit_db or str(self.var / "audit" / "audit.db"),
            "redis_url": self.redis_url,
        }
        temporary = self.var / (STATE + ".new")
        temporary.write_text(json.dumps(state, indent=2), encoding="utf-8")
        temporary.replace(self.var / STATE)

    def named(self, prefix):
        return [process for process in self.processes if process.name.startswith(prefix)]

    def supervise(self):
        """Start again what died (after RESTART_DELAY seconds), until stopped."""
        while not self.stopping:
            changed = False
            for process in self.processes:
                if process.alive() or self.stopping:
                    continue
                if process.died_at is None:
                    process.died_at = time.monotonic()
                    code = process.process.returncode
                    log(self.var, f"{process.name} (pid {process.pid}) ended ({code}): restarting")
                elif time.monotonic() - process.died_at >= RESTART_DELAY:
                    process.start()
                    log(self.var, f"{process.name} started again (pid {process.pid})")
                    changed = True
            if changed:
                self.write_state()
            time.sleep(0.5)

    def stop(self, *_):
        """Stop everything, in the reverse order of the start; remove cluster.json."""
        if self.stopping:
            return
        self.stopping = True
        order = ("haproxy", "instance", "worker", "redis")
        for prefix in order:
            for process in self.named(prefix):
                if prefix == "redis" and process.alive():
                    with contextlib.suppress(Exception):
                        import redis

                        # SHUTDOWN SAVE: the queue is on disk; the connection ends with it.
                        redis.Redis.from_url(self.redis_url).shutdown(save=True)
                process.stop()
                # runwsgi's pid file, left behind by an instance that was killed.
                pid_file = self.var / process.name / "Z4.pid"
                if prefix == "instance" and pid_file.exists():
                    pid_file.unlink()
        if self.postgres_started:
            subprocess.run(
                [POSTGRES, "stop", self.var / "postgres", str(self.pg_port)], check=False
            )
        if self.own_clamd and (self.var / "clamav").exists():
            subprocess.run([CLAMD, "stop", self.var / "clamav"], check=False)
        with contextlib.suppress(FileNotFoundError):
            (self.var / STATE).unlink()
        log(self.var, "cluster stopped")

    def run(self):
        started = time.monotonic()
        (self.var / "log").mkdir(parents=True, exist_ok=True)
        if running_cluster(self.var):
            raise SystemExit(f"集群已在运行 / a cluster already runs on {self.var} ({STATE})")
        stale = reap_stale(self.var)
        if stale:
            log(self.var, f"left by a cluster that was killed, stopped: {', '.join(stale)}")
        signal.signal(signal.SIGINT, self._signalled)
        signal.signal(signal.SIGTERM, self._signalled)
        try:
            self.start_postgres()
            self.start_redis()
            self.write_instances()
            if not self.args.no_create_site:
                self.create_site()
            self.start_clamd()
            self.start_instances()
            self.start_balancer()
            self.start_workers()
            self.write_state()
            self.announce(time.monotonic() - started)
            self.supervise()
        finally:
            self.stop()

    def _signalled(self, *_):
        # Leave the start or the supervising loop; run()'s finally stops everything.
        if not self.stopping:
            raise KeyboardInterrupt

    def announce(self, seconds):
        print(flush=True)
        print(f"  电子公文 portal (cluster): {self.site_url}   ({seconds:.0f} s to start)")
        print(f"  Administrator (training only): {self.args.admin}")
        print("  Demo accounts: see README.rst, section 'Demo accounts'")
        print(f"  State: {self.var / STATE}; logs: {self.var / 'log'}; Ctrl-C stops the cluster")
        print(flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var", default=str(REPO / "var" / "cluster"))
    parser.add_argument("--instances", type=int, default=2)
    parser.add_argument("--host", default="127.0.0.1", help="the balancer's address")
    parser.add_argument("--port", default="8080", help="the balancer's port")
    parser.add_argument("--instance-port", help="the first instance's port (default PORT+1)")
    parser.add_argument("--pg-port", default="5433")
    parser.add_argument("--redis-port", default="6380")
    parser.add_argument("--site-id", default="Plone")
    parser.add_argument("--admin", default="admin:admin")
    parser.add_argument("--demo", default="1", choices=("0", "1"))
    parser.add_argument("--no-create-site", action="store_true")
    parser.add_argument(
        "--workers", type=int, default=2, help="worker processes besides the one with the scheduler"
    )
    parser.add_argument("--cache-size", type=int, default=CACHE_SIZE)
    parser.add_argument("--health-path", default=HEALTH_PATH, help="haproxy's check of an instance")
    parser.add_argument("--audit", choices=("postgresql", "sqlite"), default="postgresql")
    args = parser.parse_args(argv)
    if not 1 <= args.instances <= 16:
        parser.error("--instances: 1 to 16")
    with contextlib.suppress(KeyboardInterrupt):
        Cluster(args).run()


if __name__ == "__main__":
    main()
