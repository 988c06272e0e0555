"""R-P1, R-P2: the front page of the site and of a unit, and publishing notices and news.

The front page shows 通知公告, 收文, 工作动态 and the user's 待办/待阅; authors
submit 通知公告 and 工作动态, the unit's 编辑 publish them (第五条).
"""

import datetime

import pytest
from DateTime import DateTime
from plone import api
from plone.api.exc import InvalidParameterError
from plone.app.testing import logout

from collective.gongwen.org.settings import IGongwenSettings
from tests.support.incoming import in_handling


def publish(obj):
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(obj=obj, to_state="published")


def news_of(department, title):
    with api.env.adopt_roles(["Manager"]):
        item = api.content.create(container=department, type="gongwen_news", title=title)
    publish(item)
    return item


def front(context, user=None):
    if user is None:
        return context.restrictedTraverse("@@gongwen-front-page")()
    with api.env.adopt_user(username=user):
        return context.restrictedTraverse("@@gongwen-front-page")()


def test_r_p1_the_site_shows_the_front_page_with_its_three_columns(portal):
    assert portal.getLayout() == "gongwen-front-page"
    html = portal()
    for heading in ("通知公告", "收文", "工作动态"):
        assert heading in html
    for department in ("工程管理科", "防汛办公室", "水政水资源科"):
        assert department in html


def test_r_p1_published_notices_and_news_newest_first_drafts_never(portal):
    with api.env.adopt_roles(["Manager"]):
        older = api.content.create(
            container=portal, type="gongwen_notice", title="关于国庆节放假的通知"
        )
        newer = api.content.create(
            container=portal, type="gongwen_notice", title="关于开展安全检查的通知"
        )
        draft = api.content.create(container=portal, type="gongwen_notice", title="尚未发布的通知")
    publish(older)
    older.setEffectiveDate(older.effective() - 2)
    older.reindexObject()
    publish(newer)
    news_of(portal["changyuan"]["engineering"], "工程管理科完成汛前检查")
    html = front(portal, "cy_eng_staff")
    assert html.index(newer.Title()) < html.index(older.Title())
    assert draft.Title() not in html
    assert "工程管理科完成汛前检查" in html


def test_r_p1_logged_in_user_sees_counts_first_items_and_overdue(portal):
    document = in_handling(portal, departments=("engineering",), title="关于报送防汛物资清单的通知")
    document.step_deadline = datetime.date.today() - datetime.timedelta(days=2)
    document.reindexObject()
    html = front(portal, "cy_eng_receiver")
    assert "我的待办" in html and "我的待阅" in html
    assert "关于报送防汛物资清单的通知" in html
    assert "gongwen-overdue" in html and "超期" in html


def test_r_p1_a_units_front_page_shows_its_own_departments_only(portal):
    html = front(portal["changyuan"], "cy_eng_staff")
    assert "工程管理科" in html and "水政水资源科" not in html
    assert portal["changyuan"].getLayout() == "gongwen-front-page"


def anonymous_front(context):
    logout()
    return context.restrictedTraverse("@@gongwen-front-page")()


def test_r_p1_anonymous_visitors_are_asked_to_log_in_and_see_no_document(portal):
    html = anonymous_front(portal)
    assert "gongwen-front-login" in html
    assert "关于元旦期间值班安排的通知" not in html  # a demo notice, for staff only
    assert "gongwen-front-personal" not in html


def test_r_p1_a_units_front_page_lists_its_own_notices(portal):
    html = front(portal["changyuan"], "cy_eng_staff")
    assert "关于元旦期间值班安排的通知" in html
    assert "关于做好2026年冬春季防凌工作的通知" not in html  # 新乡河务局's
    assert "关于做好2026年冬春季防凌工作的通知" in front(portal, "cy_eng_staff")


def test_r_p2_the_demo_units_have_editors(portal):
    assert "GongwenEditor" in api.user.get_roles(
        username="cy_office_deputy", obj=portal["changyuan"]
    )
    assert "GongwenEditor" not in api.user.get_roles(
        username="cy_eng_staff", obj=portal["changyuan"]
    )


def test_r_p2_an_author_submits_and_the_units_editor_publishes(portal):
    department = portal["changyuan"]["engineering"]
    with api.env.adopt_user(username="cy_eng_staff"):
        item = api.content.create(
            container=department, type="gongwen_news", title="工程管理科完成冬修"
        )
        api.content.transition(obj=item, transition="submit")
    assert api.content.get_state(obj=item) == "pending"
    with api.env.adopt_user(username="cy_fin_staff"):
        assert not api.user.has_permission("View", obj=item)
    # The author cannot publish it (第五条: the editors do).
    with api.env.adopt_user(username="cy_eng_staff"), pytest.raises(InvalidParameterError):
        api.content.transition(obj=item, transition="publish")
    with api.env.adopt_user(username="cy_office_deputy"):
        assert api.user.has_permission("View", obj=item)
        api.content.transition(obj=item, transition="publish")
    assert api.content.get_state(obj=item) == "published"
    with api.env.adopt_user(username="cy_fin_staff"):
        assert api.user.has_permission("View", obj=item)
    assert "工程管理科完成冬修" in front(portal, "cy_fin_staff")
    logout()
    assert not api.user.has_permission("View", obj=item)


def test_r_p2_an_editor_sends_back_and_retracts(portal):
    with api.env.adopt_user(username="cy_secretary1"):
        notice = api.content.create(
            container=portal["changyuan"], type="gongwen_notice", title="关于调整作息时间的通知"
        )
        api.content.transition(obj=notice, transition="submit")
    with api.env.adopt_user(username="cy_office_deputy"):
        api.content.transition(obj=notice, transition="reject", comment="请补充执行日期。")
    assert api.content.get_state(obj=notice) == "draft"
    with api.env.adopt_user(username="cy_secretary1"):
        api.content.transition(obj=notice, transition="submit")
    with api.env.adopt_user(username="cy_office_deputy"):
        api.content.transition(obj=notice, transition="publish")
        assert "关于调整作息时间的通知" in front(portal["changyuan"], "cy_office_deputy")
        api.content.transition(obj=notice, transition="retract")
    assert "关于调整作息时间的通知" not in front(portal["changyuan"], "cy_eng_staff")


def test_r_p2_stale_news_is_flagged_to_the_office_only(portal):
    # Demo: 办公室 never published, 财务科 45 days ago, the others within 30 days.
    html = front(portal["changyuan"], "cy_secretary1")
    assert "gongwen-front-stale" in html
    stale = html[html.index("gongwen-front-stale") :]
    stale = stale[: stale.index("</section>")]
    assert "办公室" in stale and "从未发布" in stale
    assert "财务科" in stale and "45 天前" in stale
    assert "工程管理科" not in stale
    assert "gongwen-front-stale" not in front(portal["changyuan"], "cy_eng_staff")


def test_r_p2_the_stale_limit_is_a_setting(portal):
    api.portal.set_registry_record("news_stale_days", 60, interface=IGongwenSettings)
    stale = front(portal["changyuan"], "cy_office_head")
    stale = stale[stale.index("gongwen-front-stale") :]
    assert "财务科" not in stale[: stale.index("</section>")]


def test_r_p2_the_editor_finds_what_awaits_publication_on_the_front_page(portal):
    with api.env.adopt_user(username="cy_flood_staff"):
        item = api.content.create(
            container=portal["changyuan"]["flood"], type="gongwen_news", title="防汛办公室检修泵站"
        )
        api.content.transition(obj=item, transition="submit")
    assert "gongwen-front-pending" in front(portal["changyuan"], "cy_office_deputy")
    assert "防汛办公室检修泵站" not in front(portal["changyuan"], "cy_eng_staff")
    with api.env.adopt_user(username="cy_office_deputy"):
        api.content.transition(obj=item, transition="publish")
    assert "gongwen-front-pending" not in front(portal["changyuan"], "cy_office_deputy")


def test_r_p1_the_front_page_shows_what_is_in_effect_to_everyone(portal):
    """Published 通知公告 and 工作动态 show from their publication date on, also to an
    administrator (who may see the rest in the folders); an item submitted for publication
    is on its editor's list whatever its dates."""
    with api.env.adopt_roles(["Manager"]):
        later = api.content.create(
            container=portal, type="gongwen_notice", title="下周起执行的值班安排通知"
        )
    publish(later)
    later.setEffectiveDate(DateTime() + 2)
    later.reindexObject()
    news = news_of(portal["changyuan"]["engineering"], "工程管理科明日开展堤防巡查")
    news.setEffectiveDate(DateTime() + 1)
    news.reindexObject()
    for user in ("cy_eng_staff", "admin"):
        html = front(portal, user)
        assert "下周起执行的值班安排通知" not in html
        assert "工程管理科明日开展堤防巡查" not in html
    with api.env.adopt_user(username="cy_flood_staff"):
        pending = api.content.create(
            container=portal["changyuan"]["flood"], type="gongwen_news", title="防汛办公室下月演练"
        )
        pending.setEffectiveDate(DateTime() + 30)
        api.content.transition(obj=pending, transition="submit")
    assert "防汛办公室下月演练" in front(portal["changyuan"], "cy_office_deputy")
    later.setEffectiveDate(DateTime() - 1)
    later.reindexObject()
    assert "下周起执行的值班安排通知" in front(portal, "cy_eng_staff")


def test_upgrade_1006_front_page_editors_and_publication_workflow(portal):
    from collective.gongwen.setuphandlers.upgrades import portal as upgrade

    unit = portal["changyuan"]
    notice = unit["notice-1"]  # a demo notice, published
    # as before the upgrade: Plone's listing, simple_publication_workflow's history, no editors
    portal.setLayout("listing_view")
    unit.setLayout("listing_view")
    unit["incoming"].setLayout("listing_view")
    notice.workflow_history = {
        "simple_publication_workflow": notice.workflow_history.pop("gongwen_publication_workflow")
    }
    api.group.delete(groupname="changyuan-editors")
    with api.env.adopt_roles(["Manager"]):
        upgrade(None)
    assert portal.getLayout() == unit.getLayout() == "gongwen-front-page"
    assert unit["incoming"].getLayout() == "gongwen-listing"
    assert api.content.get_state(obj=notice) == "published"
    assert api.group.get(groupname="changyuan-editors") is not None
    with api.env.adopt_user(username="cy_fin_staff"):
        assert api.user.has_permission("View", obj=notice)
    # e-mail preferences (SPEC §15) exist for existing members
    member = api.user.get(username="cy_fin_staff")
    assert member.getProperty("gongwen_mail_todo") is True


def test_our_work_pages_have_no_author_byline(portal):
    # 「由 admin — 上次修改时间」 would describe the site, not 我的待办 or a listing
    with api.env.adopt_user(username="cy_secretary1"):
        todo = portal.restrictedTraverse("@@gongwen-todo")()
        listing = portal["changyuan"]["incoming"].restrictedTraverse("@@gongwen-listing")()
        front_page = portal["changyuan"].restrictedTraverse("@@gongwen-front-page")()
    for html in (todo, listing, front_page):
        assert "section-byline" not in html
    with api.env.adopt_user(username="cy_secretary1"):
        notice = portal["changyuan"]["notice-1"]()
    # a notice keeps its own: who published it and when (issue 19: no 「作者：admin」)
    assert 'id="section-byline"' in notice and " 发布于 " in notice
