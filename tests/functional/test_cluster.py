"""``make start-cluster`` end to end (issue 21 items 1 and 7b): scripts/cluster.py, two instances
on RelStorage/PostgreSQL, Redis, haproxy and the workers, on a temporary var/ and free ports.

Through the balancer the site answers; a login made through it is honoured by each instance
asked directly (no sticky sessions needed); a write on instance 1 is read on instance 2 at once;
with instance 1 killed (kill -9) fifty requests in a row through the balancer all succeed and
the supervisor brings instance 1 back; Ctrl-C (SIGINT) leaves no process of the cluster,
PostgreSQL stopped (no postmaster.pid) and no cluster.json.
"""

import os
import signal
import subprocess
import sys
import time

import pytest
import requests

from tests.support.cluster import REPO
from tests.support.cluster import alive
from tests.support.cluster import pids_of
from tests.support.cluster import running_cluster
from tests.support.cluster import state_of

# One cluster for the module, run once (not again in the RelStorage run of the suite: it is
# its own PostgreSQL), on one xdist worker.
pytestmark = [pytest.mark.slow, pytest.mark.filestorage, pytest.mark.xdist_group("cluster")]

PASSWORD = "gongwen2026"
ADMIN = ("admin", "secret")
JSON = {"Accept": "application/json"}
TIMEOUT = 60


@pytest.fixture(scope="module")
def cluster():
    with running_cluster(instances=2) as started:
        yield started


def test_cluster_site_answers_through_the_balancer(cluster):
    state = cluster.state
    assert [instance["name"] for instance in state["instances"]] == ["instance1", "instance2"]
    assert state["redis_url"].startswith("redis://127.0.0.1:")
    assert state["audit_db"].startswith("postgresql://gongwen_app@127.0.0.1:")
    response = requests.get(cluster.site_url, timeout=TIMEOUT)
    assert response.status_code == 200
    assert "电子公文" in response.text
    health = requests.get(state["balancer_url"] + "/@@gongwen-health", timeout=TIMEOUT)
    assert health.status_code == 200
    for number in (1, 2):
        assert requests.get(cluster.instance_url(number), timeout=TIMEOUT).status_code == 200
    # Each instance runs on RelStorage with the cluster's queue and audit store.
    conf = (cluster.var / "instance2" / "etc" / "zope.conf").read_text()
    assert state["postgres"]["dsn"] in conf and state["redis_url"] in conf


def test_cluster_login_holds_on_every_instance(cluster):
    session = requests.Session()
    session.post(
        cluster.site_url + "/login",
        data={"__ac_name": "cy_eng_staff", "__ac_password": PASSWORD, "buttons.login": "登录"},
        timeout=TIMEOUT,
    )
    cookie = session.cookies.get("__ac")
    assert cookie
    for number in (1, 2):
        url = cluster.instance_url(number) + "/@users/cy_eng_staff"
        anonymous = requests.get(url, headers=JSON, timeout=TIMEOUT)
        assert anonymous.status_code == 401
        answer = requests.get(url, headers=JSON, cookies={"__ac": cookie}, timeout=TIMEOUT)
        assert answer.status_code == 200, (number, answer.text[:300])
        assert answer.json()["username"] == "cy_eng_staff"


def registry_value(url, name):
    response = requests.get(f"{url}/@registry/{name}", headers=JSON, auth=ADMIN, timeout=TIMEOUT)
    assert response.status_code == 200, response.text[:300]
    return response.json()


def test_cluster_write_on_one_instance_is_read_on_the_other(cluster):
    first, second = cluster.instance_url(1), cluster.instance_url(2)
    name = "plone.site_title"
    before = registry_value(second, name)
    try:
        for title in ("集群测试一", "集群测试二"):
            response = requests.patch(
                f"{first}/@registry", json={name: title}, headers=JSON, auth=ADMIN, timeout=TIMEOUT
            )
            assert response.status_code == 204, response.text[:300]
            assert registry_value(second, name) == title
    finally:
        requests.patch(
            f"{first}/@registry", json={name: before}, headers=JSON, auth=ADMIN, timeout=TIMEOUT
        )


def test_cluster_second_start_on_the_same_var_is_refused(cluster):
    command = [sys.executable, REPO / "scripts" / "cluster.py", f"--var={cluster.var}"]
    second = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert second.returncode != 0
    assert "集群已在运行" in second.stderr
    assert state_of(cluster.var) == cluster.state  # the running cluster's state is untouched


def test_cluster_killed_instance_costs_no_request(cluster):
    killed = cluster.state["instances"][0]["pid"]
    os.killpg(killed, signal.SIGKILL)
    failures = []
    for number in range(50):
        try:
            response = requests.get(cluster.site_url, timeout=TIMEOUT)
        except requests.RequestException as error:
            failures.append((number, repr(error)))
            continue
        if response.status_code != 200:
            failures.append((number, response.status_code))
    assert failures == []
    # The supervisor starts instance 1 again, and it serves.
    deadline = time.monotonic() + 300
    while True:
        state = state_of(cluster.var)
        restarted = state and state["instances"][0]["pid"] != killed
        if restarted:
            try:
                if requests.get(cluster.instance_url(1), timeout=TIMEOUT).status_code == 200:
                    break
            except requests.RequestException:
                pass
        assert time.monotonic() < deadline, "instance1 did not come back"
        time.sleep(1)
    assert "instance1 (pid" in (cluster.var / "log" / "cluster.log").read_text()
    cluster.refresh()


def test_cluster_ctrl_c_stops_everything(cluster):
    state = cluster.refresh()
    pids = pids_of(state)
    assert all(alive(pid) for pid in pids)
    assert (cluster.var / "postgres" / "data" / "postmaster.pid").exists()
    assert cluster.stop() == 0
    deadline = time.monotonic() + 30
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert [pid for pid in pids if alive(pid)] == []
    assert not (cluster.var / "postgres" / "data" / "postmaster.pid").exists()
    assert not (cluster.var / "cluster.json").exists()
    assert sorted(cluster.var.glob("**/*.pid")) == []  # runwsgi's, PostgreSQL's: none stale
    with pytest.raises(requests.ConnectionError):
        requests.get(state["redis_url"].replace("redis://", "http://"), timeout=5)
    assert "cluster stopped" in (cluster.var / "log" / "cluster.log").read_text()
