"""收文 speed of a running portal: registration with a 20-page original, and a leader's 阅批.

    .venv/bin/python bench/incoming.py [--url http://127.0.0.1:8080/Plone]
                                       [--count 20] [--pages 20] [--via rest,form]
                                       [--reading-file PATH] [--reads N]
                                       [--login admin:admin] [--keep] [--no-wait]
                                       [--settle]

Needs ``make start`` with the demo organisation (password ``gongwen2026``)
and its conversion workers. The targets of issue 6 are for a site with
10,000 收文 (``bench/populate_incoming.py`` makes such a site; the number of
``gongwen_incoming`` in the catalog, read as the administrator, is printed).

Registration (登记): a ``--pages``-page Chinese PDF is made with LibreOffice
(``tests/support/long_documents.py``); cy_secretary1 registers ``--count``
收文 in ``changyuan/incoming`` with it as 来文原件, through each of ``--via``:

* ``rest``: plone.restapi ``POST`` of a ``gongwen_incoming`` whose
  ``original_file`` is ``{"data", "encoding": "base64", "filename",
  "content-type"}``;
* ``form``: the add form ``++add++gongwen_incoming`` as a browser posts it
  (multipart, CSRF token read once from the form, the redirect not followed).

The figure is the request alone: the original is converted in the
background. A registration that fails (e.g. a ZODB conflict with the
workers' conversion results that the retries do not resolve) is listed
with its status and left out of the figures. With ``--settle`` each
registration waits until the previous original is converted, which gives
the figure without the workers writing their results at the same time.
Unless ``--no-wait``, the script then waits until every original is
converted and prints how long after the last registration.

阅批: ``bench/populate_incoming.py --reading N`` leaves N 收文 at 领导阅批 with
the readers [cy_leader1, cy_leader2] and writes their paths to a file; here
cy_leader1 reads each (``POST <document>/@workflow/read`` with a comment,
plone.restapi; the panel's form is not involved), so each stays at 领导阅批
with cy_leader2 next, which is checked. The documents read are used up: run
the populate script again with ``--count 0 --reading N`` for fresh ones.
The length of cy_leader1's 我的待办 (``@@gongwen-todo``) is printed with it.

The registered 收文 are deleted afterwards as the administrator unless
``--keep``. Times are client round trips on the same machine, in milliseconds.
"""

import argparse
import base64
import datetime
import os
import re
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.stats import summary  # noqa: E402
from tests.support.documents import soffice_convert  # noqa: E402
from tests.support.long_documents import make_long_document  # noqa: E402

PASSWORD = "gongwen2026"
UNIT = "changyuan"
SECRETARY = "cy_secretary1"
LEADER = "cy_leader1"
NEXT_LEADER = "cy_leader2"
READING_FILE = os.path.join(tempfile.gettempdir(), "gongwen-bench-reading.txt")
OPINION = "请工程管理科抓紧落实，按时报送办理情况。"


class User:
    """One demo user's session (HTTP basic auth)."""

    def __init__(self, url, user_id, password=PASSWORD):
        self.url = url.rstrip("/")
        self.id = user_id
        self.session = requests.Session()
        self.session.auth = (user_id, password)
        self.session.headers["Accept-Language"] = "zh-CN,zh;q=0.9"

    def json(self, method, url, **kwargs):
        response = self.session.request(
            method, url, headers={"Accept": "application/json"}, timeout=120, **kwargs
        )
        response.raise_for_status()
        return response.json() if response.content else None

    def todo(self):
        """How many items 我的待办 renders."""
        response = self.session.get(f"{self.url}/@@gongwen-todo", timeout=120)
        response.raise_for_status()
        return response.text.count('class="gongwen-todo-item"')


def incoming_total(admin):
    """How many 收文 the catalog holds (REST @search as the administrator)."""
    found = admin.json(
        "GET", f"{admin.url}/@search", params={"portal_type": "gongwen_incoming", "b_size": 1}
    )
    return found["items_total"]


def make_pdf(folder, pages):
    """A ``pages``-page Chinese PDF (LibreOffice), as in the conversion tests."""
    source = make_long_document(folder, "original", pages)
    return soffice_convert(source, "pdf", folder)


def fields(number, stamp):
    return {
        "title": f"登记基准 {stamp} 第{number}号 关于做好汛前检查的通知",
        "source_organ": "新乡河务局",
        "source_number": f"新河〔2026〕{stamp}-{number}号",  # a new 来文 each time
        "received_date": datetime.date.today().isoformat(),
        "copies": 1,
        "doc_kind": "notice",
        "urgency": "normal",
        "classification": "none",
    }


def register_rest(secretary, pdf, number, stamp):
    """REST POST with the original in ``original_file``; return (milliseconds, URL)."""
    body = {
        "@type": "gongwen_incoming",
        **fields(number, stamp),
        "original_file": {
            "data": base64.b64encode(pdf.read_bytes()).decode(),
            "encoding": "base64",
            "filename": pdf.name,
            "content-type": "application/pdf",
        },
    }
    start = time.perf_counter()
    response = secretary.session.post(
        f"{secretary.url}/{UNIT}/incoming",
        json=body,
        headers={"Accept": "application/json"},
        timeout=120,
    )
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 201:
        return elapsed, None, f"HTTP {response.status_code} {response.text[:200]}"
    return elapsed, response.json()["@id"], None


class AddForm:
    """The add form ``++add++gongwen_incoming`` as a browser posts it."""

    def __init__(self, secretary):
        self.secretary = secretary
        self.url = f"{secretary.url}/{UNIT}/incoming/++add++gongwen_incoming"
        page = secretary.session.get(self.url, timeout=120)
        page.raise_for_status()
        self.token = re.search(r'name="_authenticator" type="hidden" value="([^"]*)"', page.text)
        if not self.token:
            raise RuntimeError(f"no add form at {self.url}")

    def register(self, pdf, number, stamp):
        """POST the form with the original; return (milliseconds, URL of the new 收文)."""
        values = fields(number, stamp)
        data = {"_authenticator": self.token.group(1), "form.buttons.save": "保存"}
        for name in ("title", "source_organ", "source_number", "received_date", "copies"):
            data[f"form.widgets.{name}"] = str(values[name])
        for name in ("doc_kind", "urgency", "classification"):
            data[f"form.widgets.{name}:list"] = values[name]
            data[f"form.widgets.{name}-empty-marker"] = "1"
        for name in ("reading_leaders", "handling_departments"):
            data[f"form.widgets.{name}-empty-marker"] = ""
        data["form.widgets.publish_to_front_page-empty-marker"] = "1"
        with pdf.open("rb") as upload:
            files = {"form.widgets.original_file": (pdf.name, upload, "application/pdf")}
            start = time.perf_counter()
            response = self.secretary.session.post(
                self.url, data=data, files=files, allow_redirects=False, timeout=120
            )
            elapsed = (time.perf_counter() - start) * 1000
        location = response.headers.get("Location", "")
        if response.status_code != 302 or "++add++" in location:
            return elapsed, None, f"HTTP {response.status_code}"
        return elapsed, location.removesuffix("/view"), None


def wait_converted(secretary, documents, timeout=900):
    """Seconds until every document's original is converted (raises on a failure)."""
    start = time.perf_counter()
    waiting = list(documents)
    while waiting and time.perf_counter() - start < timeout:
        status = secretary.json("GET", f"{waiting[0]}/@@gongwen-conversion-status")
        states = {entry["state"] for entry in status["files"]}
        if "failed" in states:
            raise RuntimeError(f"conversion failed in {waiting[0]}: {status}")
        if states == {"done"}:
            waiting.pop(0)
        else:
            time.sleep(0.2)
    if waiting:
        raise TimeoutError(f"{len(waiting)} originals not converted")
    return time.perf_counter() - start


def read_all(leader, paths):
    """cy_leader1's 阅批 on each document; return milliseconds per request."""
    timings = []
    for path in paths:
        start = time.perf_counter()
        response = leader.session.post(
            f"{leader.url}/{path}/@workflow/read",
            json={"comment": OPINION},
            headers={"Accept": "application/json"},
            timeout=120,
        )
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"read on {path}: HTTP {response.status_code} {response.text[:300]}")
    return timings


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8080/Plone")
    parser.add_argument("--count", type=int, default=20, help="registrations per --via")
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--via", default="rest,form", help="rest, form or both (rest,form)")
    parser.add_argument("--reading-file", default=READING_FILE)
    parser.add_argument("--reads", type=int, default=None, help="at most this many 阅批")
    parser.add_argument(
        "--login", default="admin:admin", help="administrator, for the count and the clean-up"
    )
    parser.add_argument("--keep", action="store_true", help="keep the registered 收文")
    parser.add_argument("--no-wait", action="store_true", help="do not wait for the conversions")
    parser.add_argument(
        "--settle",
        action="store_true",
        help="wait for each original's conversion before the next registration",
    )
    args = parser.parse_args()
    url = args.url.rstrip("/")
    secretary, leader, next_leader = (User(url, u) for u in (SECRETARY, LEADER, NEXT_LEADER))
    admin = User(url, *args.login.split(":", 1))
    vias = [v.strip() for v in args.via.split(",") if v.strip()]

    paths = []
    if os.path.exists(args.reading_file):
        with open(args.reading_file, encoding="utf-8") as listed:
            paths = [line.strip().strip("/") for line in listed if line.strip()]
    paths = paths[: args.reads] if args.reads is not None else paths
    total = incoming_total(admin)
    print(f"portal: {url}; {total} 收文 (gongwen_incoming) in the catalog", flush=True)

    registered = {}
    documents = []
    failed = []
    stamp = time.strftime("%H%M%S")
    try:
        with tempfile.TemporaryDirectory(prefix="gongwen-incoming-") as scratch:
            pdf = make_pdf(Path(scratch), args.pages)
            size = pdf.stat().st_size
            print(
                f"original: {args.pages}-page PDF, {size / 1024:.0f} KiB; registering "
                f"{args.count} 收文 per way ({', '.join(vias)}) as {SECRETARY} …",
                flush=True,
            )
            for via in vias:
                form = AddForm(secretary) if via == "form" else None
                timings = []
                for i in range(args.count):
                    if form is not None:
                        ms, document, error = form.register(pdf, i + 1, f"{stamp}{via}")
                    else:
                        ms, document, error = register_rest(secretary, pdf, i + 1, f"{stamp}{via}")
                    if error:
                        failed.append(f"{via} #{i + 1} ({ms:.0f} ms): {error}")
                        continue
                    timings.append(ms)
                    documents.append(document)
                    if args.settle:
                        wait_converted(secretary, [document])
                registered[via] = timings
        converted = None
        if documents and not args.no_wait:
            converted = wait_converted(secretary, documents)

        todo_before = leader.todo() if paths else None
        next_before = next_leader.todo() if paths else None
        read_ms = read_all(leader, paths) if paths else []
        if paths:
            for path in paths[:: max(1, len(paths) // 10)]:
                after = leader.json("GET", f"{url}/{path}")
                if after["review_state"] != "leader_reading":
                    raise RuntimeError(f"{path} is {after['review_state']} after the first 阅批")
            next_after = next_leader.todo()
            if next_after - next_before != len(paths):
                print(
                    f"warning: {NEXT_LEADER}'s 待办 went from {next_before} to {next_after} "
                    f"items after {len(paths)} 阅批",
                    file=sys.stderr,
                )

        print(f"收文 in the site: {incoming_total(admin)} (gongwen_incoming, catalog)")
        print(f"{'':<44}{'n':>6}{'median':>10}{'p95':>10}{'min':>10}{'max':>10}  (ms)")
        for via, timings in registered.items():
            way = "REST POST" if via == "rest" else "add form"
            if timings:
                summary(f"登记 with {args.pages}-page PDF, {way}", timings)
        for failure in failed:
            print(f"登记 refused or failed (not in the figures): {failure}")
        if read_ms:
            summary(f"@workflow/read 阅批 {LEADER} ({todo_before} in 待办)", read_ms)
            print(f"({NEXT_LEADER}'s 待办: {next_before} before, {next_after} after)")
        else:
            print(
                f"(no 阅批 timed: no paths in {args.reading_file}; "
                "run bench/populate_incoming.py --reading N first)"
            )
        if converted is not None:
            print(
                f"all {len(documents)} originals converted {converted:.1f} s "
                "after the last registration (background workers)",
                flush=True,
            )
    finally:
        if not args.keep and documents:
            for document in documents:
                admin.session.delete(document, headers={"Accept": "application/json"}, timeout=120)
            print(f"deleted {len(documents)} registered 收文", file=sys.stderr)


if __name__ == "__main__":
    main()
