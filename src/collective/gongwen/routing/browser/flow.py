"""流程跟踪 of a 发文 (R-O12): its path as ``steps.flowchart`` nodes (``IFlowNodes``).

The path is ``rules.path`` for its 行文方向 (上行文 through 主管局领导审阅 and 局长签发,
下行/平行文 through 主管局领导签发), with 领导会签 after the step that asked for it (R-O7),
and 已归档 or 已作废 when it got there. Each step shows the moves made there in the current
round; an earlier round (退回, R-O3) is one node with its 退回. The current step shows its
holders, whether they opened it (R-O11) and its deadline; the steps ahead who will hold
them (``rules.candidates``; 「未设置」 when nobody holds the function).
"""

from Acquisition import aq_base
from plone import api
from zope.component import adapter
from zope.i18n import translate
from zope.interface import implementer

from collective.gongwen import _
from collective.gongwen.interfaces import IGongwenOutgoing
from collective.gongwen.org.review import NoDepartmentHeadError
from collective.gongwen.org.review import dept_reviewers
from collective.gongwen.routing import rules
from collective.gongwen.routing.people import step_people
from collective.gongwen.steps import flowchart
from collective.gongwen.steps import titles
from collective.gongwen.steps.browser.flow import IFlowNodes
from collective.gongwen.steps.browser.flow import current_node
from collective.gongwen.steps.browser.flow import flow_record
from collective.gongwen.steps.browser.flow import names
from collective.gongwen.steps.opinions import current_round
from collective.gongwen.steps.opinions import opinions


def countersign_asked_at(records):
    """R-O7: the step 领导会签 was asked from in ``records`` (one round's), unless the request
    was taken back (撤回, R-O11); else None."""
    asked = None
    for record in records:
        if record.action == rules.REQUEST_COUNTERSIGN:
            asked = record.step
        elif record.action == rules.RETRACT and record.step == rules.COUNTERSIGN:
            asked = None
    return asked


def outgoing_path(document, step, records):
    """The steps of ``document`` now in ``step``, with ``records`` of the current round."""
    direction = getattr(aq_base(document), "direction", None)
    asked = countersign_asked_at(records)
    if asked is None and step == rules.COUNTERSIGN:
        asked = rules.OFFICE_REVIEW
    steps = rules.path(direction, asked)
    if step == rules.ARCHIVED:
        return (*steps, rules.ARCHIVED)
    if step == rules.VOIDED:
        return (rules.DRAFT, rules.VOIDED)
    return steps


@implementer(IFlowNodes)
@adapter(IGongwenOutgoing)
class OutgoingFlow:
    """The 发文's path."""

    def __init__(self, context):
        self.context = context
        self._people = None

    def people(self):
        """The document's ``StepPeople``, looked up once for all the steps ahead (its unit,
        department, function groups and their members)."""
        if self._people is None:
            self._people = step_people(self.context)
        return self._people

    def expected(self, step, request):
        """Who will hold ``step`` (names), 「未设置」 when nobody holds its function."""
        try:
            found = rules.candidates(step, self.people(), dept_reviewers)
        except (rules.StepError, NoDepartmentHeadError):
            return (translate(_("flow_nobody", default="未设置"), context=request),)
        return names(found)

    def nodes(self, request):
        document = self.context
        portal_type = document.portal_type
        step = api.content.get_state(obj=document)
        round_ = current_round(document)
        records = opinions(document)
        this_round = [r for r in records if r.round == round_]
        found = []
        for number in range(1, round_):
            returned = [r for r in records if r.round == number and r.action == rules.RETURN]
            found.append(
                flowchart.FlowNode(
                    f"round-{number}",
                    translate(
                        _(
                            "flow_earlier_round",
                            default="第${n}轮（已退回）",
                            mapping={"n": number},
                        ),
                        context=request,
                    ),
                    flowchart.PASSED,
                    records=tuple(flow_record(r, request, portal_type) for r in returned),
                )
            )
        steps = outgoing_path(document, step, this_round)
        current_index = steps.index(step) if step in steps else None
        for index, each in enumerate(steps):
            title = titles.step_title(each, request, portal_type)
            moves = tuple(
                flow_record(r, request, portal_type) for r in this_round if r.step == each
            )
            status = flowchart.node_status(index, current_index)
            if status == flowchart.CURRENT:
                found.append(current_node(each, title, document, request, moves))
            elif status == flowchart.AHEAD:
                people = self.expected(each, request)
                found.append(flowchart.FlowNode(each, title, status, people, moves))
            else:
                found.append(flowchart.FlowNode(each, title, status, records=moves))
        return found
