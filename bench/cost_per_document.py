"""Cost per document: our site against plain Plone 6.2, side by side, as documents pile up.

    .venv/bin/python bench/cost_per_document.py [--folder var/cost] [--sizes 2000,20000]
        [--requests 30] [--walk 20] [--cache-sizes 30000,50000,100000] [--cache-size 30000]

Builds two instances in ``--folder`` (kept: a second run with larger sizes adds to them):

* ours — the instance ``make start`` builds (``scripts/make_instance.py``, ``--cache-size``),
  the demo organisation (``scripts/create_site.py``), cy_eng_head's 100 待办
  (``todo_items.py``), then documents written by ``generate.py`` (the demo
  year's mix) up to each size;
* plain — the same Plone from our pins without collective.gongwen (``bench/plain``), its
  ZODB cache at Plone's 30,000, plain Pages by ``plain_site.py`` up to each size.

At each size, with both stopped: bytes of Data.fs + blobs per document, and the walking rate
of ``--walk`` 发文 through every step with the renders left to the workers
(``walk_rate.py``). Then both are served at once and given the same warm-up (front pages
anonymous, as the member and as the admin, 50 documents opened, a search): their RSS; then
the front pages timed in pairs — each request to ours followed by the same to plain, so a
loaded machine slows both alike — staff with 100 待办 against a plain member, admin against
the plain admin, anonymous against anonymous: medians and the ratio ours/plain. At the last
size ours is restarted at each of ``--cache-sizes`` for the same warm-up and its RSS.
Last, each figure at the last size over the first: it must stay flat.
"""

import argparse
import contextlib
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(HERE), str(REPO)]

from front_page import TODO_COUNT  # noqa: E402

from tests.support.instance import BIN  # noqa: E402
from tests.support.instance import create_site  # noqa: E402
from tests.support.instance import make_instance  # noqa: E402
from tests.support.instance import run  # noqa: E402
from tests.support.instance import start  # noqa: E402
from tests.support.network import free_port  # noqa: E402

PLAIN_CACHE = 30000  # Plone's default
STAFF = ("cy_eng_head", "gongwen2026")  # todo_items.py's 待办 holder
ADMIN = ("admin", "admin")
MEMBER = ("member1", "member1-pass")  # plain_site.py's
OUR_TYPES = ("gongwen_outgoing", "gongwen_incoming", "gongwen_notice", "gongwen_news")
DOCUMENTS = 50  # opened in the warm-up
CACHE_LINE = re.compile(r"^(\s*cache-size\s+)\d+", re.MULTILINE)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", default=str(REPO / "var" / "cost"))
    parser.add_argument("--sizes", default="2000,20000")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--walk", type=int, default=20)
    parser.add_argument("--cache-size", type=int, default=30000)
    parser.add_argument("--cache-sizes", default="30000,50000,100000")
    args = parser.parse_args()
    args.sizes = sorted(int(size) for size in args.sizes.split(","))
    args.cache_sizes = [int(size) for size in args.cache_sizes.split(",") if size]
    if not all(0 < size <= 200_000 for size in args.sizes) or not 0 < args.requests <= 1000:
        parser.error("--sizes each 1–200,000, --requests 1–1,000")
    return args


def log(text):
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


# --- the two sites --------------------------------------------------------------------------


class Side:
    """One of the two instances: its folder, port, environment and documents so far."""

    def __init__(self, label, var, environment):
        self.label = label
        self.var = var
        self.environment = environment
        self.state = var / "cost.json"

    @property
    def zope_conf(self):
        return self.var / "instance" / "etc" / "zope.conf"

    @property
    def documents(self):
        return json.loads(self.state.read_text())["documents"] if self.state.exists() else 0

    @documents.setter
    def documents(self, count):
        self.state.write_text(json.dumps({"documents": count}))

    def run(self, script, *options, timeout=600):
        """``zconsole run`` of the bench script ``script`` with ``options``; what it prints."""
        command = (str(BIN / "zconsole"), "run", str(self.zope_conf), str(script), *options)
        return run(*command, env=self.env(), timeout=timeout)

    def env(self):
        return dict(os.environ, **self.environment)

    def port(self):
        ini = (self.var / "instance" / "etc" / "zope.ini").read_text()
        return int(re.search(r"listen = [\d.]+:(\d+)", ini).group(1))

    def set_cache_size(self, size):
        text = self.zope_conf.read_text()
        self.zope_conf.write_text(CACHE_LINE.sub(rf"\g<1>{size}", text))

    def stored_bytes(self):
        """Data.fs and blobs, in bytes."""
        total = (self.var / "filestorage" / "Data.fs").stat().st_size
        for folder, _dirs, names in os.walk(self.var / "blobstorage"):
            total += sum(os.path.getsize(os.path.join(folder, name)) for name in names)
        return total


def build(args):
    """The two sides, created on the first run."""
    folder = Path(args.folder).resolve()
    ours = Side(
        "ours",
        folder / "ours",
        {
            "GONGWEN_DEMO": "1",
            "GONGWEN_ADMIN": ":".join(ADMIN),
            "GONGWEN_CONVERSION_SECRET": "cost-bench-key",
        },
    )
    plain = Side("plain", folder / "plain", {"PYTHONPATH": str(HERE / "plain")})
    for side, cache_size in ((ours, args.cache_size), (plain, PLAIN_CACHE)):
        if side.zope_conf.exists():
            continue
        side.var.mkdir(parents=True, exist_ok=True)
        make_instance(side.var, free_port(), cache_size=cache_size)
        log(f"{side.label}: creating the site …")
        if side is ours:
            create_site(side.zope_conf, **side.environment)
            side.run(HERE / "todo_items.py", "--count=100")
        else:
            ini = side.var / "instance" / "etc" / "zope.ini"
            # plain Plone's pipeline: without our 「系统维护中」 filter
            ini.write_text(ini.read_text().replace("    maintenance\n", ""))
            side.run(HERE / "plain_site.py", "--pages=0")
        side.documents = 0
    return ours, plain


def grow(ours, plain, size):
    if ours.documents < size:
        log(f"ours: generating {size - ours.documents} documents …")
        count = size - ours.documents
        # a second per document at most (the generator writes 5–15 a second)
        ours.run(HERE / "generate.py", f"--documents={count}", "--batch=500", timeout=600 + count)
        ours.documents = size
    if plain.documents < size:
        log(f"plain: adding {size - plain.documents} pages …")
        count = size - plain.documents
        plain.run(HERE / "plain_site.py", f"--pages={count}", timeout=600 + count)
        plain.documents = size


def walking(ours, count):
    log(f"ours: walking {count} 发文 …")
    output = ours.run(HERE / "walk_rate.py", f"--count={count}")
    print(output, end="")
    found = re.search(r"renders in the workers: ([\d.]+)", output)
    return float(found.group(1))


# --- served ---------------------------------------------------------------------------------


@contextlib.contextmanager
def served(side):
    process, url = start(side.var, side.port(), **side.environment)
    try:
        yield process, url
    finally:
        process.terminate()
        process.wait(timeout=120)


def get(url, auth=None, **params):
    response = requests.get(url, auth=auth, params=params, timeout=120)
    response.raise_for_status()
    return response


def document_urls(label, url):
    """50 documents of the site, found through its catalog as the admin (REST)."""
    types = OUR_TYPES if label == "ours" else ("Document",)
    response = requests.get(
        f"{url}/@search",
        params={"portal_type": types, "b_size": DOCUMENTS},
        headers={"Accept": "application/json"},
        auth=ADMIN,
        timeout=120,
    )
    response.raise_for_status()
    return [item["@id"] for item in response.json()["items"]]


def warm_up(label, url, user):
    """The same sequence on both sides: front pages, documents opened, a search."""
    for auth in (None, user, ADMIN):
        for _ in range(5):
            get(url, auth)
    for document in document_urls(label, url):
        get(document, user if label == "plain" else ADMIN)
    get(f"{url}/@@search", ADMIN, SearchableText="防汛")


def rss_mib(process):
    with open(f"/proc/{process.pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def timed_pairs(pairs, count):
    """``{row: (ours ms, plain ms)}``: each request to ours followed by the same to plain."""
    results = {row: ([], []) for row in pairs}
    sessions = {}
    for _ in range(count):
        for row, sides in pairs.items():
            for index, (url, auth) in enumerate(sides):
                session = sessions.setdefault((row, index), requests.Session())
                session.auth = auth
                started = time.perf_counter()
                response = session.get(url, timeout=120)
                results[row][index].append((time.perf_counter() - started) * 1000)
                response.raise_for_status()
    return results


def todo_count(url):
    found = TODO_COUNT.search(get(url, STAFF).text)
    if found is None:
        sys.exit("the staff front page has no 待办 panel (wrong password?)")
    return int(found.group(1))


def measure_served(ours, plain, requests_count):
    with served(ours) as (our_process, our_url), served(plain) as (plain_process, plain_url):
        warm_up("ours", our_url, STAFF)
        warm_up("plain", plain_url, MEMBER)
        figures = {"rss ours MiB": rss_mib(our_process), "rss plain MiB": rss_mib(plain_process)}
        todo = todo_count(our_url)
        pairs = {
            f"front page, staff ({todo} 待办) / member": ((our_url, STAFF), (plain_url, MEMBER)),
            "front page, admin / admin": ((our_url, ADMIN), (plain_url, ADMIN)),
            "front page, anonymous": ((our_url, None), (plain_url, None)),
        }
        for row, (mine, theirs) in timed_pairs(pairs, requests_count).items():
            figures[f"{row} ours ms"] = statistics.median(mine)
            figures[f"{row} plain ms"] = statistics.median(theirs)
    return figures


def cache_sizes(ours, sizes, configured):
    """Our RSS after the warm-up at each ZODB cache size."""
    rss = {}
    try:
        for size in sizes:
            ours.set_cache_size(size)
            with served(ours) as (process, url):
                warm_up("ours", url, STAFF)
                rss[size] = rss_mib(process)
            log(f"ours at cache-size {size}: {rss[size]:.0f} MiB")
    finally:
        ours.set_cache_size(configured)
    return rss


# --- report ---------------------------------------------------------------------------------


def ratio(a, b):
    return a / b if b else float("nan")


def report(rows, cache_rss):
    sizes = list(rows)
    print()
    print("cost per document — ours against plain Plone, same run (medians)")
    for size, figures in rows.items():
        print(f"\n{size} documents each")
        print(f"{'':<52}{'ours':>10}{'plain':>10}{'ratio':>8}")
        names = [name[: -len(" ours ms")] for name in figures if name.endswith(" ours ms")]
        line = "{:<52}{:>10.1f}{:>10.1f}{:>8.2f}"
        print(
            line.format(
                "RSS after the warm-up (MiB)",
                figures["rss ours MiB"],
                figures["rss plain MiB"],
                ratio(figures["rss ours MiB"], figures["rss plain MiB"]),
            )
        )
        for name in names:
            mine, theirs = figures[f"{name} ours ms"], figures[f"{name} plain ms"]
            print(line.format(f"{name} (ms)", mine, theirs, ratio(mine, theirs)))
        mine, theirs = figures["bytes ours"], figures["bytes plain"]
        print(
            line.format(
                "bytes per document (KB, whole storage / docs)",
                mine / 1024,
                theirs / 1024,
                ratio(mine, theirs),
            )
        )
        print(f"{'walking rate, renders in the workers (docs/s)':<52}{figures['walk']:>10.2f}")
    if len(sizes) > 1:
        first, last = rows[sizes[0]], rows[sizes[-1]]
        print(f"\nflat? each figure at {sizes[-1]} over {sizes[0]} documents")
        for name in last:
            if isinstance(last[name], (int, float)) and first.get(name):
                print(f"  {name:<60}{ratio(last[name], first[name]):>8.2f}")
    if cache_rss:
        print("\nour RSS after the same warm-up by ZODB cache-size (MiB)")
        for size, mib in cache_rss.items():
            print(f"  cache-size {size:>7}: {mib:>8.0f}")


def main():
    args = parse_args()
    ours, plain = build(args)
    rows = {}
    for size in args.sizes:
        grow(ours, plain, size)
        figures = {
            "bytes ours": ours.stored_bytes() / ours.documents,
            "bytes plain": plain.stored_bytes() / plain.documents,
        }
        figures["walk"] = walking(ours, args.walk) if args.walk else 0.0
        log(f"serving both at {size} documents …")
        figures.update(measure_served(ours, plain, args.requests))
        rows[size] = figures
        print(json.dumps({size: figures}, ensure_ascii=False), flush=True)
    cache_rss = cache_sizes(ours, args.cache_sizes, args.cache_size)
    report(rows, cache_rss)


if __name__ == "__main__":
    main()
