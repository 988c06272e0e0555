"""Real conversion workers (``gongwen-worker``) and a private redis-server for tests."""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import redis

from tests.support.network import free_port

BIN = Path(sys.executable).parent


def stop(process, timeout=20):
    """Stop ``process`` gracefully (SIGINT: huey finishes the tasks it runs), else terminate it,
    else kill it — so that no result of a worker is filed after its test has ended."""
    for end in (lambda: process.send_signal(signal.SIGINT), process.terminate):
        end()
        try:
            process.wait(timeout=timeout)
            return
        except subprocess.TimeoutExpired:
            continue
    process.kill()
    process.wait()


@contextlib.contextmanager
def running_worker(site_url, log_path, *args, env=None):
    """A ``gongwen-worker`` process for the portal at ``site_url`` while the block runs.

    ``env`` adds environment variables (e.g. ``GONGWEN_JOB_BACKOFF_SCALE``).
    """
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            [BIN / "gongwen-worker", "--workers=2", f"--site-url={site_url}", *args],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=dict(os.environ, **(env or {})),
        )
    try:
        yield process
    finally:
        stop(process)


@contextlib.contextmanager
def running_redis(directory):
    """A redis-server on 127.0.0.1 (free port, no persistence); yields its URL."""
    port = free_port()
    process = subprocess.Popen(
        [
            "redis-server",
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--dir",
            os.fspath(directory),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        client = redis.Redis.from_url(url)
        for _ in range(100):
            with contextlib.suppress(redis.ConnectionError):
                if client.ping():
                    break
            time.sleep(0.05)
        yield url
    finally:
        stop(process)
