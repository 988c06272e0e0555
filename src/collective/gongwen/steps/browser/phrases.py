"""常用意见 in Plone: where they are kept and the pages that edit them (the rules are
``steps/phrases.py``).

* a person's own: the member property ``gongwen_phrases`` (``memberdata_properties.xml``),
  edited on ``@@gongwen-my-phrases`` (site root);
* a unit's: its field ``common_opinions`` (``content/schemas/unit.xml``), edited by the
  unit's office on ``@@gongwen-unit-phrases`` (or by an administrator on the unit's form);
* ``@@gongwen-phrases`` on a document: the buttons beside the opinion box of the 办理
  panels (``opinion-box.js`` puts a clicked one into the box; hidden without the script).

Both edit pages take one phrase a line, bounded (``content.bounds.PHRASES``) with the
Chinese message, and keep what was typed when refused.
"""

from Acquisition import aq_base
from plone import api
from plone.protect.authenticator import check as check_authenticator
from Products.CMFCore.permissions import ManagePortal
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.i18n import translate

from collective.gongwen import _
from collective.gongwen.content.bounding import message
from collective.gongwen.content.bounding import text
from collective.gongwen.content.bounds import PHRASES
from collective.gongwen.content.containers import find_unit
from collective.gongwen.org.units import function_holders
from collective.gongwen.steps import phrases

MEMBER_PROPERTY = "gongwen_phrases"
UNIT_FIELD = "common_opinions"
MY_PHRASES_VIEW = "@@gongwen-my-phrases"
UNIT_PHRASES_VIEW = "@@gongwen-unit-phrases"
NOT_TEXT = _("error_phrases_not_text", default="常用意见须为文字，每行一条。")


def personal_phrases(user_id):
    """The phrases ``user_id`` keeps for themselves (a list)."""
    user = api.user.get(userid=user_id) if user_id else None
    if user is None:
        return []
    value = user.getProperty(MEMBER_PROPERTY, None) or ()
    return [line for line in value if isinstance(line, str)]


def save_personal(user_id, lines):
    """Keep ``lines`` (cleaned and bounded by the caller) as ``user_id``'s own phrases."""
    api.user.get(userid=user_id).setMemberProperties({MEMBER_PROPERTY: tuple(lines)})


def unit_phrases(unit):
    """The phrases ``unit`` keeps for its staff (a list); [] outside a unit."""
    if unit is None:
        return []
    value = getattr(aq_base(unit), UNIT_FIELD, None) or ()
    return [line for line in value if isinstance(line, str)]


def may_edit_unit(unit, user_id):
    """True when ``user_id`` may edit ``unit``'s phrases (its office, or an administrator)."""
    if unit is None or not user_id:
        return False
    keepers = [p for key in phrases.UNIT_PHRASE_KEEPERS for p in function_holders(unit, key)]
    is_admin = api.user.has_permission(ManagePortal, obj=unit)
    return phrases.may_edit_unit_phrases(user_id, keepers, is_admin)


def current_user_id():
    """The logged-in user's id; None for anonymous."""
    return None if api.user.is_anonymous() else api.user.get_current().getId()


class PhraseButtons(BrowserView):
    """``@@gongwen-phrases``: the 常用意见 buttons above a panel's opinion box."""

    template = ViewPageTemplateFile("phrases_buttons.pt")

    def __call__(self):
        user_id = current_user_id()
        if user_id is None:
            return ""
        unit = find_unit(self.context)
        self.phrases = [
            {"text": translate(phrase, context=self.request), "source": source}
            for phrase, source in phrases.offered(personal_phrases(user_id), unit_phrases(unit))
        ]
        portal_url = api.portal.get().absolute_url()
        self.my_url = f"{portal_url}/{MY_PHRASES_VIEW}"
        self.unit_url = (
            f"{unit.absolute_url()}/{UNIT_PHRASES_VIEW}" if may_edit_unit(unit, user_id) else ""
        )
        return self.template()


class PhrasesForm(BrowserView):
    """One phrase a line: shown, and on a POST (CSRF-checked) bounded and saved."""

    template = ViewPageTemplateFile("phrases.pt")

    def __call__(self):
        self.message = None
        self.error = False
        self.typed = None
        if self.may_edit() and self.request.method == "POST":
            check_authenticator(self.request)
            self.save_posted()
        if self.typed is None:
            self.typed = "\n".join(self.stored())
        return self.template()

    def save_posted(self):
        typed = self.request.form.get("phrases", "")
        if not isinstance(typed, str):  # a list or a file: not what the form sends
            self.message, self.error, self.typed = NOT_TEXT, True, ""
            return
        lines = phrases.clean(phrases.split_lines(typed))
        problem = phrases.phrases_problem(lines, text(self.label))
        if problem is not None:
            self.message, self.error = message(problem), True
            self.typed = typed
            return
        self.save(lines)
        self.message = _(
            "phrases_saved", default="已保存 ${count} 条常用意见。", mapping={"count": len(lines)}
        )

    def limits(self):
        return _(
            "help_phrases_limits",
            default="每行一条，最多 ${items} 条，每条不超过 ${chars} 字。",
            mapping={
                "items": PHRASES.max_items,
                "chars": PHRASES.item_max_chars,
            },
        )

    def came_from(self):
        """The page to go back to (a page of this portal), else ""."""
        url = self.request.form.get("came_from")
        if not isinstance(url, str) or not url:
            return ""
        portal_url = api.portal.get_tool("portal_url")
        return url if portal_url.isURLInPortal(url) else ""


class MyPhrases(PhrasesForm):
    """``@@gongwen-my-phrases``: the logged-in person's own 常用意见."""

    label = _("label_my_phrases", default="我的常用意见")
    heading = label

    def may_edit(self):
        return current_user_id() is not None

    def stored(self):
        return personal_phrases(current_user_id())

    def save(self, lines):
        save_personal(current_user_id(), lines)


class UnitPhrases(PhrasesForm):
    """``@@gongwen-unit-phrases`` on a unit: its 常用意见, edited by its office."""

    label = _("label_unit_phrases", default="单位常用意见")

    @property
    def heading(self):
        return _(
            "heading_unit_phrases",
            default="${unit}常用意见",
            mapping={"unit": self.context.Title()},
        )

    def may_edit(self):
        return may_edit_unit(self.context, current_user_id())

    def stored(self):
        return unit_phrases(self.context)

    def save(self, lines):
        self.context.common_opinions = list(lines)
        self.context.reindexObject(idxs=["modified"])
