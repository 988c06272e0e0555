"""The front page while one member of staff sends the largest 发文 allowed (R-SEC5, R-RUN1).

    .venv/bin/python bench/hostile_load.py [--url http://127.0.0.1:8080/Plone]
        [--requests 40] [--documents 2] [--login cy_flood_staff:gongwen2026]

Against a running demo portal (``make start``, its worker included). First
the front page is timed with nobody else at work (the baseline), anonymously
and as ``--login``. Then, while the same requests are sent again, a drafter
(cy_eng_staff) creates ``--documents`` 发文 over REST at every limit of
``content.bounds`` — a 200-字 标题, a 100-page body, 100 主送 and 抄送 of 100
字, 100 附件说明, a 2,000-字 附注 — and the demo users walk each through
提交, 核稿, 把关, 签发 (each with an opinion of the maximum length, so the
worker renders the 发文稿纸 again) to 登记编号, which typesets the 正式文件.

Prints, for each phase, n, median, p95, min and max in milliseconds, the
ratio of the medians under load to the baseline's, and how long each step
of the walk took. The issue's target: the front page stays within 1 s while
the largest document is submitted and typeset (R-RUN1).
"""

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from stats import summary  # noqa: E402

from collective.gongwen.content import bounds  # noqa: E402

PASSWORD = "gongwen2026"
JSON = {"Accept": "application/json", "Content-Type": "application/json"}
SENTENCE = "为切实做好今年汛前检查工作确保堤防工程安全度汛现将有关事项通知如下"
WALK = [
    # (user, transition, opinion length)
    ("cy_eng_staff", "submit", 0),
    ("cy_eng_head", "approve", bounds.DEFAULT_OPINION_MAX),
    ("cy_office_head", "forward_leader_sign", bounds.DEFAULT_OPINION_MAX),
    ("cy_leader2", "sign", bounds.DEFAULT_OPINION_MAX),
    ("cy_print", "number", 0),
]


def text_of(length, seed=SENTENCE):
    """``length`` characters of Chinese text."""
    return (seed * (length // len(seed) + 1))[:length]


def largest_document(department_uid, number):
    """The REST body of a 下行文 at every limit."""
    body_chars = bounds.DEFAULT_BODY_MAX_PAGES * bounds.CHARS_PER_PAGE
    paragraph = text_of(8 * 28)
    paragraphs = [f"<p>{paragraph}</p>"] * (body_chars // len(paragraph))
    names = [text_of(100, f"第{i}单位") for i in range(100)]
    return {
        "@type": "gongwen_outgoing",
        "title": text_of(bounds.DEFAULT_TITLE_MAX - 4, f"测试{number}") + "的通知",
        "doc_kind": "notice",
        "direction": "downward",
        "drafting_department": department_uid,
        "main_recipients": names,
        "cc_recipients": names,
        "attachment_note": [],
        "remarks": text_of(2000),
        "text": {"data": "".join(paragraphs), "content-type": "text/html"},
    }


def timed_gets(url, count, auth, stop=None):
    """Milliseconds of sequential GETs of ``url``: ``count`` of them, or until ``stop`` is set."""
    session = requests.Session()
    session.auth = auth
    timings = []
    while len(timings) < count or (stop is not None and not stop.is_set()):
        start = time.perf_counter()
        session.get(url, timeout=300).raise_for_status()
        timings.append((time.perf_counter() - start) * 1000)
        if stop is None and len(timings) >= count:
            break
    return timings


def walk(url, documents, steps):
    """Create ``documents`` largest 发文 and walk each to 登记编号; step times into ``steps``."""
    drafter = ("cy_eng_staff", PASSWORD)
    department = requests.get(
        f"{url}/changyuan/engineering", headers=JSON, auth=drafter, timeout=60
    ).json()["UID"]
    for number in range(documents):
        start = time.perf_counter()
        created = requests.post(
            f"{url}/changyuan/outgoing",
            json=largest_document(department, number),
            headers=JSON,
            auth=drafter,
            timeout=300,
        )
        created.raise_for_status()
        steps.setdefault("create", []).append((time.perf_counter() - start) * 1000)
        document = created.json()["@id"]
        for user, transition, opinion in WALK:
            start = time.perf_counter()
            response = requests.post(
                f"{document}/@workflow/{transition}",
                json={"comment": text_of(opinion)} if opinion else {},
                headers=JSON,
                auth=(user, PASSWORD),
                timeout=300,
            )
            if response.status_code != 200:
                sys.exit(f"{user} {transition}: {response.status_code} {response.text[:300]}")
            steps.setdefault(transition, []).append((time.perf_counter() - start) * 1000)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8080/Plone")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--documents", type=int, default=2)
    parser.add_argument("--login", default=f"cy_flood_staff:{PASSWORD}")
    args = parser.parse_args()
    user, _, password = args.login.partition(":")
    viewers = [("anonymous", None), (user, (user, password))]
    for _label, auth in viewers:  # warm up
        timed_gets(args.url, 5, auth)

    print(f"front page {args.url} (ms)")
    print(f"{'':<44}{'n':>6}{'median':>10}{'p95':>10}{'min':>10}{'max':>10}")
    baseline = {}
    for label, auth in viewers:
        baseline[label] = timed_gets(args.url, args.requests, auth)
        summary(f"{label}, nobody else at work", baseline[label])

    steps, loaded = {}, {label: [] for label, _auth in viewers}
    stop = threading.Event()
    walker = threading.Thread(target=walk, args=(args.url, args.documents, steps))
    readers = [
        threading.Thread(
            target=lambda label=label, auth=auth: loaded[label].extend(
                timed_gets(args.url, args.requests, auth, stop)
            )
        )
        for label, auth in viewers
    ]
    walker.start()
    for reader in readers:
        reader.start()
    walker.join()
    stop.set()
    for reader in readers:
        reader.join()
    for label, _auth in viewers:
        summary(f"{label}, while the largest 发文 is walked", loaded[label])
    print()
    for label, _auth in viewers:
        ratio = statistics.median(loaded[label]) / statistics.median(baseline[label])
        print(f"{label}: median under load / baseline = {ratio:.2f}")
    print()
    print(f"the walk of {args.documents} largest 发文 (ms per step)")
    print(f"{'':<44}{'n':>6}{'median':>10}{'p95':>10}{'min':>10}{'max':>10}")
    for name, timings in steps.items():
        summary(name, timings)


if __name__ == "__main__":
    main()
