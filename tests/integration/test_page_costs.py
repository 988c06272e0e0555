"""Issue 21: what every page, or a 发文's page, looks up — once, or not at all.

Each test names a lookup a page used to repeat and checks both that it is made once (or
not made) and that the page still shows what it showed.
"""

from AccessControl import getSecurityManager
from plone import api
from plone.app.i18n.locales.browser.selector import LanguageSelector
from zope.component import getUtility
from zope.i18n import translate
from zope.i18n.interfaces import INegotiator

from collective.gongwen import _
from collective.gongwen.content import searchable
from collective.gongwen.exchange.browser import receipts
from collective.gongwen.exchange.browser.receipts import RecipientsCheck
from collective.gongwen.portal.browser.languages import PortalLanguageSelector
from collective.gongwen.portal.negotiator import RememberingNegotiator
from collective.gongwen.portal.negotiator import choose
from collective.gongwen.steps import people
from collective.gongwen.steps import titles
from tests.support.calls import recorded
from tests.support.outgoing import draft_outgoing
from tests.support.views import render_as


def shown(languages):
    return [
        (each["code"], each["selected"], each.get("native") or each["name"]) for each in languages
    ]


def test_issue21_language_links_are_plones_without_every_known_language(portal):
    request = portal.REQUEST
    plones = LanguageSelector(portal, request, None, None)
    ours = PortalLanguageSelector(portal, request, None, None)
    plones.update()
    ours.update()
    assert shown(ours.languages()) == shown(plones.languages())
    assert [code for code, *_ in shown(ours.languages())] == ["zh-cn", "en"]
    page = ours.render()
    assert "set_language=zh-cn" in page and "set_language=en" in page and "English" in page


def looked_up(monkeypatch):
    """The user ids ``plone.api.user.get`` is asked for from now on."""
    asked = []
    original = api.user.get

    def counting(*args, **kwargs):
        asked.append(kwargs.get("userid") or kwargs.get("username"))
        return original(*args, **kwargs)

    monkeypatch.setattr(api.user, "get", counting)
    return asked


def test_issue21_the_logged_in_users_groups_without_looking_them_up(portal, monkeypatch):
    with api.env.adopt_user(username="cy_eng_head"):
        expected = ["cy_eng_head", *api.user.get(userid="cy_eng_head").getGroups()]
        asked = looked_up(monkeypatch)
        assert people.principals_of("cy_eng_head") == expected
        assert asked == []
        assert getSecurityManager().getUser().getId() == "cy_eng_head"
        # anyone else is looked up
        assert people.principals_of("cy_eng_staff")[0] == "cy_eng_staff"
        assert asked == ["cy_eng_staff"]


def test_issue21_a_name_is_looked_up_once_per_request_for_flow_and_audit(portal, monkeypatch):
    portal.REQUEST.other.pop(titles.NAMES_KEY, None)
    asked = recorded(monkeypatch, portal.acl_users, "getUserById", lambda user_id: user_id)
    assert titles.principal_name("cy_eng_head") == titles.user_full_name("cy_eng_head")
    assert titles.user_full_name("cy_eng_head") not in ("", "cy_eng_head")
    assert asked == ["cy_eng_head"]
    # a group has a name in the flow, none as an actor of the audit trail
    group = "changyuan-engineering-heads"
    assert titles.principal_name(group) != group and titles.user_full_name(group) == ""
    assert titles.principal_name("nobody-here") == "nobody-here"
    assert titles.user_full_name("nobody-here") == "" and titles.user_full_name("") == ""


def test_issue21_the_recipients_check_reads_the_address_book_once(portal, monkeypatch):
    document = draft_outgoing(
        portal, "downward", main_recipients=["工程管理科"], cc_recipients=["长垣县应急管理局"]
    )
    books = []
    original = receipts.address_book

    def counting(unit):
        books.append(unit)
        return original(unit)

    monkeypatch.setattr(receipts, "address_book", counting)
    document.REQUEST.other.pop(RecipientsCheck.shown_key, None)
    with api.env.adopt_user(username="cy_eng_staff"):
        page = document.restrictedTraverse("@@gongwen-recipients-check")()
    assert len(books) == 1
    assert "「长垣县应急管理局」" in page and "科室，由其部门收文员签收" in page


def test_issue21_a_documents_text_is_its_own_fields_not_acquired_ones(portal):
    document = draft_outgoing(portal, "downward", main_recipients=["工程管理科"])
    folder = document.aq_parent
    folder.source_organ = "不该出现的机关"  # a 收文 field the 发文 has not, on a folder above
    try:
        texts = searchable.field_texts(document)
    finally:
        del folder.source_organ
    assert "工程管理科" in texts and "不该出现的机关" not in " ".join(texts)


def test_issue21_translations_choose_their_language_once(portal):
    assert isinstance(getUtility(INegotiator), RememberingNegotiator)
    choose.cache_clear()
    message = _("label_todo", default="我的待办")
    request = portal.REQUEST
    texts = {translate(message, context=request) for _time in range(50)}
    assert len(texts) == 1 and choose.cache_info().misses == 1


def test_issue21_the_personal_bar_names_the_logged_in_user_without_looking_them_up(
    portal, monkeypatch
):
    membership = api.portal.get_tool("portal_membership")
    with api.env.adopt_user(username="cy_eng_staff"):
        name = api.user.get(userid="cy_eng_staff").getProperty("fullname")
        asked = recorded(monkeypatch, portal.acl_users, "getUserById", lambda user_id: user_id)
        assert membership.getMemberInfo("cy_eng_staff")["fullname"] == name
        _view, page = render_as(portal, "gongwen-front-page", "cy_eng_staff")
        assert asked == []
        menu_link = page.split('id="personaltools-menulink"')[1].split("</a>")[0]
        assert name and name in menu_link
        # anyone else is looked up
        assert membership.getMemberInfo("cy_eng_head")["fullname"] not in ("", name)
        assert set(asked) == {"cy_eng_head"}
