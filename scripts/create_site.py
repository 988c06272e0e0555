"""Create the Plone site; run as ``zconsole run var/instance/etc/zope.conf scripts/create_site.py``.

Reads GONGWEN_ADMIN (login:password), GONGWEN_SITE_ID and GONGWEN_DEMO (1/0)
from the environment. ``app`` is provided by zconsole.
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
)
