"""R-R2 for real: a destroyed item's bytes are gone from the storage, its register entry stays.

On the instance ``make start`` builds (demo organisation, FileStorage with blobs, the audit
store in var/) served by runwsgi with a real ``gongwen-worker`` and clamd: cy_eng_staff drafts a
发文 whose body holds a distinctive word and adds an attachment holding another, then replaces
it (a second version); the 发文 is walked to 已发送 over REST ``@workflow``, and cy_archivist
archives it on ``@@gongwen-archive`` as 2015 定期10年 (四性检测 and 归档 in the worker). Over
HTTP as the real people: 到期鉴定 销毁, a 销毁申请, 同意 by 办公室负责人, 局长 and 监销人, 执行销毁
(a job the worker drives, batch after batch).
Then the storage is packed through the ZMI (``manage_pack``, days=0) and, the instance
stopped, every file under var/ (Data.fs, its index, every blob, the queue, the audit store,
the logs) and the worker's temporary directory is searched for the words, and every file is
hashed against the SHA-256 of both versions and of every file the 销毁清册 entry lists:
nothing is found. (The pack keeps no Data.fs.old nor blobstorage.old: ``pack-keep-old
false`` in etc/zodb-filestorage.conf.in; a first run found the first version's word in the catalog's
lexicon, which ``purge.forget_unused_words`` now sweeps.) The 销毁清册 entry is read again
from the restarted site; the audit store holds the ``destroy`` entry (with the 档号, never
the body) and its chain verifies.
"""

import hashlib
import os
import re
import time

import lxml.html
import pytest
import requests

from collective.gongwen.audit.verify import verify
from tests.support.audit_records import audit_entries
from tests.support.instance import create_site
from tests.support.instance import make_instance
from tests.support.instance import serving
from tests.support.network import free_port
from tests.support.rest import demo
from tests.support.rest import file_value
from tests.support.rest import get
from tests.support.rest import numbered_outgoing
from tests.support.rest import post
from tests.support.rest import transition
from tests.support.workers import running_worker

# Its own FileStorage instance: run once, not again in the RelStorage run.
pytestmark = [pytest.mark.slow, pytest.mark.filestorage]

SITE = {"GONGWEN_ADMIN": "admin:secret", "GONGWEN_DEMO": "1"}
ADMIN = ("admin", "secret")
# One word each (letters and digits only, lower case): the catalog's lexicon keeps them as
# they are, so a word left in a lexicon is found too.
BODY_WORD = "zqxbodyword4417"
FILE_WORDS = ("zqxfirstversion4417", "zqxsecondversion4417")
WORDS = (BODY_WORD, *FILE_WORDS)
TO_SENT = [
    ("cy_eng_staff", "submit", ""),
    ("cy_eng_head", "approve", "同意。"),
    ("cy_office_head", "forward_leader_sign", "请李局长签发。"),
    ("cy_leader2", "sign", "同意印发。"),
    ("cy_print", "number", ""),
    ("cy_secretary1", "send", ""),
]
APPROVERS = ("cy_office_head", "cy_director", "cy_supervisor")


def session_of(user):
    session = requests.Session()
    session.auth = demo(user)
    return session


def form_of(page, action):
    """The fields of the form of ``page`` (text) that posts to ``action``."""
    root = lxml.html.fromstring(page)
    return dict(root.xpath(f'//form[contains(@action, "{action}")]')[0].form_values())


def token(page):
    return re.search(r'name="_authenticator" value="([^"]+)"', page).group(1)


def wait_until(condition, timeout, interval=1.0):
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(interval)


def versions():
    """The attachment's two versions (bytes), each holding one of ``FILE_WORDS``."""
    return [f"维修台账 {word}\n".encode() * 200 for word in FILE_WORDS]


def sent_outgoing(url):
    """The 发文 with the words in its body and attachment (2 versions), sent; (URL, attachment
    URL)."""
    department = get(f"{url}/changyuan/engineering", demo("cy_eng_staff")).json()["UID"]
    document = numbered_outgoing(
        url,
        department,
        1,
        title="关于报送2015年度堤防维修台账的通知",
        attachment_note=["1. 维修台账"],
        text={"data": f"<p>堤防维修台账 {BODY_WORD} 请按时报送。</p>", "content-type": "text/html"},
    )
    first, second = versions()
    body = {"@type": "gongwen_attachment", "title": "维修台账"}
    added = post(
        document,
        {**body, "file": file_value(first, "维修台账.txt", "text/plain")},
        demo("cy_eng_staff"),
    )
    assert added.status_code == 201, added.text
    attachment = added.json()["@id"]
    # 替换文件 on the document page: the first file is kept as a version (R-A2).
    drafter = session_of("cy_eng_staff")
    shown = drafter.get(document, timeout=60)
    replaced = drafter.post(
        f"{attachment}/@@gongwen-replace-file",
        data={"_authenticator": token(shown.text)},
        files={"file": ("维修台账.txt", second, "text/plain")},
        timeout=60,
    )
    assert "原文件已保存为历史版本" in replaced.text, replaced.text
    answers = []
    for user, name, comment in TO_SENT:
        # 发送 waits for the worker's 正式文件
        def moved(step=(user, name, comment), answers=answers):
            answers.append(transition(document, *step))
            return answers[-1].status_code == 200

        assert wait_until(moved, 180), (user, name, answers[-1].text)
    return document, attachment


def archive_2015(document, worker_log):
    """cy_archivist archives ``document`` as 2015 定期10年 (the worker checks and files it)."""
    session = session_of("cy_archivist")
    page = f"{document}/@@gongwen-archive"
    archivist = demo("cy_archivist")

    def offered():  # once the worker has filed the 正式文件 and the 稿纸 (四性检测's 完整性)
        items = get(document, archivist).json()["items"]
        if not {"official", "slip"} <= {item["@id"].rsplit("/", 1)[-1] for item in items}:
            return None
        shown = session.get(page, timeout=60)
        return shown if shown.ok and "gongwen-archive-refusal" not in shown.text else None

    shown = wait_until(offered, 600)  # the worker's renders: minutes on a loaded CI machine
    if not shown:
        refusal = lxml.html.fromstring(session.get(page).text).xpath(
            '//*[contains(@class, "gongwen-archive-refusal")]/text()'
        )
        pending = session.get(f"{document}/@@gongwen-progress").json()["pending"]
        tail = worker_log.read_text(errors="replace")[-6000:]
        pytest.fail(f"not offered: {refusal}, pending {pending}; the worker's log ends:\n{tail}")
    fields = form_of(shown.text, "@@gongwen-archive")
    fields.update(year="2015", retention="10_years")
    started = session.post(page, data=fields, timeout=60)
    assert "@@gongwen-archive-job" in started.url, started.text
    job = f"{started.url}&format=json"
    state = wait_until(
        lambda: session.get(job, timeout=60).json()["job"]["state"] in ("done", "failed"), 300
    )
    finished = session.get(job).json()
    assert state and finished["job"]["state"] == "done" and not finished["failures"], finished


def posted(session, page, fields):
    """POST ``fields`` to ``page`` with its CSRF token; the page shown after the redirect."""
    shown = session.get(page, timeout=60)
    assert shown.status_code == 200, shown.text
    answer = session.post(
        page.split("?")[0], data={**fields, "_authenticator": token(shown.text)}, timeout=600
    )
    assert answer.status_code == 200, answer.text
    return answer


def destroy_over_http(url, uid):
    """到期鉴定 销毁, a 销毁申请, three approvals and its execution, each as its person; the
    page after the execution."""
    archive = f"{url}/changyuan/archive"
    archivist = session_of("cy_archivist")
    appraised = posted(
        archivist,
        f"{archive}/@@gongwen-appraisal?year=2015",
        {"uids:list": uid, "decision": "destroy", "note": "已无保存价值。", "form.appraise": "1"},
    )
    assert "已鉴定 1 件" in appraised.text
    created = posted(
        archivist,
        f"{archive}/@@gongwen-destruction",
        {"uids:list": uid, "reason": "保管期限已满，经鉴定无继续保存价值。", "form.create": "1"},
    )
    assert "已提交，等待审批" in created.text
    request_page = created.url
    for user in APPROVERS:
        decided = posted(
            session_of(user),
            request_page,
            {
                "id": request_page.rsplit("id=", 1)[1],
                "opinion": "同意销毁。",
                "decision": "approve",
                "form.decide": "1",
            },
        )
        assert "审批意见已记录" in decided.text
    return posted(
        archivist,
        request_page,
        {"id": request_page.rsplit("id=", 1)[1], "form.execute": "1"},
    )


def files_under(*folders):
    for folder in folders:
        for path, _dirs, names in os.walk(folder):
            for name in names:
                yield os.path.join(path, name)


def test_r_r2_destroyed_bytes_are_gone_after_the_pack(clamd_socket, tmp_path):
    var, port = tmp_path / "var", free_port()
    zope_conf = make_instance(var, port)
    assert "Plone site 'Plone' created" in create_site(zope_conf, **SITE)
    worker_tmp = tmp_path / "worker-tmp"
    worker_tmp.mkdir()
    worker_env = {"GONGWEN_QUEUE_URL": f"sqlite:///{var}/conversion-queue.db"}
    with serving(var, port, **worker_env) as url:
        with running_worker(
            url, tmp_path / "worker.log", env={**worker_env, "TMPDIR": str(worker_tmp)}
        ):
            document, attachment = sent_outgoing(url)
            archive_2015(document, tmp_path / "worker.log")
            shown = get(document, demo("cy_archivist")).json()
            uid = shown["UID"]
            assert shown["review_state"] == "archived"
            executed = destroy_over_http(url, uid)
            # 执行销毁 is a job the worker drives; the archivist is shown its progress.
            assert "@@gongwen-archive-job?id=" in executed.url and "已开始执行" in executed.text
            job = session_of("cy_archivist")
            state = wait_until(
                lambda: job.get(f"{executed.url}&format=json").json()["job"]["state"] == "done",
                180,
            )
            assert state, job.get(f"{executed.url}&format=json").text
        assert get(document, ADMIN).status_code == 404
        assert get(attachment, ADMIN).status_code == 404
        packed = requests.post(
            f"{url.rsplit('/', 1)[0]}/Control_Panel/Database/main/manage_pack",
            data={"days:float": "0"},
            auth=ADMIN,
            timeout=600,
        )
        assert packed.status_code == 200 and "Database packed" in packed.text
        register = session_of("cy_director").get(
            f"{url}/changyuan/archive/@@gongwen-destruction-register?format=csv", timeout=60
        )
    # The audit trail keeps the destruction (named by its 档号), never the content.
    audit = var / "audit" / "audit.db"
    destroyed = [e for e in audit_entries(audit) if e["action"] == "destroy"]
    assert len(destroyed) == 1 and destroyed[0]["object_uid"] == uid
    assert "118-WS·2015-D10-" in destroyed[0]["summary"]
    report = verify(str(audit))
    assert report.ok, report.problem and report.problem.english
    # The 销毁清册 is still read from the packed storage.
    with serving(var, port) as url:
        again = session_of("cy_archivist").get(
            f"{url}/changyuan/archive/@@gongwen-destruction-register", timeout=60
        )
    assert again.status_code == 200
    assert "关于报送2015年度堤防维修台账的通知" in again.text
    assert "同意销毁。" in again.text and "保管期限已满" in again.text
    # Stopped, opened again (the register read above): FileStorage's commit buffer
    # Data.fs.tmp, which keeps stale bytes of earlier transactions while the storage is
    # open, is emptied when it opens. Then nothing holds a file open or writes any more.
    entry = register.content.decode("utf-8-sig")
    assert "关于报送2015年度堤防维修台账的通知" in entry and "118-WS·2015-D10-" in entry
    listed = set(re.findall(r"SHA-256 ([0-9a-f]{64})", entry))
    first, second = (hashlib.sha256(version).hexdigest() for version in versions())
    assert second in listed, entry  # the attachment as archived, with its fixity
    listed |= {first, second}  # and whatever the 归档 manifest held of its first version
    assert not [p for p in files_under(var) if p.endswith(".old")]  # pack-keep-old false
    found, same = [], []
    for path in files_under(var, worker_tmp):
        with open(path, "rb") as handle:
            data = handle.read()
        found += [(path, w) for w in WORDS if w.encode() in data or w.upper().encode() in data]
        if hashlib.sha256(data).hexdigest() in listed:
            same.append(path)
    assert found == [], found
    assert same == [], same
