"""The ZIP built in a child process of the worker, within a time limit (R-RUN1, R-X3).

``build_in_child(metadata, files, folder, seconds)``: the worker has
streamed each file into ``folder``; a child (``python -m
collective.gongwen.packaging.build FOLDER``) reads them, builds the package
with ``exchange.package.build_package`` and writes ``package.zip`` beside
them. A child still at work after ``seconds`` is killed and the job
refused (``rules.TIMED_OUT``). Plain Python, no database.
"""

import json
import os
import subprocess
import sys

from collective.gongwen.conversion.sandbox import with_python_path
from collective.gongwen.exchange.package import build_package
from collective.gongwen.packaging import rules

JOB_NAME = "job.json"
ZIP_NAME = "package.zip"


def build_folder(folder):
    """Build the package ``folder/job.json`` describes into ``folder/package.zip``."""
    with open(os.path.join(folder, JOB_NAME), encoding="utf-8") as job_file:
        job = json.load(job_file)
    files = []
    for role, filename, name in job["files"]:
        with open(os.path.join(folder, name), "rb") as data:
            files.append((role, filename, data.read()))
    data = build_package(job["metadata"], files)
    with open(os.path.join(folder, ZIP_NAME), "wb") as out:
        out.write(data)


def build_in_child(metadata, files, folder, seconds):
    """The ZIP bytes of ``metadata`` and ``files`` (``[(role, filename, name in folder)]``).

    Raises ``rules.PackageRefused``: ``TIMED_OUT`` after ``seconds``,
    ``FAILED`` when the child could not build it.
    """
    with open(os.path.join(folder, JOB_NAME), "w", encoding="utf-8") as job_file:
        json.dump({"metadata": metadata, "files": files}, job_file, ensure_ascii=False)
    try:
        done = subprocess.run(
            [sys.executable, "-m", __name__, folder],
            capture_output=True,
            timeout=max(0.001, seconds),
            check=False,
            env=with_python_path(os.environ),
        )
    except subprocess.TimeoutExpired as error:
        raise rules.PackageRefused(rules.TIMED_OUT, seconds=int(seconds)) from error
    path = os.path.join(folder, ZIP_NAME)
    if done.returncode != 0 or not os.path.exists(path):
        detail = done.stderr.decode("utf-8", "replace")[-300:]
        raise rules.PackageRefused(rules.FAILED, detail=detail)
    with open(path, "rb") as package:
        return package.read()


if __name__ == "__main__":
    build_folder(sys.argv[1])
