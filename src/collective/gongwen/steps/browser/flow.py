"""流程跟踪 (R-O12, R-I3) on the document page: ``@@gongwen-flow``, the diagram as an HTML
fragment (the inline SVG of ``steps.flowchart`` and the same steps as a list, for screen
readers and phones), which the 处理笺 page includes; ``@@gongwen-flow-page``, the same on
a page of its own (to print or to open from a listing).

Each document type says its path through its ``IFlowNodes`` adapter (``routing.browser.flow``
for 发文, ``incoming.browser.flow`` for 收文); the helpers here turn what both share — an opinion
record, the current holders, their read mark, the step deadline — into the model's values.
"""

from Acquisition import aq_inner
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.i18n import translate
from zope.interface import Interface

from collective.gongwen import _
from collective.gongwen.content import times
from collective.gongwen.steps import flowchart
from collective.gongwen.steps import titles
from collective.gongwen.steps.browser.display import history_row
from collective.gongwen.steps.deadline_rules import is_overdue
from collective.gongwen.steps.deadlines import current_deadline
from collective.gongwen.steps.roles import current_assignees
from collective.gongwen.steps.roles import step_opened


class IFlowNodes(Interface):
    """A document type's path as ``steps.flowchart.FlowNode`` values (an adapter of it)."""

    def nodes(request):
        """The steps passed, the current one and those ahead, in order."""


LABELS = {
    flowchart.PASSED: _("flow_status_passed", default="已办"),
    flowchart.CURRENT: _("flow_status_current", default="当前环节"),
    flowchart.AHEAD: _("flow_status_ahead", default="待办"),
    "holders": _("flow_label_holders", default="办理人："),
    "expected": _("flow_label_expected", default="拟办理人："),
    "deadline": _("flow_label_deadline", default="时限："),
    "overdue": _("flow_label_overdue", default="已超期"),
}


def labels(request):
    """``LABELS`` translated for ``request``."""
    return {key: translate(label, context=request) for key, label in LABELS.items()}


def names(principals):
    """The names of ``principals`` (users or groups), in order, without repeats."""
    return tuple(dict.fromkeys(titles.principal_name(p) for p in principals if p))


def flow_record(record, request, portal_type, subject_name=None):
    """An opinion record as a ``FlowRecord`` (who, what, when, the opinion; 代录 named)."""
    row = history_row(record, request, portal_type, subject_name)
    return flowchart.FlowRecord(row["actor"], row["action"], row["time"], row["text"])


def opened_text(document, request):
    """The current holders' read mark: 「已阅：张三 2026-12-06 09:12」, else 「未阅」 (R-O11)."""
    opened = step_opened(document)
    if not opened:
        return translate(_("flow_not_opened", default="未阅"), context=request)
    who = "、".join(f"{titles.principal_name(p)} {times.minute_text(t)}" for p, t in opened)
    return translate(
        _("flow_opened", default="已阅：${who}", mapping={"who": who}), context=request
    )


def current_node(step, title, document, request, records=()):
    """The node of the step ``document`` is in: its holders, their read mark, its deadline."""
    deadline = current_deadline(document)
    return flowchart.FlowNode(
        step,
        title,
        flowchart.CURRENT,
        people=names(current_assignees(document)),
        records=tuple(records),
        opened=opened_text(document, request) if current_assignees(document) else "",
        deadline=times.format_date(deadline) if deadline else "",
        overdue=is_overdue(deadline, times.today()),
    )


def flow_nodes(document, request):
    """``document``'s path (its type's ``IFlowNodes``); [] for a type without one."""
    adapter = IFlowNodes(document, None)
    return list(adapter.nodes(request)) if adapter is not None else []


class FlowView(BrowserView):
    """``@@gongwen-flow``: the diagram and its list, as a fragment of the document page."""

    fragment = ViewPageTemplateFile("flow.pt")
    index = fragment
    own_page = False  # the page's heading names it already

    def update(self):
        document = aq_inner(self.context)
        self.nodes = flow_nodes(document, self.request)
        self.labels = labels(self.request)
        title = translate(
            _("flow_svg_title", default="流程跟踪：${title}", mapping={"title": document.Title()}),
            context=self.request,
        )
        self.svg = self.narrow_svg = ""
        if self.nodes:
            self.svg = flowchart.render_svg(self.nodes, self.labels, title)
            # a phone shows the narrow one at about its size, its text readable
            self.narrow_svg = flowchart.render_svg(
                self.nodes, self.labels, title, flowchart.NARROW_WIDTH
            )

    def __call__(self):
        self.update()
        return self.index()

    def status_title(self, node):
        return self.labels[node.status]


class FlowPage(FlowView):
    """``@@gongwen-flow-page``: the same on a page of its own."""

    own_page = True

    index = ViewPageTemplateFile("flow_page.pt")
