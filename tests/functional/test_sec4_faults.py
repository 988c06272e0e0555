"""R-SEC4 / R-U1 faults on a real served portal (``make start``'s instance on a temporary var/).

kill -9: the server is killed (SIGKILL) while it handles a transition POST (REST ``@workflow``),
while it takes a 3 MB attachment upload (REST POST) and during a burst of page views, one round
per moment, and restarted after each. The moments are chosen by what is observed, not by luck:
with half of the request sent (it never reached the application: the old state, for certain),
at a share of the request's calibrated duration, the moment Data.fs grows (FileStorage has
written the transaction in its vote and not yet, or only just, marked it committed) and right
after the 2xx answer (the new state, for certain). After every kill the audit chain verifies
on the stopped store; at the end every document is in its old or its new state — its workflow,
history, opinion records, catalog and 我的待办 agree (tests/support/consistency.py, read by
zconsole on the stopped instance) — and in the new one whenever the client got its 2xx; an
uploaded file is absent or byte for byte what was sent; the store holds an entry for every
acknowledged POST and every acknowledged page view (written in the vote of a read-only request).

A full disk: the instance's var/ (FileStorage, blobs) on a small tmpfs, filled; a transition,
an upload and an edit are answered 507 with the Chinese message, nothing of them is kept,
FileStorage checks clean (fstest, every object and blob read) and the portal works again once
space is freed. The same with only the audit store's directory full.
"""

import contextlib
import http.client
import json
import os
import signal
import sqlite3
import threading
import time
from urllib.parse import urlsplit

import pytest
import requests
from ZODB.scripts import fstest

from collective.gongwen.audit.verify import verify
from tests.support.audit_records import audit_entries
from tests.support.consistency import inconsistencies
from tests.support.disk import fill
from tests.support.disk import tmpfs
from tests.support.instance import create_site
from tests.support.instance import make_instance
from tests.support.instance import start
from tests.support.instance import zconsole
from tests.support.network import free_port
from tests.support.rest import JSON
from tests.support.rest import demo
from tests.support.rest import file_value
from tests.support.rest import get
from tests.support.rest import numbered_outgoing
from tests.support.rest import patch
from tests.support.rest import post
from tests.support.rest import transition
from tests.support.zodb_records import last_tid
from tests.support.zodb_records import records

# Its own FileStorage instance: run once, not again in the RelStorage run.
pytestmark = [pytest.mark.slow, pytest.mark.filestorage]

SITE = {"GONGWEN_ADMIN": "admin:secret", "GONGWEN_DEMO": "1"}
FULL = "服务器存储空间已满，本次操作没有保存，请联系系统管理员"
# When the server is killed: with half the request sent, at a share of the request's calibrated
# duration, when Data.fs grows (the commit), right after the answer.
TRANSITION_MOMENTS = ("half_sent", 0.4, 0.8, "commit", "commit", "answered")
UPLOAD_MOMENTS = ("half_sent", 0.6, "commit", "answered")
VIEWS_ANSWERED_BEFORE_KILL = 6


def site_path(url):
    """The path below the site of a document's URL."""
    return url.split("/Plone/", 1)[1]


def draft(url, department, number, submit=True):
    """A 发文 of cy_eng_staff (submitted to 部门审核 unless ``submit`` is false); its URL."""
    document = numbered_outgoing(url, department, number)
    if submit:
        moved = transition(document, "cy_eng_staff", "submit")
        assert moved.status_code == 200, moved.text
    return document


def attachment(number, size=3 * 1024 * 1024):
    """A text attachment of about ``size`` bytes, different for each ``number``."""
    line = f"第{number}号检查表 汛前检查记录 {number:06d}\n".encode()
    return (line * (size // len(line) + 1))[:size]


def upload_body(number, data):
    """The JSON of a 附件 ``检查表<number>`` holding ``data``."""
    return {
        "@type": "gongwen_attachment",
        "title": f"检查表{number}",
        "file": file_value(data, f"检查表{number}.txt", "text/plain"),
    }


def upload(document, number, data):
    """POST ``data`` as 附件 ``检查表<number>`` into ``document``: the response."""
    return post(document, upload_body(number, data), demo("cy_eng_staff"))


def attachments(document):
    """``{title: URL}`` of the document's 附件 as its drafter sees them."""
    found = get(document, demo("cy_eng_staff")).json()["items"]
    return {item["title"]: item["@id"] for item in found}


def half_sent(url, data, auth, sent):
    """POST ``data`` (JSON) to ``url`` but send only its headers and half its body, set the
    event ``sent`` and wait for an answer that never comes (the server is killed)."""
    prepared = requests.Request("POST", url, json=data, headers=JSON, auth=auth).prepare()
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    connection.putrequest("POST", parts.path, skip_accept_encoding=True)
    for name, value in prepared.headers.items():
        connection.putheader(name, value)
    connection.endheaders()
    connection.send(prepared.body[: len(prepared.body) // 2])
    sent.set()
    try:
        return connection.getresponse()  # raises once the server is gone
    finally:
        connection.close()


def kill_when(process, call, moment):
    """Run ``call()`` in a thread and SIGKILL ``process`` when ``moment`` has come; ``call``'s
    response, or None when the client got no answer.

    ``moment``: a number of seconds after the call began; ``"commit"``: as soon as Data.fs
    grows (FileStorage writes a transaction in its vote and marks it committed after); an
    ``threading.Event``: once it is set; ``"answered"``: once the call has returned.
    """
    answer = []
    data_fs = process.var / "filestorage" / "Data.fs"
    size = data_fs.stat().st_size

    def client():
        with contextlib.suppress(requests.RequestException, OSError, http.client.HTTPException):
            answer.append(call())

    thread = threading.Thread(target=client)
    thread.start()
    if moment == "commit":
        while thread.is_alive() and data_fs.stat().st_size == size:
            time.sleep(0.0002)
    elif moment == "answered":
        thread.join(timeout=120)
    elif isinstance(moment, threading.Event):
        assert moment.wait(timeout=120)
    else:
        time.sleep(moment)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    thread.join(timeout=120)
    assert not thread.is_alive()
    return answer[0] if answer else None


def restart(var, port, verified):
    """Verify the audit store of the killed instance in ``var`` (appended to ``verified``) and
    start it again; the process (``.var`` set) and the site's URL."""
    report = verify(str(var / "audit" / "audit.db"))
    assert report.ok, report.problem and report.problem.english
    verified.append(report.entries)
    return launch(var, port)


def launch(var, port):
    """``start`` the instance in ``var``; the process, its ``var`` noted, and the site's URL."""
    process, url = start(var, port)
    process.var = var
    return process, url


def timed(call):
    """``call()``'s response and how long it took (seconds)."""
    began = time.monotonic()
    response = call()
    return response, time.monotonic() - began


def status_of(response):
    """The status of a response (requests' or http.client's), None for no answer."""
    if response is None:
        return None
    return getattr(response, "status_code", None) or response.status


def probe(var, paths):
    """``document_facts`` of the documents at ``paths`` (below the site), read by zconsole on
    the stopped instance."""
    printed = zconsole(
        var / "instance" / "etc" / "zope.conf",
        "tests/support/consistency_probe.py",
        dict(os.environ, GONGWEN_PROBE_PATHS=json.dumps(paths)),
    )
    return json.loads(printed.split("PROBE", 1)[1])


def check_storage(var):
    """FileStorage is sound: fstest reads every transaction, every object and blob loads."""
    data_fs = var / "filestorage" / "Data.fs"
    fstest.check(str(data_fs))  # raises FormatError on a torn or corrupt file
    found = records(data_fs, var / "blobstorage", last_tid(data_fs))
    assert len(found) > 1000


def transition_round(process, document, moment, duration):
    """Kill the server at ``moment`` of 部门审核's 同意 on ``document``; the response."""
    if moment == "half_sent":
        sent = threading.Event()
        return kill_when(
            process,
            lambda: half_sent(
                f"{document}/@workflow/approve", {"comment": "同意。"}, demo("cy_eng_head"), sent
            ),
            sent,
        )
    delay = moment * duration if isinstance(moment, float) else moment
    return kill_when(
        process, lambda: transition(document, "cy_eng_head", "approve", "同意。"), delay
    )


def upload_round(process, document, number, data, moment, duration):
    """Kill the server at ``moment`` of the upload of ``data`` into ``document``; the response."""
    if moment == "half_sent":
        sent = threading.Event()
        body = upload_body(number, data)
        return kill_when(
            process, lambda: half_sent(document, body, demo("cy_eng_staff"), sent), sent
        )
    delay = moment * duration if isinstance(moment, float) else moment
    return kill_when(process, lambda: upload(document, number, data), delay)


def view_burst(process, document):
    """Two clients viewing ``document``'s page as 工程科科长 until the server is killed, once
    ``VIEWS_ANSWERED_BEFORE_KILL`` views were answered; how many were answered 200."""
    answered = []
    enough = threading.Event()
    stop = threading.Event()

    def viewer():
        with requests.Session() as session:
            while not stop.is_set():
                try:
                    page = session.get(document, auth=demo("cy_eng_head"), timeout=60)
                except requests.RequestException:
                    return
                assert page.status_code == 200, page.status_code
                answered.append(page.status_code)
                if len(answered) >= VIEWS_ANSWERED_BEFORE_KILL:
                    enough.set()

    viewers = [threading.Thread(target=viewer) for _ in range(2)]
    for thread in viewers:
        thread.start()
    assert enough.wait(timeout=120)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    stop.set()
    for thread in viewers:
        thread.join(timeout=120)
    return len(answered)


@pytest.fixture(scope="module")
def killed(tmp_path_factory):
    """The kill -9 rounds on one instance: its var/, what each round did and saw, the facts of
    the documents and how many entries the store held (verified) after each kill."""
    var, port = tmp_path_factory.mktemp("faults") / "var", free_port()
    zope_conf = make_instance(var, port)
    assert "Plone site 'Plone' created" in create_site(zope_conf, **SITE)
    process, url = launch(var, port)
    rounds, verified = [], []
    try:
        department = get(f"{url}/changyuan/engineering", demo("cy_eng_staff")).json()["UID"]
        # how long each POST takes when nothing goes wrong
        document = draft(url, department, 0)
        moved, transition_time = timed(
            lambda: transition(document, "cy_eng_head", "approve", "同意。")
        )
        assert moved.status_code == 200, moved.text
        document = draft(url, department, 0, submit=False)
        sent, upload_time = timed(lambda: upload(document, 0, attachment(0)))
        assert sent.status_code == 201, sent.text
        number = 0
        for moment in TRANSITION_MOMENTS:
            number += 1
            document = draft(url, department, number)
            response = transition_round(process, document, moment, transition_time)
            process, url = restart(var, port, verified)
            shown = get(document, demo("cy_eng_staff")).json()["review_state"]
            rounds.append(
                {
                    "kind": "transition",
                    "moment": moment,
                    "document": document,
                    "old": "dept_review",
                    "new": "office_review",
                    "status": status_of(response),
                    "shown": shown,
                }
            )
        for moment in UPLOAD_MOMENTS:
            number += 1
            document = draft(url, department, number, submit=False)
            data = attachment(number)
            response = upload_round(process, document, number, data, moment, upload_time)
            process, url = restart(var, port, verified)
            kept = attachments(document).get(f"检查表{number}")
            if kept is not None:
                got = requests.get(f"{kept}/@@download/file", auth=demo("cy_eng_staff"), timeout=60)
                kept = got.content if got.status_code == 200 else got.status_code
            status = status_of(response)
            rounds.append(
                {
                    "kind": "upload",
                    "moment": moment,
                    "document": document,
                    "old": "draft",
                    "new": "draft",
                    "status": status,
                    "uid": response.json().get("UID") if status == 201 else None,
                    "sent": data,
                    "kept": kept,
                }
            )
        number += 1
        document = draft(url, department, number)
        views = view_burst(process, document)
        process, url = restart(var, port, verified)
        rounds.append({"kind": "views", "document": document, "answered": views})
    finally:
        process.terminate()
        process.wait(timeout=60)
    facts = probe(var, [site_path(r["document"]) for r in rounds])
    return var, rounds, facts, verified


def outcome(found, facts):
    """``"old"``/``"new"``: where the round's document (or its upload) ended."""
    if found["kind"] == "upload":
        return "new" if found["kept"] is not None else "old"
    state = facts[site_path(found["document"])]["review_state"]
    return "new" if state == found["new"] else "old"


def test_r_sec4_kill9_during_transition_old_or_new_state(killed):
    _, rounds, facts, _ = killed
    seen = {}
    for found in (r for r in rounds if r["kind"] == "transition"):
        document = facts[site_path(found["document"])]
        assert inconsistencies(document, {found["old"], found["new"]}) == [], found
        assert document["review_state"] == found["shown"]  # as served after the restart
        if found["status"] is not None:
            assert found["status"] == 200 and found["shown"] == found["new"], found
        if found["moment"] == "half_sent":  # it never reached the application
            assert found["status"] is None and found["shown"] == found["old"], found
        if found["moment"] == "answered":
            assert found["status"] == 200, found
        seen.setdefault(outcome(found, facts), []).append(found["moment"])
    print("transition rounds ended in", seen)
    assert set(seen) == {"old", "new"}


def test_r_sec4_kill9_during_upload_file_absent_or_whole(killed):
    _, rounds, facts, _ = killed
    seen = {}
    for found in (r for r in rounds if r["kind"] == "upload"):
        assert inconsistencies(facts[site_path(found["document"])], {"draft"}) == []
        assert found["kept"] is None or found["kept"] == found["sent"], found["moment"]
        if found["status"] is not None:
            assert found["status"] == 201 and found["kept"] == found["sent"], found["status"]
        if found["moment"] == "half_sent":
            assert found["status"] is None and found["kept"] is None
        if found["moment"] == "answered":
            assert found["status"] == 201
        seen.setdefault(outcome(found, facts), []).append(found["moment"])
    print("upload rounds ended in", seen)
    assert set(seen) == {"old", "new"}


def test_r_u1_kill9_audit_chain_verifies_and_keeps_every_acknowledged_entry(killed):
    var, rounds, facts, verified = killed
    # verified on the stopped store after every kill, and it only grew
    kills = len(TRANSITION_MOMENTS) + len(UPLOAD_MOMENTS) + 1
    assert len(verified) == kills and verified == sorted(verified) and verified[0] > 0
    path = var / "audit" / "audit.db"
    report = verify(str(path))
    assert report.ok, report.problem and report.problem.english
    entries = audit_entries(path)
    for found in rounds:
        uid = facts[site_path(found["document"])]["uid"]
        if found["kind"] == "views":
            viewed = [
                e for e in entries
                if e["action"] == "view" and e["object_uid"] == uid and e["actor"] == "cy_eng_head"
            ]  # fmt: skip
            assert len(viewed) >= found["answered"] >= VIEWS_ANSWERED_BEFORE_KILL
        elif found["status"] is None:
            continue
        elif found["kind"] == "transition":
            assert any(
                e["action"] == "transition" and e["object_uid"] == uid
                and e["to_state"] == found["new"]
                for e in entries
            ), found  # fmt: skip
        else:
            assert any(
                e["action"] == "create" and e["object_uid"] == found["uid"] for e in entries
            ), found["moment"]


# A full disk ---------------------------------------------------------------------------------


def refused_for_full_disk(response):
    """The answer to a write on a full disk: 507, JSON, the Chinese message, no traceback."""
    assert response.status_code == 507, (response.status_code, response.text[:2000])
    assert FULL in response.json()["message"]
    assert "Traceback" not in response.text


def attempt_writes(document, number):
    """A transition (送审), an upload and an edit on ``document`` (a 草稿), each by its drafter:
    each refused."""
    refused_for_full_disk(transition(document, "cy_eng_staff", "submit"))
    refused_for_full_disk(upload(document, number, attachment(number, 1024 * 1024)))
    refused_for_full_disk(patch(document, {"title": "改过的标题"}, demo("cy_eng_staff")))


def unchanged(document, title, number):
    """``document`` is still the 草稿 ``title`` without 附件 ``检查表<number>``."""
    shown = get(document, demo("cy_eng_staff")).json()
    assert shown["review_state"] == "draft" and shown["title"] == title
    assert f"检查表{number}" not in attachments(document)


def refused_left_no_entry(store, uid):
    """The refused 送审 and edit of the document ``uid`` left no entry in ``store``; its later
    送审 left one."""
    done = [e["action"] for e in audit_entries(store) if e["object_uid"] == uid]
    assert done.count("transition") == 1 and "edit" not in done, done


def submitted_once_freed(process, var, store, document):
    """With space again, on the running ``process``: the refused 草稿 is as it was and can be
    送审; then (stopped) it is consistent, the chain verifies, the refusals left no entry."""
    try:
        unchanged(document, "关于汛前检查的第1号通知", 1)
        moved = transition(document, "cy_eng_staff", "submit")
        assert moved.status_code == 200, moved.text
    finally:
        process.terminate()
        process.wait(timeout=60)
    facts = probe(var, [site_path(document)])[site_path(document)]
    assert inconsistencies(facts, {"dept_review"}) == []
    report = verify(str(store))
    assert report.ok, report.problem and report.problem.english
    refused_left_no_entry(store, facts["uid"])


# Under load fstest once found the refused commit's partial transaction at the end of Data.fs
# (still in the file's buffer when the disk filled): portal/filestorage_full_disk.py cuts it.
def test_r_sec4_full_disk_under_the_database_refuses_and_keeps_nothing(tmp_path):
    var, port = tmp_path / "var", free_port()
    store = tmp_path / "audit" / "audit.db"
    with tmpfs(var, "96m"):
        zope_conf = make_instance(var, port)
        # the audit store on another disk (var/audit/audit.db is zope.conf's): only the
        # database's disk is full
        store.parent.mkdir()
        with contextlib.suppress(FileNotFoundError):
            (var / "audit").rmdir()
        (var / "audit").symlink_to(store.parent)
        assert "Plone site 'Plone' created" in create_site(zope_conf, **SITE)
        process, url = start(var, port)
        try:
            department = get(f"{url}/changyuan/engineering", demo("cy_eng_staff")).json()["UID"]
            document = draft(url, department, 1, submit=False)
            # a served site has compiled its page templates (Chameleon's cache is in var/)
            assert requests.get(document, auth=demo("cy_eng_staff"), timeout=60).ok
            filler = fill(var)
            attempt_writes(document, 1)
            page = requests.get(document, auth=demo("cy_eng_staff"), timeout=60)
            assert page.status_code == 200  # reading still works (it writes only its entry)
            filler.unlink()
            unchanged(document, "关于汛前检查的第1号通知", 1)
        finally:
            process.terminate()
            process.wait(timeout=60)
        check_storage(var)
        submitted_once_freed(start(var, port)[0], var, store, document)


def test_r_u1_full_disk_under_the_audit_store_refuses_and_keeps_nothing(tmp_path):
    var, port = tmp_path / "var", free_port()
    zope_conf = make_instance(var, port)
    store = var / "audit" / "audit.db"
    with tmpfs(var / "audit", "16m"):
        assert "Plone site 'Plone' created" in create_site(zope_conf, **SITE)
        # an empty WAL: every append from now on makes it longer (none reuses a page of it)
        with contextlib.closing(sqlite3.connect(store)) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        process, url = start(var, port)
        try:
            department = get(f"{url}/changyuan/engineering", demo("cy_eng_staff")).json()["UID"]
            document = draft(url, department, 1, submit=False)
            filler = fill(var / "audit")
            attempt_writes(document, 1)
            # reading a page is recorded too: refused the same way, on our error page
            page = requests.get(
                document, auth=demo("cy_eng_staff"), headers={"Accept": "text/html"}, timeout=60
            )
            assert page.status_code == 507 and FULL in page.text, page.status_code
            assert "Traceback" not in page.text
            filler.unlink()
        except BaseException:
            process.terminate()
            process.wait(timeout=60)
            raise
        submitted_once_freed(process, var, store, document)
    check_storage(var)
