"""执行销毁 of one 销毁申请 of N items, timed as the request thread runs it (R-R2).

    .venv/bin/python bench/destruction_execute.py [--count 100] [--folder /tmp/gw-destroy-bench]

Builds the instance ``make start`` builds (demo organisation, FileStorage with blobs) in
``--folder`` and runs this same file under ``zconsole`` on it: ``--count`` finished 发文
(``tests/support/finished.py``: 正式文件, 发文稿纸, an attachment in two versions) archived
by cy_archivist through ``filing.archive_document`` as 2015 定期10年, appraised 销毁, put in
one 销毁申请 and approved by 办公室负责人, 局长 and 监销人; then ``disposal.execute_request``
and its commit are timed — what the 执行销毁 button's request does. Prints the seconds of
the execution, of the commit, per item, and the projection for the 500 items a request may
hold (``disposal_rules.MAX_ITEMS``).
"""

import argparse
import os
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
        done = disposal.execute_request(request["id"], ARCHIVIST)
        executed = time.perf_counter()
        transaction.commit()
        committed = time.perf_counter()
    assert len(done["register_numbers"]) == count
    total = committed - began
    print(
        f"execute_request of {count} items: {executed - began:.2f} s, commit "
        f"{committed - executed:.2f} s, total {total:.2f} s ({total / count * 1000:.0f} ms/item); "
        f"500 items ≈ {total / count * 500:.0f} s"
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
