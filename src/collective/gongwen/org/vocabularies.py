"""Vocabularies of the organisation forms: the portal's units, a unit's leaders, its users,
the unit functions (档案设置's 销毁审批职能); of the address book: the organs' exchange
methods; of 收文: the leaders who may be asked to read (阅批领导, R-D7)."""

from Acquisition import aq_base
from plone import api
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary

from collective.gongwen import _
from collective.gongwen.content.unit import IGongwenUnit
from collective.gongwen.org import addressbook_rules
from collective.gongwen.org.functions import UNIT_FUNCTIONS
from collective.gongwen.org.units import all_units
from collective.gongwen.org.units import find_unit
from collective.gongwen.org.units import function_holders
from collective.gongwen.org.units import reading_leaders


def user_title(user_id):
    """A person as shown in lists: '刘芳 (cy_office_head)'; the id alone for an unknown user."""
    user = api.user.get(userid=user_id)
    fullname = user.getProperty("fullname") if user is not None else ""
    return f"{fullname} ({user_id})" if fullname else user_id


@provider(IVocabularyFactory)
def units_vocabulary(context):
    """The portal's units by UID, except the unit being edited (not its own superior)."""
    own = context.UID() if IGongwenUnit.providedBy(context) else None
    terms = [
        SimpleTerm(unit.UID(), unit.UID(), unit.Title())
        for unit in all_units()
        if unit.UID() != own
    ]
    return SimpleVocabulary(terms)


@provider(IVocabularyFactory)
def unit_leaders_vocabulary(context):
    """The leaders (局领导) of the unit around ``context``, by user id."""
    unit = find_unit(context)
    ids = function_holders(unit, "leaders") if unit is not None else []
    # A leader who left the group stays selectable where already chosen, so
    # editing an old department does not fail on its stored value.
    current = getattr(context, "supervising_leader", None)
    if current and current not in ids:
        ids = [*ids, current]
    return SimpleVocabulary([SimpleTerm(uid, uid, user_title(uid)) for uid in ids])


@provider(IVocabularyFactory)
def reading_leaders_vocabulary(context):
    """阅批领导: the director and leaders of the unit around ``context`` (by user id).

    Only the people the step can take (R-D7); one already chosen on the
    document stays selectable (a leader who has since left the group).
    """
    unit = find_unit(context)
    ids = reading_leaders(unit) if unit is not None else []
    stored = getattr(aq_base(context), "reading_leaders", None) or ()
    ids = [*ids, *(uid for uid in stored if isinstance(uid, str) and uid and uid not in ids)]
    return SimpleVocabulary([SimpleTerm(uid, uid, user_title(uid)) for uid in ids])


# The titles of ``addressbook_rules.EXCHANGE_METHODS`` as messages (literal msgids for i18ndude).
EXCHANGE_METHOD_TITLES = {
    "package": _("exchange_method_package", default="交换包"),
    "paper": _("exchange_method_paper", default="纸质件"),
    "other": _("exchange_method_other", default="其他方式"),
}


@provider(IVocabularyFactory)
def exchange_methods_vocabulary(context):
    """How an external organ is reached (交换方式): 交换包, 纸质件, 其他方式."""
    return SimpleVocabulary(
        [
            SimpleTerm(key, key, EXCHANGE_METHOD_TITLES.get(key, title))
            for key, title in addressbook_rules.EXCHANGE_METHODS
        ]
    )


@provider(IVocabularyFactory)
def unit_functions_vocabulary(context):
    """The unit functions (``functions.UNIT_FUNCTIONS``) by key, titled in Chinese."""
    return SimpleVocabulary([SimpleTerm(f.key, f.key, f.title) for f in UNIT_FUNCTIONS])
