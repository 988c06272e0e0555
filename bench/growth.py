"""Growth: 我的待办, the front page, search, a transition and numbering at 10k and 100k documents,
on FileStorage and RelStorage (issue 21 item 5).

    .venv/bin/python bench/growth.py \\
        --site filestorage:10000=/tmp/gen10k-fs --site filestorage:100000=/tmp/gen100k-fs \\
        --site relstorage:10000=http://127.0.0.1:8080/Plone … \\
        [--samples 20] [--csv bench/out/growth.csv]
    .venv/bin/python bench/chart.py bench/out/growth.csv docs/_static/growth.svg

Each ``--site STORAGE:DOCUMENTS=WHERE`` is one site, measured in turn in the same run: WHERE is
the URL of a running site (a cluster's balancer, ``make start``), or the var folder of a site
``bench/generate.py`` made (``VAR/instance/etc/zope.ini``) or a zope.ini: served here with
runwsgi on the port the zope.ini names, stopped afterwards (FileStorage admits one process, so
nothing else may have it open). DOCUMENTS is the size the generator reported (its CSV).

Per site, sequential requests (one person, not a load; a few warm-up requests first), the
median and p95 of ``--samples`` each, over HTTP with basic authentication as the demo users:

* ``todo``: ``@@gongwen-todo`` of ``--todo-user`` (default cy_eng_head, 科室审核; give each
  site the same in-tray first: ``bench/todo_items.py --until 120``, as the generator's
  in-trays grow with the documents a day);
* ``front_page``: the site's front page as the same user;
* ``search``: ``@@gongwen-search?q=…`` as cy_eng_staff, the queries of bench/search_corpus in
  turn;
* ``transition``: 退回 (with a reason) of a 发文 at 科室审核 or 办公室把关 by a department or
  office head (the POST of the 办理 form, its CSRF token; the redirect not followed) —
  ``--samples`` documents go back to their drafters;
* ``numbering``: 登记编号 by cy_print of a 发文 at 登记编号 (the POST; each takes a 文号 of the
  year's series) — ``--samples`` documents move on to 秘书核对.

A metric whose documents run out (fewer waiting than ``--samples``) is measured on those there
are and says so; an action the portal refuses (its error message on the page the POST leads
to, e.g. a Word body not yet 清稿 before 登记编号) is printed and not counted. One CSV row per
(metric, storage, documents): ``n, median_ms, p95_ms, min_ms, max_ms`` and the date; a row
already in the CSV for the same key is replaced.
"""

import argparse
import csv
import datetime
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE / "locust")]

import scenario  # noqa: E402

from tests.support.load import p95  # noqa: E402

REPO = HERE.parent
BIN = Path(sys.executable).parent
COLUMNS = ("metric", "storage", "documents", "n", "median_ms", "p95_ms", "min_ms", "max_ms", "date")
METRICS = ("todo", "front_page", "search", "transition", "numbering")
WARM_UP = 3
REVIEWERS = (
    "cy_eng_head",
    "cy_flood_head",
    "cy_flood_deputy",
    "cy_fin_head",
    "xx_water_head",
    "cy_office_head",
    "cy_office_deputy",
    "xx_office_head",
)
NUMBERER = "cy_print"
SEARCHER = "cy_eng_staff"


def parse_site(text):
    """``STORAGE:DOCUMENTS=WHERE`` → (storage, documents, where)."""
    key, sep, where = text.partition("=")
    storage, colon, documents = key.partition(":")
    if not (sep and colon and where and documents.isdigit() and storage):
        raise argparse.ArgumentTypeError(f"--site STORAGE:DOCUMENTS=URL_OR_VAR, not {text!r}")
    return storage, int(documents), where


def session_of(user):
    session = requests.Session()
    session.auth = (user, scenario.PASSWORD)
    session.headers["Accept-Language"] = "zh-CN,zh;q=0.9"
    return session


def timed(session, method, url, **kwargs):
    """Milliseconds of one request; the response (an error answer raises)."""
    start = time.perf_counter()
    response = session.request(method, url, timeout=300, **kwargs)
    elapsed = (time.perf_counter() - start) * 1000
    error = scenario.error_in(response.status_code, response.text)
    if error:
        raise RuntimeError(f"{method} {url}: {error}")
    return elapsed, response


def repeat(session, url, samples, params_of=None):
    for number in range(WARM_UP):
        timed(session, "GET", url, params=params_of(number) if params_of else None)
    return [
        timed(session, "GET", url, params=params_of(number) if params_of else None)[0]
        for number in range(samples)
    ]


def waiting(session, site_url, action, wanted):
    """Up to ``wanted`` documents in the user's 我的待办 whose 办理 form offers ``action``:
    ``[(post_url, fields)]``."""
    found = []
    page = session.get(f"{site_url}/@@gongwen-todo", timeout=300).text
    for link in scenario.todo_links(page):
        form = scenario.act_form(session.get(link, timeout=300).text)
        if form and action in form[2] and form[0]:
            found.append((form[0], form[1]))
            if len(found) == wanted:
                break
    return found


def acting(users, site_url, action, samples):
    """Milliseconds of ``action`` (the 办理 form's POST, redirect not followed) on up to
    ``samples`` documents waiting for ``users``."""
    timings = []
    for user in users:
        session = session_of(user)
        for url, fields in waiting(session, site_url, action, samples - len(timings)):
            data = scenario.act_data(fields, action)
            elapsed, response = timed(session, "POST", url, data=data, allow_redirects=False)
            if response.status_code != 302:
                raise RuntimeError(f"{action} by {user}: HTTP {response.status_code}")
            # The outcome is on the page the redirect leads to (its status message): a
            # refusal (e.g. a Word body not yet 清稿 before 登记编号) is not a timing.
            outcome = session.get(response.headers["Location"], timeout=300)
            refused = scenario.error_in(outcome.status_code, outcome.text)
            if refused:
                print(f"  note: {action} refused on {url}: {refused[:100]}")
                continue
            timings.append(elapsed)
        if len(timings) >= samples:
            break
    return timings


def measure(site_url, samples, todo_user):
    """``{metric: [ms]}`` for the site at ``site_url``."""
    queries = scenario.load_queries()
    person = session_of(todo_user)
    results = {
        "todo": repeat(person, f"{site_url}/@@gongwen-todo", samples),
        "front_page": repeat(person, f"{site_url}/", samples),
        "search": repeat(
            session_of(SEARCHER),
            f"{site_url}/@@gongwen-search",
            samples,
            lambda number: {"q": queries[number % len(queries)]},
        ),
        "transition": acting(REVIEWERS, site_url, "return", samples),
        "numbering": acting((NUMBERER,), site_url, "number", samples),
    }
    for metric, timings in results.items():
        if len(timings) < samples:
            print(f"  note: {metric}: {len(timings)} documents waited, not {samples}")
    return results


def zope_ini_port(zope_ini):
    for line in Path(zope_ini).read_text(encoding="utf-8").splitlines():
        if line.strip().startswith("listen"):
            return line.split("=", 1)[1].strip().rsplit(":", 1)[1]
    raise SystemExit(f"{zope_ini}: no listen line")


@contextmanager
def served(where):
    """The site's URL: ``where`` itself, or a runwsgi of the generated site in that folder."""
    if where.startswith("http"):
        yield where.rstrip("/")
        return
    zope_ini = Path(where)
    if zope_ini.is_dir():
        zope_ini = zope_ini / "instance" / "etc" / "zope.ini"
    url = f"http://127.0.0.1:{zope_ini_port(zope_ini)}/Plone"
    # VAR/log of VAR/<instance>/etc/zope.ini
    log = open(zope_ini.parent.parent.parent / "log" / "growth-runwsgi.log", "ab")  # noqa: SIM115
    process = subprocess.Popen(
        [BIN / "runwsgi", zope_ini], cwd=REPO, stdout=log, stderr=log, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 600
        while True:
            try:
                if requests.get(url, timeout=60).status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"{where}: the site did not come up (see {log.name})")
            time.sleep(1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=60)
        log.close()


def row_of(metric, storage, documents, timings):
    timings = sorted(timings)
    return {
        "metric": metric,
        "storage": storage,
        "documents": documents,
        "n": len(timings),
        "median_ms": f"{statistics.median(timings):.1f}",
        "p95_ms": f"{p95(timings):.1f}",
        "min_ms": f"{timings[0]:.1f}",
        "max_ms": f"{timings[-1]:.1f}",
        "date": datetime.date.today().isoformat(),
    }


def write_rows(path, rows):
    """Merge ``rows`` into the CSV at ``path`` (same metric, storage and documents: replaced)."""
    kept = []
    if path.exists():
        with open(path, encoding="utf-8", newline="") as source:
            kept = list(csv.DictReader(source))
    keys = {(row["metric"], row["storage"], str(row["documents"])) for row in rows}
    merged = [r for r in kept if (r["metric"], r["storage"], r["documents"]) not in keys]
    merged += rows
    merged.sort(key=lambda r: (r["metric"], r["storage"], int(r["documents"])))
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(merged)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=parse_site, action="append", required=True)
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--todo-user", default="cy_eng_head")
    parser.add_argument("--csv", default=str(HERE / "out" / "growth.csv"))
    args = parser.parse_args(argv)
    if not 1 <= args.samples <= 1000:
        parser.error("--samples 1–1000")
    rows = []
    print(f"{'metric':<12}{'storage':<13}{'documents':>10}{'n':>5}{'median':>9}{'p95':>9}  (ms)")
    for storage, documents, where in args.site:
        with served(where) as url:
            for metric, timings in measure(url, args.samples, args.todo_user).items():
                if not timings:
                    continue
                row = row_of(metric, storage, documents, timings)
                rows.append(row)
                print(
                    f"{metric:<12}{storage:<13}{documents:>10}{row['n']:>5}"
                    f"{row['median_ms']:>9}{row['p95_ms']:>9}",
                    flush=True,
                )
    write_rows(Path(args.csv), rows)
    print(f"written: {args.csv}")


if __name__ == "__main__":
    main()
