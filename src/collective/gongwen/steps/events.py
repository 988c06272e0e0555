"""The named events of the steps: fired by the step machinery and the flows' after-transition
subscribers; subscribed to by notify, typeset, the catalog (and the audit trail)."""

from zope.interface import Attribute
from zope.interface import implementer
from zope.interface.interfaces import IObjectEvent
from zope.interface.interfaces import ObjectEvent


class IToDoAssigned(IObjectEvent):
    """``principals`` (user or group ids) now have ``object`` in their 我的待办."""

    principals = Attribute("The user and group ids newly assigned to the current step")


@implementer(IToDoAssigned)
class ToDoAssigned(ObjectEvent):
    def __init__(self, document, principals):
        super().__init__(document)
        self.principals = tuple(principals)


class IOpinionRecorded(IObjectEvent):
    """An opinion record was appended to ``object`` (``steps.opinions.append_opinion``)."""

    record = Attribute("The new ``steps.opinions.Opinion`` (step, action, actor, 代录, text, time)")
    transition = Attribute("The workflow transition it records, or None (e.g. 已阅, outside one)")


@implementer(IOpinionRecorded)
class OpinionRecorded(ObjectEvent):
    def __init__(self, document, record, transition=None):
        super().__init__(document)
        self.record = record
        self.transition = transition


class IStepTransitioned(IObjectEvent):
    """A 发文 or 收文 transition was taken and its bookkeeping done (holders, opinion record).

    Fired once per transition, on every path (办理 panel, REST ``@workflow``,
    code), by the flow's after-transition subscriber, after everything it
    records: subscribers (typesetting, mail, the audit trail) see the final state.
    """

    transition = Attribute("The transition id, e.g. 'sign' or 'close'")
    action = Attribute("The action recorded for it (``Opinion.action``)")
    actor = Attribute("The user id who took it (who typed it, for 代录)")
    on_behalf_of = Attribute("Whom it was entered for (代录, R-O9), or None")
    opinion = Attribute("The opinion record the transition left (``steps.opinions.Opinion``)")
    old_state = Attribute("The state id it left")
    new_state = Attribute("The state id it reached")


@implementer(IStepTransitioned)
class StepTransitioned(ObjectEvent):
    def __init__(self, document, transition, opinion, old_state, new_state):
        super().__init__(document)
        self.transition = transition
        self.opinion = opinion
        self.action = opinion.action
        self.actor = opinion.actor
        self.on_behalf_of = opinion.on_behalf_of
        self.old_state = old_state
        self.new_state = new_state


class IStepReminded(IObjectEvent):
    """The current step of ``object`` was reminded (催办, R-I5, R-O12) by ``actor``."""

    record = Attribute("The 催办 record: time, actor, step, holders, deadline, note")
    actor = Attribute("The user id who reminded")
    holders = Attribute("The principal ids (users or groups) holding the step")


@implementer(IStepReminded)
class StepReminded(ObjectEvent):
    def __init__(self, document, record):
        super().__init__(document)
        self.record = record
        self.actor = record["actor"]
        self.holders = tuple(record["holders"])
