"""Create the Plone site; run as ``zconsole run var/instance/etc/zope.conf scripts/create_site.py``.

Reads GONGWEN_ADMIN (login:password), GONGWEN_SITE_ID, GONGWEN_DEMO (1/0: the demo
organisation) and GONGWEN_DEMO_DOCUMENTS (1/0: its documents, with the organisation) from
the environment. ``app`` is provided by zconsole.
"""

import os

from collective.gongwen.setuphandlers.site import run

login, _, password = os.environ.get("GONGWEN_ADMIN", "admin:admin").partition(":")
run(
    app,  # noqa: F821 - injected by zconsole
    login,
    password,
    site_id=os.environ.get("GONGWEN_SITE_ID", "Plone"),
    demo=os.environ.get("GONGWEN_DEMO", "1") != "0",
    demo_documents=os.environ.get("GONGWEN_DEMO_DOCUMENTS", "1") != "0",
)
