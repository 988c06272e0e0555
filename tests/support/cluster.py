"""``make start-cluster`` for tests: scripts/cluster.py on free loopback ports and a temporary var/
(directly under the system's temporary directory: as root PostgreSQL runs as ``postgres``, which
must be able to enter it), stopped with SIGINT as Ctrl-C would, and whatever outlived that
killed and reported."""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.support.network import free_port

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
POSTGRES = REPO / "scripts" / "postgres.sh"


def free_ports(count):
    """``count`` distinct free loopback ports."""
    ports = set()
    while len(ports) < count:
        ports.add(free_port())
    return sorted(ports)


def port_is_free(port):
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def consecutive_free_ports(count):
    """The first of ``count`` consecutive free loopback ports (the instances' ports)."""
    while True:
        first = free_port()
        if all(port_is_free(first + offset) for offset in range(1, count)):
            return first


def state_of(var):
    """The running cluster's cluster.json, or None."""
    with contextlib.suppress(OSError, ValueError):
        return json.loads((var / "cluster.json").read_text(encoding="utf-8"))
    return None


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead for our purpose (its parent has not reaped it yet).
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    return True


def pids_of(state):
    """Every pid the cluster's state names (the supervisor's first)."""
    return [state["supervisor"], *state["processes"].values()]


class Cluster:
    """A cluster started by :func:`running_cluster`; ``state`` is its cluster.json."""

    def __init__(self, var, process, ports):
        self.var = var
        self.process = process
        self.ports = ports
        self.state = None

    @property
    def site_url(self):
        return self.state["site_url"]

    def instance_url(self, number):
        return f"{self.state['instances'][number - 1]['url']}/{self.state['site_id']}"

    def refresh(self):
        self.state = state_of(self.var) or self.state
        return self.state

    def stop(self, timeout=120):
        """SIGINT to the supervisor (Ctrl-C); its exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=timeout)


@contextlib.contextmanager
def running_cluster(instances=2, demo="1", start_timeout=900, var=None, **environment):
    """scripts/cluster.py with ``instances`` instances (the demo organisation without its
    documents unless ``GONGWEN_DEMO_DOCUMENTS="1"`` is given), waited for until its
    cluster.json is written; yields a :class:`Cluster`. clamd is not started (no
    ``GONGWEN_CLAMD_SOCKET`` of ours is given a server): 四性检测 is not what a cluster test
    checks. ``var``: the cluster's folder (one ``make migrate-to-cluster`` filled; left in
    place), else a new temporary one (removed)."""
    own_var = var is None
    if own_var:
        var = Path(tempfile.mkdtemp(prefix="gongwen-cluster-"))
        var.chmod(0o755)  # PostgreSQL's data in VAR/postgres: the postgres user passes through
    balancer, pg, redis = free_ports(3)
    first = consecutive_free_ports(instances)
    command = [
        BIN / "python",
        REPO / "scripts" / "cluster.py",
        f"--var={var}",
        f"--instances={instances}",
        f"--port={balancer}",
        f"--instance-port={first}",
        f"--pg-port={pg}",
        f"--redis-port={redis}",
        f"--demo={demo}",
        "--admin=admin:secret",
        "--workers=1",
    ]
    env = dict(
        os.environ,
        GONGWEN_DEMO_DOCUMENTS="0",
        GONGWEN_CLAMD_SOCKET=str(var / "no-clamd.sock"),
        **environment,
    )
    output = open(var / "cluster.out", "wb")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [str(part) for part in command],
        cwd=REPO,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    cluster = Cluster(var, process, {"balancer": balancer, "postgres": pg, "redis": redis})
    try:
        deadline = time.monotonic() + start_timeout
        while cluster.refresh() is None:
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("the cluster did not start:\n" + output_of(var))
            time.sleep(0.5)
        yield cluster
    finally:
        last = cluster.state
        with contextlib.suppress(subprocess.TimeoutExpired):
            cluster.stop()
        left = [pid for pid in (pids_of(last) if last else []) if alive(pid)]
        for pid in left:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
        if process.poll() is None:
            process.kill()
            process.wait(timeout=60)
        subprocess.run([POSTGRES, "stop", var / "postgres", str(pg)], capture_output=True)
        output.close()
        if own_var:
            shutil.rmtree(var, ignore_errors=True)


def output_of(var):
    """What scripts/cluster.py printed, and the end of its log."""
    text = ""
    for name in ("cluster.out", "log/cluster.log"):
        with contextlib.suppress(OSError):
            text += f"--- {name}\n" + (var / name).read_text(errors="replace")[-6000:]
    return text
