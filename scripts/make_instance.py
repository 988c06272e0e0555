"""Write the Zope instance configuration under var/ from the templates in etc/.

    python scripts/make_instance.py [--host 127.0.0.1] [--port 8080] [--var var]
        [--name instance] [--storage filestorage|relstorage] [--dsn "host=… dbname=gongwen"]
        [--queue-url redis://…] [--audit-db PATH|postgresql://…] [--cache-size 100000]

The defaults are ``make start``'s single instance: FileStorage and blobs in var/, the
SQLite queue and audit store, logs var/log/{access,event}.log. ``make start-cluster``
(scripts/cluster.py) writes one instance per ``--name`` (instance1, instance2 …) in the same
var/, on RelStorage (``--storage relstorage --dsn …``), with the cluster's Redis queue and
audit database, each logging to var/log/<name>-{access,event}.log. zope.conf's
``<environment>`` wins over the process environment, so the queue and the audit store are
written into it here, not exported.

Data (var/filestorage, var/blobstorage, the database) is never touched: rerunning only
rewrites the configuration files.
"""

import argparse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ETC = REPO / "etc"
STORAGES = ("filestorage", "relstorage")
DEFAULT_NAME = "instance"
DEFAULT_CACHE_SIZE = 100000


def render(template, values):
    """Return ``template`` with every ``@NAME@`` replaced from ``values``."""
    for name, value in values.items():
        template = template.replace(f"@{name}@", str(value))
    return template


def template(name):
    """The text of etc/<name>.in (or etc/<name> when it is not a template)."""
    source = ETC / (name + ".in")
    if not source.exists():
        source = ETC / name
    return source.read_text(encoding="utf-8")


def storage_block(storage, name, dsn, cache_size):
    """zope.conf's ``<zodb_db main>`` section for ``storage`` (from etc/zodb-<storage>.conf.in)."""
    if storage not in STORAGES:
        raise ValueError(f"unknown storage {storage!r}: one of {', '.join(STORAGES)}")
    if storage == "relstorage" and not dsn:
        raise ValueError("relstorage needs --dsn (a libpq DSN: host=… port=… dbname=…)")
    values = {"CACHE_SIZE": cache_size, "DSN": dsn or "", "BLOB_CACHE": f"$VAR/blobcache/{name}"}
    return render(template(f"zodb-{storage}.conf"), values)


def instance_values(
    var,
    host,
    port,
    name=DEFAULT_NAME,
    storage="filestorage",
    dsn=None,
    queue_url=None,
    audit_db=None,
    cache_size=DEFAULT_CACHE_SIZE,
):
    """The ``@NAME@`` values of the templates for one instance (``var`` absolute)."""
    return {
        "INSTANCE": var / name,
        "VAR": var,
        "HOST": host,
        "PORT": port,
        "LOG_PREFIX": "" if name == DEFAULT_NAME else f"{name}-",
        # Instances sharing var/ (the cluster) each have their own pid file (default: var/Z4.pid).
        "PID_FILE": "" if name == DEFAULT_NAME else "\npid-filename $INSTANCE/Z4.pid",
        "QUEUE_URL": queue_url or "sqlite:///$VAR/conversion-queue.db",
        "AUDIT_DB": audit_db or "$VAR/audit/audit.db",
        "ZODB_DB": storage_block(storage, name, dsn, cache_size),
    }


def make_instance(var, host, port, **options):
    """Create the instance folders and configuration; return the zope.ini path.

    ``options``: ``name``, ``storage``, ``dsn``, ``queue_url``, ``audit_db``,
    ``cache_size`` (see :func:`instance_values`).
    """
    var = var.resolve()
    values = instance_values(var, host, port, **options)
    instance = values["INSTANCE"]
    folders = ["etc", "../log", "../cache/chameleon"]
    if options.get("storage", "filestorage") == "filestorage":
        folders += ["../filestorage", "../blobstorage"]
    else:
        folders.append(f"../blobcache/{instance.name}")
    for folder in folders:
        (instance / folder).resolve().mkdir(parents=True, exist_ok=True)
    for private in ("blobstorage", "blobcache"):
        if (var / private).exists():
            (var / private).chmod(0o700)
    for name in ("zope.conf", "zope.ini", "site.zcml"):
        (instance / "etc" / name).write_text(render(template(name), values))
    return instance / "etc" / "zope.ini"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="8080")
    parser.add_argument("--var", default=str(REPO / "var"))
    parser.add_argument("--name", default=DEFAULT_NAME, help="the instance's folder in var/")
    parser.add_argument("--storage", choices=STORAGES, default="filestorage")
    parser.add_argument("--dsn", help="RelStorage's PostgreSQL (libpq DSN)")
    parser.add_argument("--queue-url", help="the jobs' queue (default: SQLite in var/)")
    parser.add_argument("--audit-db", help="the audit store: a file or a postgresql:// URL")
    parser.add_argument("--cache-size", type=int, default=DEFAULT_CACHE_SIZE)
    args = parser.parse_args()
    if args.storage == "relstorage" and not args.dsn:
        parser.error("--storage relstorage needs --dsn")
    options = {
        "name": args.name,
        "storage": args.storage,
        "dsn": args.dsn,
        "queue_url": args.queue_url,
        "audit_db": args.audit_db,
        "cache_size": args.cache_size,
    }
    print(make_instance(Path(args.var), args.host, args.port, **options))


if __name__ == "__main__":
    main()
