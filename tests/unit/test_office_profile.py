"""The LibreOffice profile a converting process keeps (``conversion.tools.office_profile``): one
per process, private, reused for the process's next files and removed when the process exits —
a program, or a worker process huey started (``--worker-type=process``: multiprocessing, which
leaves without running atexit) — so worker restarts and test runs leave no profiles in the
temporary folder."""

import multiprocessing
import os
import stat
import subprocess
import sys

from collective.gongwen.conversion import tools

SHOW_PROFILE = (
    "import os; from collective.gongwen.conversion import tools\n"
    "first = tools.office_profile(); os.makedirs(os.path.join(first, 'user'))\n"
    "print(first, tools.office_profile() == first, oct(os.stat(first).st_mode & 0o777))\n"
)


def test_a_process_keeps_one_private_profile_removed_at_its_exit(tmp_path):
    shown = subprocess.run(
        [sys.executable, "-c", SHOW_PROFILE],
        env=dict(os.environ, TMPDIR=str(tmp_path)),
        capture_output=True, text=True, check=True, timeout=60,
    ).stdout.split()  # fmt: skip
    profile, same, mode = shown
    assert os.path.dirname(profile) == str(tmp_path)
    assert same == "True"
    assert mode == "0o700"
    assert not os.path.exists(profile)
    assert os.listdir(tmp_path) == []


def test_a_forked_process_has_a_profile_of_its_own():
    mine = tools.office_profile()
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through the pipe and leaves at once
        os.write(write, tools.office_profile().encode())
        os._exit(0)
    os.close(write)
    os.waitpid(child, 0)
    childs = os.read(read, 4096).decode()
    os.close(read)
    assert childs != mine
    assert stat.S_ISDIR(os.stat(mine).st_mode)
    os.rmdir(childs)  # the child left with os._exit, as a killed worker would: nothing ran


def _convert_in_worker(paths):
    paths.put(tools.office_profile())


def test_a_worker_process_removes_its_profile_when_it_ends():
    paths = multiprocessing.Queue()
    worker = multiprocessing.Process(target=_convert_in_worker, args=(paths,))
    worker.start()
    profile = paths.get(timeout=60)
    worker.join(timeout=60)
    assert worker.exitcode == 0
    assert profile != tools.office_profile()
    assert not os.path.exists(profile)
