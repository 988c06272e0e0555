"""流程跟踪 of a 收文 (R-I3, R-O12): its path as ``steps.flowchart`` nodes (``IFlowNodes``).

秘书登记 → 办公室主任拟办 → 秘书送阅 → one node per reading leader, in order (those who
read, the one reading now, those still to read: R-I3) → 秘书分送 → 部门办理 (each
department with the stage of its part, R-I4) → 秘书办结 → 结束 (→ 已归档); a voided 收文
ends in 已作废 where it stopped. Each step shows the moves made there.
"""

from plone import api
from zope.component import adapter
from zope.i18n import translate
from zope.interface import implementer

from collective.gongwen import _
from collective.gongwen.incoming import rules
from collective.gongwen.incoming.browser.display import part_title
from collective.gongwen.incoming.people import department_by_uid
from collective.gongwen.incoming.people import incoming_people
from collective.gongwen.incoming.plan import stored
from collective.gongwen.interfaces import IGongwenIncoming
from collective.gongwen.steps import flowchart
from collective.gongwen.steps import titles
from collective.gongwen.steps.browser.flow import IFlowNodes
from collective.gongwen.steps.browser.flow import current_node
from collective.gongwen.steps.browser.flow import flow_record
from collective.gongwen.steps.browser.flow import names
from collective.gongwen.steps.opinions import opinions

READER = "reader:"  # the key of a reading leader's node: READER + user id
PATH = (
    rules.REGISTERED,
    rules.PROPOSING,
    rules.ROUTING,
    rules.LEADER_READING,
    rules.DISPATCHING,
    rules.HANDLING,
    rules.CLOSING,
    rules.DONE,
)


def readers(document, step):
    """R-I3: the reading leaders in order — who read, then who is still to read (as the 拟办
    named them until 送领导阅批)."""
    read = tuple(stored(document, "read_by"))
    if step == rules.LEADER_READING or read:
        pending = stored(document, "pending_readers") if step == rules.LEADER_READING else ()
        return read + tuple(p for p in pending if p not in read)
    return tuple(stored(document, "reading_leaders", None) or ())


def reader_of(record):
    """The leader a 阅批-step record is about: the one who read, or was skipped/inserted."""
    if record.action == rules.READ:
        return record.signer_id
    return record.subject


@implementer(IFlowNodes)
@adapter(IGongwenIncoming)
class IncomingFlow:
    """The 收文's path."""

    def __init__(self, context):
        self.context = context
        self._people = None

    def people(self):
        """The 收文's ``IncomingPeople``, looked up once for all its steps (its unit's function
        groups and their members)."""
        if self._people is None:
            self._people = incoming_people(self.context)
        return self._people

    def subject_name(self, subject):
        department = department_by_uid(self.context, subject)
        return department.Title() if department is not None else titles.principal_name(subject)

    def keys(self, step):
        """The nodes' keys in order, and the key of the current one (None when none is)."""
        document = self.context
        leaders = readers(document, step)
        keys = []
        for each in PATH:
            if each == rules.LEADER_READING:
                keys += [READER + leader for leader in leaders] or [each]
            else:
                keys.append(each)
        if step == rules.ARCHIVED:
            keys.append(rules.ARCHIVED)
        current = step
        if step == rules.LEADER_READING:
            pending = stored(document, "pending_readers")
            current = READER + pending[0] if pending else step
        if step == rules.VOIDED:
            last = self.last_step()
            keys = keys[: keys.index(last) + 1] if last in keys else keys[:1]
            keys.append(rules.VOIDED)
        return keys, current

    def last_step(self):
        """The step a voided 收文 was voided at (its 作废 record's)."""
        for record in reversed(opinions(self.context)):
            if record.action == rules.VOID:
                return record.step
        return rules.REGISTERED

    def nodes(self, request):
        document = self.context
        portal_type = document.portal_type
        step = api.content.get_state(obj=document)
        keys, current = self.keys(step)
        current_index = keys.index(current) if current in keys else None
        records = opinions(document)
        found = []
        for index, key in enumerate(keys):
            status = flowchart.node_status(index, current_index)
            if key.startswith(READER):
                leader = key[len(READER) :]
                name = titles.principal_name(leader)
                title = translate(
                    _("flow_reading_leader", default="领导阅批：${name}", mapping={"name": name}),
                    context=request,
                )
                mine = [
                    r for r in records if r.step == rules.LEADER_READING and reader_of(r) == leader
                ]
                people = (name,)
            else:
                title = titles.step_title(key, request, portal_type)
                mine = [
                    r
                    for r in records
                    if r.step == key and not (key == rules.LEADER_READING and reader_of(r))
                ]
                people = self.part_lines(request) if key == rules.HANDLING else self.expected(key)
            moves = tuple(flow_record(r, request, portal_type, self.subject_name) for r in mine)
            if status == flowchart.CURRENT:
                node = current_node(key, title, document, request, moves)
                if key == rules.HANDLING:
                    node = flowchart.FlowNode(
                        key, title, status, people, moves, node.opened, node.deadline, node.overdue
                    )
                found.append(node)
            else:
                shown = people if status == flowchart.AHEAD or key == rules.HANDLING else ()
                found.append(flowchart.FlowNode(key, title, status, shown, moves))
        return found

    def expected(self, step):
        """Who holds ``step`` when it comes (the secretaries' mailbox, the office heads …)."""
        if step in (rules.LEADER_READING, rules.ARCHIVED, rules.VOIDED):
            return ()
        try:
            return names(rules.step_holders(step, self.people()))
        except rules.StepError:
            return ()

    def part_lines(self, request):
        """R-I4: each handling department with its part's stage: 「工程管理科（待批办）」."""
        parts = stored(self.context, "handling_parts", {})
        if parts:
            return tuple(
                f"{self.subject_name(uid)}（{part_title(stage, request)}）"
                for uid, stage in parts.items()
            )
        return tuple(
            self.subject_name(uid)
            for uid in stored(self.context, "handling_departments", None) or ()
        )
