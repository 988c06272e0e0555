"""Fill a demo site with finished 发文 of one year, ready for 批量归档 (``bench/archive_batch.py``).

    .venv/bin/zconsole run <var>/instance/etc/zope.conf bench/archive_populate.py \\
        [--count 1000] [--year 2026] [--site Plone]

Stop the server first (FileStorage admits one process). Each 发文 of 长垣河务局 is what
``tests/support/finished.py`` makes: a 正式文件 carrying its title and 文号, a 发文稿纸, an
attachment in two versions, put straight in 已发送. Commits every 100 and prints the rate.
"""

import argparse
import sys
import time
from pathlib import Path

import transaction
from plone import api
from zope.component.hooks import setSite

# zconsole gives the script no ``__file__``: it is run from the checkout (``archive_batch``).
sys.path.insert(0, str(Path.cwd()))

from bench.populate_common import script_argv  # noqa: E402
from tests.support.finished import finished_outgoing  # noqa: E402


def main(app):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--site", default="Plone")
    args = parser.parse_args(script_argv())
    site = app[args.site]
    setSite(site)
    start = time.perf_counter()
    with api.env.adopt_roles(["Manager"]):
        for n in range(1, args.count + 1):
            # Two titles only: the typeset PDF is made once per title and 文号.
            finished_outgoing(
                site, n, year=args.year, title="关于做好汛前检查的通知", number="长河〔2026〕1号"
            )
            if n % 100 == 0:
                transaction.commit()
                rate = n / (time.perf_counter() - start)
                print(f"{n} documents ({rate:.1f}/s)", flush=True)
    transaction.commit()
    print(f"done: {args.count} in {time.perf_counter() - start:.0f} s", flush=True)


main(app)  # noqa: F821 - injected by zconsole
