"""我的待办 (``@@gongwen-todo`` on the site root, R-O1, R-P3).

One catalog query on ``assignees`` with the user's id and groups; each row
is rendered from the catalog entry alone (no object is loaded): 文种, 紧急程度,
current step, 办理时限 (overdue marked) and how long it has waited since its
step began, the most recently arrived first. The 办理时限 is the current
step's deadline where there is one (收文, R-I5: ``step_deadline``), else the
document's own. Among them, what the capabilities above steps add (``other_todo_items``:
a 销毁申请 awaiting its approver), in the same columns.
"""

from urllib.parse import urlencode

from plone import api
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.i18n import translate
from zope.interface import implementer

from collective.gongwen.content import times
from collective.gongwen.content.vocabularies import title_of
from collective.gongwen.interfaces import IGongwenPageView
from collective.gongwen.steps.browser import display
from collective.gongwen.steps.titles import step_title
from collective.gongwen.steps.todo import brain_deadline
from collective.gongwen.steps.todo import other_todo_items
from collective.gongwen.steps.todo import todo_brains


@implementer(IGongwenPageView)
class TodoView(BrowserView):
    """``@@gongwen-todo``."""

    template = ViewPageTemplateFile("todo.pt")

    def __call__(self):
        if api.user.is_anonymous():
            portal_url = api.portal.get().absolute_url()
            came_from = f"{portal_url}/@@gongwen-todo"
            self.request.response.redirect(
                f"{portal_url}/login?{urlencode({'came_from': came_from})}"
            )
            return ""
        self.items = self.rows(api.user.get_current().getId())
        return self.template()

    def rows(self, user_id):
        now = times.now()
        today = now.date()
        rows = []
        for brain in todo_brains(user_id):
            since = times.in_zone(brain.assigned_since) or now
            deadline = brain_deadline(brain)
            rows.append(
                {
                    "title": brain.Title,
                    "url": brain.getURL(),
                    "kind": title_of("doc_kind", brain.doc_kind) if brain.doc_kind else "",
                    "urgency": title_of("urgency", brain.urgency) if brain.urgency else "",
                    "urgent": brain.urgency in ("urgent", "very_urgent"),
                    "step": step_title(brain.review_state, self.request, brain.portal_type),
                    "deadline": deadline.isoformat() if deadline else "",
                    "overdue": bool(deadline) and deadline < today,
                    **self.waiting(since, now),
                }
            )
        for item in other_todo_items(user_id):
            since = times.in_zone(item.since) or now
            rows.append(
                {
                    "title": translate(item.title, context=self.request),
                    "url": item.url,
                    "kind": translate(item.kind, context=self.request),
                    "urgency": "",
                    "urgent": False,
                    "step": translate(item.step, context=self.request),
                    "deadline": "",
                    "overdue": False,
                    "source": item.source,
                    **self.waiting(since, now),
                }
            )
        rows.sort(key=lambda row: row["since"], reverse=True)
        return rows

    def waiting(self, since, now):
        """A row's waiting time: ``since`` (a datetime), its ISO text and how long it waited."""
        return {
            "waited": translate(display.waited(times.elapsed(since, now)), context=self.request),
            "since": since,
            "since_iso": times.iso_text(since),
        }
