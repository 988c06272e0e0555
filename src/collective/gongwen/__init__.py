"""collective.gongwen — 电子公文管理 on Plone 6.2.

Importing the package makes collective.documentviewer importable on Plone 6.2
(see ``viewer.compat``). plone.autoinclude imports the top-level package of
every add-on before it reads any add-on's ZCML, and our own configure.zcml
includes the viewer after this import, so it loads in whatever order the
add-ons come.

It also sets the process to the portal's time zone (R-RUN2, ``content.times``):
Zope's DateTime would otherwise read ``TZ=Asia/Shanghai``'s "CST" as US/Central.
The site's own ``plone.portal_timezone`` is followed from its first request on
(``content.zone``).

And it lets existing databases load the classes that moved (``moved``).
"""

from zope.i18nmessageid import MessageFactory

from collective.gongwen import moved
from collective.gongwen.content import times
from collective.gongwen.viewer import compat

compat.apply()
moved.alias_old_paths()
times.use_zone(times.DEFAULT_ZONE)

_ = MessageFactory("collective.gongwen")

PACKAGE_NAME = "collective.gongwen"
