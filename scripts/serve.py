"""Serve the portal and its conversion worker together: what ``make start`` runs.

    python scripts/serve.py --zope-ini var/instance/etc/zope.ini --site-url http://127.0.0.1:8080/Plone

Starts clamd for 四性检测 (``scripts/clamd.sh``, state in ``var/clamav``; not when
``GONGWEN_CLAMD_SOCKET`` names a clamd of its own), ``gongwen-worker`` on the
instance's SQLite queue, then ``runwsgi``; Ctrl-C (or either process ending) stops
them all.
"""

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent
CLAMD = Path(__file__).resolve().parent / "clamd.sh"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zope-ini", required=True)
    parser.add_argument("--site-url", required=True)
    parser.add_argument("--var", default="var")
    parser.add_argument("--workers", default="2")
    args = parser.parse_args()
    var = Path(args.var).resolve()
    env = dict(
        os.environ,
        GONGWEN_QUEUE_URL=f"sqlite:///{var}/conversion-queue.db",
        GONGWEN_CONVERSION_SECRET_FILE=str(var / "conversion.secret"),
        GONGWEN_AUDIT_DB=str(var / "audit" / "audit.db"),
        GONGWEN_TRANSFER_DIR=os.environ.get("GONGWEN_TRANSFER_DIR") or str(var / "transfers"),
        GONGWEN_SITE_URL=args.site_url,
    )
    own_clamd = not os.environ.get("GONGWEN_CLAMD_SOCKET")
    if own_clamd:
        env["GONGWEN_CLAMD_SOCKET"] = str(var / "clamav" / "clamd.sock")
        # Without clamd the portal still serves; 四性检测 then fails and says why.
        subprocess.run([CLAMD, "start", var / "clamav"], check=False)
    log = open(var / "log" / "worker.log", "ab")  # noqa: SIM115 (lives as long as the worker)
    processes = [
        subprocess.Popen(
            [BIN / "gongwen-worker", f"--workers={args.workers}"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        ),
        subprocess.Popen([BIN / "runwsgi", args.zope_ini], env=env, start_new_session=True),
    ]
    print(
        f"  conversion worker: pid {processes[0].pid}, log {var / 'log' / 'worker.log'}", flush=True
    )

    def stop(*_):
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        if own_clamd:
            subprocess.run([CLAMD, "stop", var / "clamav"], check=False)
        sys.exit(0)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    while all(process.poll() is None for process in processes):
        time.sleep(0.5)
    stop()


if __name__ == "__main__":
    main()
