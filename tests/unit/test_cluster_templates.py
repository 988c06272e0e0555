"""The instance and balancer configuration of ``make start`` and ``make start-cluster`` (issue 21):
scripts/make_instance.py renders ``make start``'s instance exactly as before the cluster existed
(tests/unit/golden/), an instance of the cluster on RelStorage with its queue, audit store and
logs, and scripts/cluster.py's haproxy.cfg names every instance; a cluster started again after
its supervisor was killed stops what that one left running (and nothing else)."""

import importlib.util
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import ZConfig

REPO = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "golden"
# zope.conf's <zodb_db> sections, read as Zope reads them (ZODB's and RelStorage's own schema).
DATABASE_SCHEMA = """<schema>
  <import package="ZODB"/>
  <multisection type="ZODB.database" name="+" attribute="databases"/>
</schema>"""


def script(name):
    """A module of scripts/ (they are not a package)."""
    sys.path.insert(0, str(REPO / "scripts"))
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_instance = script("make_instance")
cluster = script("cluster")


def rendered(var, name="instance"):
    etc = var / name / "etc"
    return {file: (etc / file).read_text(encoding="utf-8") for file in ("zope.conf", "zope.ini")}


def assert_as_before(var):
    """``make start``'s zope.conf is byte for byte the one of before the cluster (golden/), its
    zope.ini the template with nothing but the host, port and folders filled in."""
    files = rendered(var)
    expected = (GOLDEN / "make-start-zope.conf").read_text(encoding="utf-8")
    assert files["zope.conf"].replace(str(var.resolve()), "/VAR") == expected
    values = {"INSTANCE": "/VAR/instance", "VAR": "/VAR", "HOST": "127.0.0.1", "PORT": "8080"}
    ini = make_instance.render(make_instance.template("zope.ini"), values)
    assert files["zope.ini"].replace(str(var.resolve()), "/VAR") == ini.replace("@LOG_PREFIX@", "")
    assert "('/VAR/log/access.log', 'a')" in ini.replace("@LOG_PREFIX@", "")


def test_cluster_make_start_instance_is_rendered_as_before(tmp_path):
    var = tmp_path / "var"
    make_instance.make_instance(var, "127.0.0.1", "8080")
    assert_as_before(var)
    assert (var / "filestorage").is_dir() and (var / "blobstorage").is_dir()
    assert not (var / "blobcache").exists()


def test_cluster_command_line_defaults_are_make_starts(tmp_path):
    var = tmp_path / "var"
    command = [sys.executable, REPO / "scripts" / "make_instance.py", "--var", var]
    subprocess.run(command, check=True, capture_output=True)
    assert_as_before(var)


def test_cluster_instance_on_relstorage(tmp_path):
    var = tmp_path / "var"
    dsn = "host=127.0.0.1 port=15433 user=gongwen dbname=gongwen"
    make_instance.make_instance(
        var,
        "127.0.0.1",
        18082,
        name="instance2",
        storage="relstorage",
        dsn=dsn,
        queue_url="redis://127.0.0.1:16380/0",
        audit_db="postgresql://gongwen@127.0.0.1:15433/gongwen_audit",
        cache_size=30000,
    )
    files = rendered(var, "instance2")
    conf = files["zope.conf"]
    assert "%import relstorage" in conf
    assert f"dsn {dsn}\n" in conf
    assert "keep-history true" in conf and "shared-blob-dir false" in conf
    assert "blob-dir $VAR/blobcache/instance2\n" in conf
    assert "GONGWEN_QUEUE_URL redis://127.0.0.1:16380/0\n" in conf
    assert "GONGWEN_AUDIT_DB postgresql://gongwen@127.0.0.1:15433/gongwen_audit\n" in conf
    assert "cache-size 30000\n" in conf
    assert "\npid-filename $INSTANCE/Z4.pid\n" in conf
    assert "<filestorage>" not in conf and "@" not in conf.replace("gongwen@127", "")
    ini = files["zope.ini"]
    assert "listen = 127.0.0.1:18082" in ini
    log = var.resolve() / "log"
    assert f"('{log}/instance2-access.log', 'a')" in ini
    assert f"('{log}/instance2-event.log', 'a')" in ini
    assert (var / "blobcache" / "instance2").is_dir()
    assert not (var / "filestorage").exists()
    # ZConfig reads it with RelStorage's own schema (the options exist, the values are valid).
    schema = ZConfig.loadSchemaFile(io.StringIO(DATABASE_SCHEMA))
    # Zope's <zodb_db> is ZODB's <zodb> with a mount point.
    block = conf[conf.index("%import relstorage") :].replace("zodb_db", "zodb")
    block = block.replace("    mount-point /\n", "")
    text = f"%define VAR {var.resolve()}\n{block}"
    config, _handler = ZConfig.loadConfigFile(schema, io.StringIO(text))
    (database,) = config.databases
    storage = database.config.storage.config
    assert storage.keep_history is True and storage.shared_blob_dir is False
    assert storage.blob_dir == str(var.resolve() / "blobcache" / "instance2")
    assert storage.adapter.config.dsn == dsn
    assert database.config.cache_size == 30000
    assert conf.index("clienthome $VAR\npid-filename") < conf.index("<zodb_db")


def test_cluster_relstorage_needs_a_dsn(tmp_path):
    with pytest.raises(ValueError, match="dsn"):
        make_instance.make_instance(tmp_path, "127.0.0.1", 8081, storage="relstorage")
    with pytest.raises(ValueError, match="storage"):
        make_instance.make_instance(tmp_path, "127.0.0.1", 8081, storage="mysql", dsn="x")


def test_cluster_haproxy_lists_every_instance(tmp_path):
    text = cluster.haproxy_config(tmp_path, "127.0.0.1", 18080, [18081, 18082, 18083])
    assert "bind 127.0.0.1:18080\n" in text
    assert "balance leastconn" in text
    assert "option httpchk GET /@@gongwen-health" in text
    assert "inter 2s fall 2 rise 1" in text
    assert "retries 1" in text and "option redispatch" in text
    servers = [line.split() for line in text.splitlines() if line.strip().startswith("server ")]
    assert servers == [
        ["server", f"instance{number}", f"127.0.0.1:{18080 + number}", "check"]
        for number in (1, 2, 3)
    ]
    assert "@" not in text.replace("@@gongwen-health", "")


@pytest.mark.skipif(not shutil.which("haproxy"), reason="haproxy is not installed")
def test_cluster_haproxy_accepts_the_configuration(tmp_path):
    config = tmp_path / "haproxy.cfg"
    config.write_text(cluster.haproxy_config(tmp_path, "127.0.0.1", 18080, [18081, 18082]))
    result = subprocess.run(["haproxy", "-c", "-f", config], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr


def test_cluster_start_stops_what_a_killed_supervisor_left(tmp_path):
    # A cluster whose supervisor died (kill -9) left an instance running and its cluster.json.
    left = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(120)"], start_new_session=True
    )
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    state = {"supervisor": gone.pid, "processes": {"instance1": left.pid, "redis": gone.pid}}
    (tmp_path / "cluster.json").write_text(json.dumps(state))
    # A process of someone else (not leading its own group) named there is left alone.
    stranger = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    state["processes"]["workers"] = stranger.pid
    (tmp_path / "cluster.json").write_text(json.dumps(state))
    try:
        assert cluster.running_cluster(tmp_path) is None
        assert cluster.reap_stale(tmp_path) == ["instance1"]
        assert left.wait(timeout=30) is not None
        assert stranger.poll() is None
        assert not (tmp_path / "cluster.json").exists()
        assert cluster.reap_stale(tmp_path) == []
    finally:
        for process in (left, stranger):
            process.kill()
            process.wait()
