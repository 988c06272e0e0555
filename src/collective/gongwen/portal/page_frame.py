"""What Plone's page frame asks several times a page, worked out once (issue 21).

Measured under load (py-spy ``--gil``, one instance, 200 users, the demo site), as shares of
the instance's CPU:

- Two viewlets of every page ask Plone's ``showToolbar`` (the ``@@plone`` view) whether the
  toolbar shows the object's views and menus, each through a new ``@@plone`` view. For a
  member of staff who may not edit the page, the answer ends in the object's
  ``allowedContentTypes``: an add permission check for each addable type. 7 %. Plone does not
  keep it for the request because it may change between traversals (an error page shown
  after another object's); so it is kept for the same object, user and published view only.
- The content views viewlet worked out its tabs (the object's and folder's actions, each
  action's condition and permission) before its template asked ``showToolbar``, and threw
  them away when the answer was no: 6 %, on every page of a member of staff who may not edit
  it (the front page, 我的待办, 公文检索). Now it works them out only when they are shown.
- Each portlet column (left, right, footer) asks for the portlet categories of the page: its
  type, the user, and the user's groups, looked up again each time. 2 %. Kept for the same
  object and user.
"""

from AccessControl import getSecurityManager
from plone.app.layout.viewlets.common import ViewletBase
from zope.component import getMultiAdapter

from collective.gongwen.request_answers import kept
from collective.gongwen.request_answers import object_key

TOOLBAR_KEY = "collective.gongwen.portal.page_frame.toolbar"
PORTLET_CATEGORIES_KEY = "collective.gongwen.portal.page_frame.portlet_categories"


def _user_id():
    return getSecurityManager().getUser().getId()


def show_toolbar(self):
    """Plone's ``Plone.showToolbar``, its answer kept on the request."""
    key = (object_key(self.context), _user_id(), id(self.request.get("PUBLISHED")))
    answers = kept(TOOLBAR_KEY)
    if key not in answers:
        answers[key] = self._old_showToolbar()  # kept by collective.monkeypatcher
    return answers[key]


def content_views_update(self):
    """Plone's ``ContentViewsViewlet.update``; no tabs where its template shows none."""
    if getMultiAdapter((self.context, self.request), name="plone").showToolbar():
        return self._old_update()  # kept by collective.monkeypatcher
    ViewletBase.update(self)
    self.tabSet1 = self.tabSet2 = []


def global_portlet_categories(self, placeless=False):
    """plone.app.portlets' ``ContentContext.globalPortletCategories``, kept on the request."""
    key = (object_key(self.context), placeless, _user_id())
    answers = kept(PORTLET_CATEGORIES_KEY)
    if key not in answers:
        answers[key] = self._old_globalPortletCategories(placeless)  # collective.monkeypatcher
    return list(answers[key])  # the caller's own list, as Plone gives it
