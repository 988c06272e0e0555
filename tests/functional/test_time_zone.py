"""R-RUN2: one time zone, whatever the server's ``TZ``.

One real instance (scripts/make_instance.py, zconsole with create_site.py,
runwsgi, as ``make start``), its site in Asia/Shanghai. A zconsole script run
under ``TZ=UTC`` records the events: an opinion (提交), a 收文 with a download
and its registration, a 待办 for the department head. The same Data.fs is then
served twice, under ``TZ=Asia/Shanghai`` and under ``TZ=UTC`` (the instance's
zope.conf says so too), and every place a time is shown is read: the opinion
history, 下载记录, 我的待办 and the front page (已等待), search results, the
toolbar's ``<time datetime>``, the 发文稿纸 PDF. Both servers show the same,
in +08:00, and the opinion's minute is the minute it was given in Beijing.
"""

import datetime
import json
import os
import re
import subprocess
import time
from contextlib import ExitStack
from zoneinfo import ZoneInfo

import lxml.html
import pytest
import requests

from tests.support.instance import REPO
from tests.support.instance import create_site
from tests.support.instance import make_instance
from tests.support.instance import serving
from tests.support.instance import zconsole
from tests.support.network import free_port
from tests.support.rest import PASSWORD

# Its own FileStorage instance: run once, not again in the RelStorage run.
pytestmark = [pytest.mark.slow, pytest.mark.filestorage]

BEIJING = ZoneInfo("Asia/Shanghai")
TITLE = "关于统一门户时区的通知"

EVENTS = """
import json, sys, time
sys.path.insert(0, {repo!r})
import transaction
from AccessControl.SecurityManagement import newSecurityManager
from Testing.makerequest import makerequest
from zope.component.hooks import setSite
from zope.globalrequest import setRequest
from zope.interface import alsoProvides

from collective.gongwen.incoming.downloads import record_download
from collective.gongwen.interfaces import IGongwenLayer
from collective.gongwen.routing.actions import act
from plone import api
from tests.support.incoming import register_incoming
from tests.support.outgoing import draft_outgoing

app = makerequest(app)  # noqa: F821 - zconsole's
setRequest(app.REQUEST)
alsoProvides(app.REQUEST, IGongwenLayer)
site = app["Plone"]
setSite(site)
admin = app.acl_users.getUserById("admin")
newSecurityManager(None, admin.__of__(app.acl_users))
started = time.time()
document = draft_outgoing(site, "downward", title={title!r})
with api.env.adopt_user(username="cy_eng_staff"):
    act(document, "submit", "请审核。")
incoming = register_incoming(site, title={title!r} + "（来文）")
record_download(incoming, "cy_secretary1", "original", "来文原件")
transaction.commit()
print("EVENTS " + json.dumps({{
    "outgoing": "/".join(document.getPhysicalPath()[2:]),
    "incoming": "/".join(incoming.getPhysicalPath()[2:]),
    "started": started,
    "finished": time.time(),
}}))
"""


# The kept 发文稿纸 rendered again as the worker does it (R-RUN1: no request renders it),
# its input claimed in a process under the server's TZ.
SLIP = """
import sys
sys.path.insert(0, {repo!r})
import transaction
from Testing.makerequest import makerequest
from zope.component.hooks import setSite
from zope.globalrequest import setRequest

from collective.gongwen.typeset.child import SLIP
from collective.gongwen.typeset.render_jobs import queue_render
from tests.support.renders import render_round_trip

app = makerequest(app)  # noqa: F821 - zconsole's
setRequest(app.REQUEST)
site = app["Plone"]
setSite(site)
document = site.unrestrictedTraverse({path!r})
queue_render(document, SLIP)
transaction.commit()
status, body = render_round_trip(site, document, SLIP)
transaction.commit()
print("SLIP", status, body)
"""


def render_slip(var, tz, path):
    """The worker's render of the 发文稿纸 at ``path``, claimed under ``TZ=tz``; kept."""
    script = var / "slip.py"
    script.write_text(SLIP.format(repo=str(REPO), path=path))
    zope_conf = var / "instance" / "etc" / "zope.conf"
    set_zope_conf_tz(zope_conf, tz)
    env = {"TZ": tz, "GONGWEN_ADMIN": "admin:secret", "GONGWEN_DEMO": "1"}
    output = zconsole(zope_conf, script, dict(os.environ, **env))
    assert "SLIP 200" in output, output


def set_zope_conf_tz(zope_conf, tz):
    """The instance's ``<environment>`` TZ (make start writes Asia/Shanghai there)."""
    text = zope_conf.read_text()
    text = re.sub(r"(?m)^(\s*)TZ .*$", rf"\g<1>TZ {tz}", text)
    zope_conf.write_text(text)


class Served:
    """runwsgi on the instance under ``TZ=tz``; stopped on exit."""

    def __init__(self, var, port, tz):
        self.var, self.port, self.tz = var, port, tz

    def __enter__(self):
        set_zope_conf_tz(self.var / "instance" / "etc" / "zope.conf", self.tz)
        self.stack = ExitStack()
        self.url = self.stack.enter_context(serving(self.var, self.port, TZ=self.tz))
        return self

    def __exit__(self, *exc):
        return self.stack.__exit__(*exc)

    def get(self, path, user, password=PASSWORD):
        response = requests.get(f"{self.url}/{path}", auth=(user, password), timeout=60)
        assert response.status_code == 200, (path, response.status_code)
        return response


def times_in(html, selector):
    """``[(datetime attribute, text)]`` of the ``<time>`` elements under ``selector``."""
    page = lxml.html.fromstring(html)
    return [
        (node.get("datetime"), node.text_content().strip())
        for node in page.cssselect(f"{selector} time")
    ]


def slip_times(pdf):
    """The dates and times printed on a slip (``2026年12月5日 23:18``)."""
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return re.findall(r"\d{4}年\d{1,2}月\d{1,2}日\s+\d{2}:\d{2}", text)


def what_is_shown(server, events):
    """Every time the pages show for the events, as the people who see them."""
    outgoing, incoming = events["outgoing"], events["incoming"]
    shown = {}
    page = server.get(outgoing, "cy_eng_head").text
    shown["opinions"] = times_in(page, ".gongwen-routing-history")
    page = server.get(outgoing, "admin", "secret").text  # the toolbar's 历史 item
    toolbar = lxml.html.fromstring(page).cssselect("#contentview-history time")
    shown["toolbar"] = [
        (node.get("datetime"), node.get("data-pat-display-time")) for node in toolbar
    ]
    page = server.get(incoming, "cy_secretary1").text
    shown["downloads"] = times_in(page, ".gongwen-downloads")
    shown["incoming_opinions"] = times_in(page, ".gongwen-routing-history")
    todo = server.get("@@gongwen-todo", "cy_eng_head").text
    shown["todo"] = times_in(todo, ".gongwen-todo-item")
    search = server.get(f"@@search?SearchableText={TITLE}", "cy_eng_head").text
    results = lxml.html.fromstring(search).cssselect(".documentModified")
    shown["search"] = [" ".join(node.text_content().split()) for node in results]
    slip = server.get(f"{outgoing}/@@gongwen-slip", "cy_eng_head").content
    shown["slip"] = slip_times(slip)
    return shown


def beijing_minutes(start, end):
    """The Beijing minutes (``2026-12-07 17:25``) from ``start`` to ``end`` (epoch seconds)."""
    seconds = [*range(int(start), int(end)), end]
    return {
        datetime.datetime.fromtimestamp(moment, BEIJING).strftime("%Y-%m-%d %H:%M")
        for moment in seconds
    }


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    """The instance and its site made under TZ=UTC, the events recorded under TZ=UTC."""
    var = tmp_path_factory.mktemp("var")
    port = free_port()
    zope_conf = make_instance(var, port)
    set_zope_conf_tz(zope_conf, "UTC")
    env = {"TZ": "UTC", "GONGWEN_ADMIN": "admin:secret", "GONGWEN_DEMO": "1"}
    assert "created" in create_site(zope_conf, **env)
    script = var / "events.py"
    script.write_text(EVENTS.format(repo=str(REPO), title=TITLE))
    output = zconsole(zope_conf, script, dict(os.environ, **env))
    events = json.loads(output.split("EVENTS ", 1)[1].splitlines()[0])
    return var, port, events


def test_r_run2_the_same_minute_everywhere_under_any_server_tz(instance):
    var, port, events = instance
    seen, shown_between = {}, {}
    for tz in ("Asia/Shanghai", "UTC"):
        render_slip(var, tz, events["outgoing"])
        with Served(var, port, tz) as server:
            before = time.time()
            seen[tz] = what_is_shown(server, events)
            shown_between[tz] = (before, time.time())
    beijing, utc = seen["Asia/Shanghai"], seen["UTC"]

    # Every place shows something, and the same under both servers …
    for place, values in beijing.items():
        assert values or place == "incoming_opinions", f"{place}: no time found"
    for place in ("opinions", "toolbar", "downloads", "incoming_opinions", "search", "slip"):
        assert beijing[place] == utc[place], place
    assert [iso for iso, _ in beijing["todo"]] == [iso for iso, _ in utc["todo"]]

    # … in Beijing time: +08:00, the minute the opinion was given there (a loaded machine
    # may take the recording script across a minute).
    given = beijing_minutes(events["started"], events["finished"])
    (submitted,) = beijing["opinions"]
    iso, text = submitted
    assert iso.endswith("+08:00") and text in given, submitted
    assert datetime.datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M") == text
    for place in ("downloads", "incoming_opinions", "todo"):
        for iso, _text in beijing[place]:
            assert iso.endswith("+08:00"), (place, iso)
    (download,) = beijing["downloads"]
    assert download[1] in given
    (toolbar_iso, toolbar_options) = beijing["toolbar"][0]
    assert toolbar_iso.endswith("+08:00")
    # The browser shows its wall-clock part, whatever zone the browser is in.
    assert "format: YYYY-MM-DDTHH:mm:ss" in toolbar_options
    # The search lists the 发文 and the 收文, modified by the script or since: the 发文 again
    # when the worker's render filed its slip in it (before the pages were read).
    since = beijing_minutes(events["started"], shown_between["UTC"][1])
    for result in beijing["search"]:
        assert " ".join(result.split()[-2:]) in since, (result, since)
    minute = text.split(" ")[1]
    day = datetime.date.fromisoformat(text.split(" ")[0])
    printed = f"{day.year}年{day.month}月{day.day}日 {minute}"
    assert printed in [" ".join(t.split()) for t in beijing["slip"]], beijing["slip"]

    # 我的待办: the minutes since arrival, not 8 hours more or less (a loaded machine may
    # take minutes to start the servers: the words follow the minutes that really passed).
    for tz in seen:
        (waited,) = [text for _iso, text in seen[tz]["todo"]]
        before, after = shown_between[tz]
        fewest = int(before - events["finished"]) // 60
        most = int(after - events["started"]) // 60 + 1
        words = ["不到 1 分钟" if n == 0 else f"{n} 分钟" for n in range(fewest, most + 1)]
        assert waited in words and most < 60, (tz, waited, words)
