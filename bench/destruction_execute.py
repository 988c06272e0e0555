"""执行销毁 of one 销毁申请 of N items, timed as the request thread runs it (R-R2).

    .venv/bin/python bench/destruction_execute.py [--count 100] [--folder /tmp/gw-destroy-bench]

Builds the instance ``make start`` builds (demo organisation, FileStorage with blobs) in
``--folder`` and runs this same file under ``zconsole`` on it: ``--count`` finished 发文
(``tests/support/finished.py``: 正式文件, 发文稿纸, an attachment in two versions) archived
by cy_archivist through ``filing.archive_document`` as 2015 定期10年, appraised 销毁, put in
one 销毁申请 and approved by 办公室负责人, 局长 and 监销人. Timed: the 执行销毁 button's
request (``disposal.execute_request`` and its commit: the checks, the job started) and each
batch the worker has the portal destroy (``disposal.destroy_batch`` and its commit), as
the worker's calls run them one after the other. Prints the seconds, per item, the longest
and median batch and the projection for the 500 items a request may hold.

Before the workers did it, the button destroyed every item in its own request: 100 items
took 11.6 s there (8.97 s destroying, 2.62 s committing), on a busy 2-core machine.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path.cwd() if "app" in globals() else Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

YEAR, RETENTION = 2015, "10_years"
APPROVERS = ("cy_office_head", "cy_director", "cy_supervisor")
ARCHIVIST = "cy_archivist"


def build(count, folder):
    """The instance in ``folder``, filled and timed by this script under zconsole."""
    from tests.support.instance import create_site
    from tests.support.instance import make_instance
    from tests.support.instance import zconsole
    from tests.support.network import free_port

    var = Path(folder) / "var"
    zope_conf = make_instance(var, free_port())
    create_site(zope_conf, GONGWEN_ADMIN="admin:secret", GONGWEN_DEMO="1")
    environment = dict(os.environ, GONGWEN_BENCH_COUNT=str(count))
    print(zconsole(zope_conf, Path(__file__).resolve(), environment), end="")


def measure(app, count):
    import transaction
    from plone import api
    from zope.component.hooks import setSite

    from collective.gongwen.archive import disposal
    from collective.gongwen.archive import progress
    from collective.gongwen.archive.filing import archive_document
    from collective.gongwen.archive.filing import proposed_fields
    from tests.support.finished import finished_outgoing

    site = app["Plone"]
    setSite(site)
    unit = site["changyuan"]
    started = time.perf_counter()
    uids = []
    for n in range(1, count + 1):
        with api.env.adopt_roles(["Manager"]):
            document = finished_outgoing(site, n, year=YEAR)
        fields = dict(proposed_fields(document), year=YEAR, retention=RETENTION)
        with api.env.adopt_user(username=ARCHIVIST):
            archive_document(document, fields, [], None, ARCHIVIST)
            disposal.appraise(document, "destroy", ARCHIVIST, note="已无保存价值。")
        uids.append(document.UID())
        if n % 25 == 0:
            transaction.commit()
    transaction.commit()
    print(f"{count} items archived and appraised in {time.perf_counter() - started:.0f} s")
    with api.env.adopt_user(username=ARCHIVIST):
        request = disposal.create_request(unit, uids, "保管期限已满。", ARCHIVIST)
    for user in APPROVERS:
        with api.env.adopt_user(username=user):
            disposal.decide(request["id"], "approve", "同意销毁。", user)
    transaction.commit()
    with api.env.adopt_user(username=ARCHIVIST):
        began = time.perf_counter()
        started = disposal.execute_request(request["id"], ARCHIVIST)
        transaction.commit()
        button = time.perf_counter() - began
    # What the worker's calls make the portal do: one batch per request, each committed.
    batches, cursor, record = [], 0, None
    while record is None or record["state"] != "done":
        began = time.perf_counter()
        record = disposal.destroy_batch(unit, started["job_id"], cursor)
        transaction.commit()
        batches.append(time.perf_counter() - began)
        cursor = record["cursor"]
    assert len(disposal.get_request(request["id"])["register_numbers"]) == count
    total = sum(batches)
    print(
        f"执行销毁 button (checks, job started, commit): {button:.2f} s; {count} items in "
        f"{len(batches)} batches of {progress.BATCH_SIZE}: {total:.2f} s "
        f"({total / count * 1000:.0f} ms/item), longest batch {max(batches):.2f} s, "
        f"median {statistics.median(batches):.2f} s; 500 items ≈ {total / count * 500:.0f} s"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--folder", default=None)
    args = parser.parse_args()
    build(args.count, args.folder or tempfile.mkdtemp(prefix="gw-destroy-bench-"))


if "app" in globals():  # under zconsole
    measure(app, int(os.environ["GONGWEN_BENCH_COUNT"]))  # noqa: F821 - injected by zconsole
elif __name__ == "__main__":
    main()
