"""``make start-cluster`` in the browser (issue 21 items 1 and 7b): a 科长 works through the
balancer of a two-instance cluster — logs in, opens 首页, 我的待办 and 公文检索 — while one
instance after the other is killed (kill -9): every page comes, still logged in, none is an
error page; the supervisor brings each instance back."""

import os
import signal
import time

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.support.cluster import running_cluster
from tests.support.cluster import state_of

# Its own cluster and PostgreSQL: run once (not again in the RelStorage run), one xdist worker.
pytestmark = [pytest.mark.slow, pytest.mark.filestorage, pytest.mark.xdist_group("cluster")]

PAGES = (("", "新乡河务局"), ("/@@gongwen-todo", "我的待办"), ("/@@search?SearchableText=防汛", ""))


def back_again(cluster, number, killed):
    """Wait until the supervisor has started instance ``number`` again and it serves."""
    deadline = time.monotonic() + 300
    while True:
        state = state_of(cluster.var)
        if state and state["instances"][number - 1]["pid"] != killed:
            try:
                url = cluster.instance_url(number)
                if requests.get(url, timeout=60).status_code == 200:
                    return
            except requests.RequestException:
                pass
        assert time.monotonic() < deadline, f"instance{number} did not come back"
        time.sleep(1)


def test_cluster_head_keeps_working_while_instances_are_killed(page, screenshot):
    with running_cluster(instances=2) as cluster:
        portal = cluster.site_url
        log_in(page, portal, "cy_eng_head")
        screenshot(page, "logged-in")
        for number in (1, 2):
            killed = cluster.refresh()["instances"][number - 1]["pid"]
            os.killpg(killed, signal.SIGKILL)
            for path, heading in PAGES:
                response = page.goto(portal + path)
                assert response.status == 200, (number, path, response.status)
                # Still 马涛, logged in (the cookie holds on whichever instance answers).
                expect(page.locator("body")).to_contain_text("马涛")
                expect(page.locator("body")).not_to_contain_text("系统维护中")
                if heading:
                    expect(page.locator("body")).to_contain_text(heading)
            screenshot(page, f"instance{number}-killed")
            back_again(cluster, number, killed)
        page.goto(portal + "/@@gongwen-todo")
        expect(page.locator("h1")).to_contain_text("我的待办")
        screenshot(page, "both-back")
