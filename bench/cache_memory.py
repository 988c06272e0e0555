"""Memory of the ZODB object cache per connection, for choosing ``cache-size`` (issue 21 item 6).

    .venv/bin/zconsole run <var>/instance/etc/zope.conf bench/cache_memory.py \\
        [--cache-size 30000] [--site Plone]

Stop the server first (FileStorage admits one process); run once per cache size (RSS never
shrinks in a process). Opens every document of the site as a page does — the object, its
annotations (opinions, deliveries, holders), its workflow history, its files — and the
catalog's entries of all of them (a search of everything), then lets the connection's
cache shrink to ``--cache-size`` as at the end of a request. Prints the objects the cache
keeps, the RSS before and after, and the RSS per 1,000 kept objects: a Zope serving with
``threads`` connections keeps up to ``threads × cache-size`` such objects.
"""

import argparse
import inspect
import sys
import time
from pathlib import Path

# zconsole runs this without __file__: the code object knows where it is.
HERE = Path(inspect.currentframe().f_code.co_filename).resolve().parent
sys.path[:0] = [str(HERE)]

from populate_common import open_site  # noqa: E402
from populate_common import script_argv  # noqa: E402

TYPES = ("gongwen_outgoing", "gongwen_incoming", "gongwen_notice", "gongwen_news", "Document")


def rss_mib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def touch(obj):
    """Load what a page of ``obj`` loads: its state, annotations, history, children."""
    obj._p_activate()
    for name in ("__annotations__", "workflow_history"):
        value = getattr(obj, name, None)
        if value is not None:
            for item in list(value.values()):
                getattr(item, "_p_activate", lambda: None)()
    for child in obj.objectValues() if hasattr(obj, "objectValues") else ():
        child._p_activate()


def main(app):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache-size", type=int, default=30000)
    parser.add_argument("--site", default="Plone")
    args = parser.parse_args(script_argv())
    if not 100 <= args.cache_size <= 10_000_000:
        parser.error("--cache-size 100–10,000,000")
    site = open_site(app, args.site, args.cache_size)
    connection = app._p_jar
    before = rss_mib()
    catalog = site.portal_catalog
    start = time.perf_counter()
    brains = catalog.unrestrictedSearchResults(portal_type=TYPES)
    titles = [brain.Title for brain in brains]  # every entry's metadata, as listings read it
    for brain in brains:
        touch(brain._unrestrictedGetObject())
    connection.cacheGC()  # what a request's end does: back to cache-size
    kept = connection._cache.cache_non_ghost_count
    after = rss_mib()
    print(
        f"cache-size {args.cache_size}: {len(titles)} documents opened in "
        f"{time.perf_counter() - start:.0f} s; {kept} objects kept; RSS {before:.0f} → "
        f"{after:.0f} MiB; {(after - before) * 1000 / max(kept, 1):.2f} MiB per 1,000 kept",
        flush=True,
    )


if __name__ == "__main__":
    main(app)  # noqa: F821 - injected by zconsole
