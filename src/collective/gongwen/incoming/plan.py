"""What a 收文 transition changes besides the state, worked out before it happens.

``plan`` is called twice for the same transition: before it (to refuse a
transition whose bookkeeping would be wrong — not the leader's turn, a part
not yet 批办 — while nothing has changed yet) and after it (to apply the
result). It reads the document and the organisation and returns a ``Plan``;
it never writes. 作废 (R-O13) is planned here too: refused unless
``routing.keeping.void_refused`` allows it, nobody holds it after.
"""

from dataclasses import dataclass
from dataclasses import field

from Acquisition import aq_base
from plone import api

from collective.gongwen.incoming import rules
from collective.gongwen.incoming.people import circulation_candidates
from collective.gongwen.incoming.people import department_candidates
from collective.gongwen.incoming.people import incoming_people
from collective.gongwen.incoming.people import part_holders
from collective.gongwen.incoming.people import reading_candidates
from collective.gongwen.steps.keeping import void_refused
from collective.gongwen.steps.people import principals_of


@dataclass
class Plan:
    """The document's reading and handling bookkeeping after a transition.

    ``holders`` None keeps the current assignees; ``subject`` is whom or what
    the action concerned (an inserted or skipped leader, a department UID).
    """

    pending_readers: tuple
    read_by: tuple
    parts: dict = field(default_factory=dict)
    holders: tuple | None = None
    subject: str | None = None
    finished_parts: tuple = ()
    leaders: tuple | None = None
    departments: tuple | None = None
    circulate: tuple | None = None


def stored(document, name, default=()):
    """A bookkeeping attribute of ``document`` (never the acquired one)."""
    value = getattr(aq_base(document), name, None)
    return default if value is None else value


def held_part(document, actor, parts, action):
    """The department UID whose part ``actor`` holds for ``action``; the first one if several."""
    principals = set(principals_of(actor))
    refusal = None
    for department, stage in parts.items():
        if stage == rules.PART_DONE:
            continue
        if principals & set(part_holders(document, department, stage)):
            try:
                rules.part_after(parts, department, action)
            except rules.StepError as error:
                refusal = refusal or error  # e.g. 办毕 before the head's 批办
                continue
            return department
    raise refusal or rules.NotAssigneeError()


def handling_holders(document, parts):
    """The assignees of 部门办理: the holders of every open part, in order."""
    found = []
    for department, stage in parts.items():
        found += [p for p in part_holders(document, department, stage) if p not in found]
    return tuple(found)


def plan(document, transition, new_step, actor, kwargs):
    """The ``Plan`` of ``transition`` (to ``new_step``) by ``actor`` with ``kwargs``.

    Raises a ``rules.StepError`` when the transition cannot be done now.
    ``kwargs`` may carry ``leaders``/``departments`` (拟办), ``leader`` and
    ``position`` (insert/skip a reader), ``department`` (a handling part)
    and ``assignees`` (the chosen 拟办 office head).
    """
    action = rules.action_of_transition(transition)
    result = Plan(
        pending_readers=tuple(stored(document, "pending_readers")),
        read_by=tuple(stored(document, "read_by")),
        parts=dict(stored(document, "handling_parts", {})),
    )
    people = incoming_people(document)
    if transition == "send_to_propose":
        chosen = kwargs.get("assignees")
        heads = rules.step_holders(rules.PROPOSING, people)
        if chosen and not set(chosen) <= set(heads):
            raise rules.NotAssigneeError()
        result.holders = tuple(chosen) if chosen else heads
    elif transition == "propose":
        result.leaders, result.departments = rules.checked_proposal(
            kwargs.get("leaders") or stored(document, "reading_leaders", None),
            kwargs.get("departments") or stored(document, "handling_departments", None),
            reading_candidates(document),
            department_candidates(document),
        )
        result.circulate = rules.checked_circulation(
            kwargs.get("circulate") or (), circulation_candidates(document)
        )
    elif transition == "send_to_leaders":
        result.pending_readers = tuple(stored(document, "reading_leaders", None) or ())
        result.read_by = ()
        result.holders = result.pending_readers[:1]
    elif action == rules.READ:
        result.pending_readers = rules.reader_after_read(result.pending_readers, actor)
        result.read_by += (actor,)
    elif action == rules.INSERT_READER:
        leader = kwargs.get("leader")
        result.pending_readers = rules.readers_after_insert(
            result.pending_readers, leader, result.read_by, kwargs.get("position")
        )
        result.subject = leader
    elif action == rules.SKIP_READER:
        leader = kwargs.get("leader")
        result.pending_readers = rules.readers_after_skip(result.pending_readers, leader)
        result.subject = leader
    elif transition == "dispatch":
        departments = tuple(stored(document, "handling_departments", None) or ())
        result.parts = rules.new_parts(departments)
    elif action in (rules.ASK_INSTRUCTION, rules.INSTRUCT, rules.FINISH_PART):
        department = kwargs.get("department") or held_part(document, actor, result.parts, action)
        stage = result.parts.get(department)
        if stage is None or not set(principals_of(actor)) & set(
            part_holders(document, department, stage)
        ):
            raise rules.NotAssigneeError()
        result.parts = rules.part_after(result.parts, department, action)
        result.subject = department
        if action == rules.FINISH_PART:
            result.finished_parts = (department,)
    elif transition == "void":
        # R-O13: by a secretary, at 登记/送阅 (checked before; after it, it is voided)
        if api.content.get_state(obj=document) != new_step:
            refused = void_refused(document, actor)
            if refused is not None:
                raise refused
        result.holders = ()
        result.subject = stored(document, "receipt_number", None)  # the number voided with it
    if new_step == rules.LEADER_READING:
        result.holders = result.pending_readers[:1]
    elif new_step == rules.HANDLING:
        result.holders = handling_holders(document, result.parts)
    elif result.holders is None and transition not in ("publish",):
        result.holders = rules.step_holders(new_step, people)
    return result
