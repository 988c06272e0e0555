"""``zconsole run <zope.conf> tests/support/consistency_probe.py`` on a stopped instance: prints
``{path: document_facts or null}`` as JSON for the documents whose paths below the site are in
``GONGWEN_PROBE_PATHS`` (a JSON list). ``app`` is provided by zconsole, which runs the script
without ``__file__``: it is run from the repository (tests.support.instance.run's cwd)."""

import json
import os
import sys

sys.path.insert(0, os.getcwd())

from zope.component.hooks import setSite  # noqa: E402

from tests.support.consistency import document_facts  # noqa: E402

site = app[os.environ.get("GONGWEN_SITE_ID", "Plone")]  # noqa: F821 - injected by zconsole
setSite(site)
found = {}
for path in json.loads(os.environ["GONGWEN_PROBE_PATHS"]):
    document = site.unrestrictedTraverse(path, None)
    found[path] = document_facts(document) if document is not None else None
print("PROBE" + json.dumps(found, ensure_ascii=False))
