"""R-S1 on the Plone layer: ``@@gongwen-search`` — facets counted over what the user may see,
numbers however typed, bounded parameters (400 with a Chinese message), saved searches, CSV.

Demo organisation: cy_secretary1 registers 收文 in 长垣河务局, cy_eng_staff drafts 发文.
"""

import pytest
from plone import api
from zope.interface import alsoProvides

from collective.gongwen.interfaces import IGongwenLayer
from collective.gongwen.search import facets
from collective.gongwen.search import query
from collective.gongwen.search import results
from collective.gongwen.search import saved
from tests.support.incoming import register_incoming
from tests.support.outgoing import draft_outgoing
from tests.support.views import post_as
from tests.support.views import render_as


@pytest.fixture(autouse=True)
def layer(portal):
    alsoProvides(portal.REQUEST, IGongwenLayer)
    portal.REQUEST.response.setStatus(200)


def search_as(context, user, **form):
    view, html = render_as(context, "gongwen-search", user, **form)
    return view, html


def titles(view):
    return sorted(row["title"] for row in view.rows)


def test_r_s1_facet_counts_are_the_results_per_value(portal):
    organ = "检索测试甲局"
    register_incoming(portal, title="关于防汛物资的通知", urgency="urgent", source_organ=organ)
    register_incoming(portal, title="关于堤防巡查的请示", doc_kind="request", source_organ=organ)
    register_incoming(portal, title="关于汛期值班的通知", urgency="very_urgent", source_organ=organ)
    view, _html = search_as(portal, "cy_secretary1", organ=organ)
    assert view.found.total == 3
    facets = {facet["name"]: facet for facet in view.facet_list}
    kinds = {value["title"]: value["count"] for value in facets["kind"]["options"]}
    assert kinds == {"通知": 2, "请示": 1}
    urgencies = {value["title"]: value["count"] for value in facets["urgency"]["options"]}
    assert urgencies == {"特急": 1, "加急": 1, "普通": 1}
    units = {value["title"]: value["count"] for value in facets["unit"]["options"]}
    assert units == {"长垣河务局": 3}

    # a chosen value narrows the results; its own facet still counts the others (OR)
    view, html = search_as(portal, "cy_secretary1", organ=organ, kind="notice")
    assert view.found.total == 2
    facets = {facet["name"]: facet for facet in view.facet_list}
    kinds = {
        value["title"]: (value["count"], value["chosen"]) for value in facets["kind"]["options"]
    }
    assert kinds == {"通知": (2, True), "请示": (1, False)}
    urgencies = {value["title"]: value["count"] for value in facets["urgency"]["options"]}
    assert urgencies == {"特急": 1, "加急": 1}
    chips = view.chips()
    assert [(chip["label"], chip["title"]) for chip in chips] == [
        ("文种", "通知"),
        ("来文机关", organ),
    ]
    assert "kind=" not in chips[0]["url"] and "organ=" in chips[0]["url"]
    # both values of one facet: either
    view, _html = search_as(portal, "cy_secretary1", organ=organ, kind=["notice", "request"])
    assert view.found.total == 3


def test_r_s1_counts_agree_with_the_catalog_for_every_facet(portal):
    register_incoming(portal, title="检索乙 一", urgency="urgent")
    register_incoming(portal, title="检索乙 二", source_organ="黄河水利委员会")
    draft_outgoing(portal, title="检索乙 三", direction="upward", doc_kind="report")
    catalog = api.portal.get_tool("portal_catalog")
    with api.env.adopt_user(username="cy_secretary1"):
        found = results.run(catalog, query.read({}))
        brains = catalog.searchResults(portal_type=list(query.DOCUMENT_TYPES))
    assert found.total == len(brains) == 2  # the drafter's draft is not the secretary's
    counts = facets.facet_counts(catalog, found.facet_sets)
    for facet in query.FACETS:
        expected = {}
        for brain in brains:
            values = catalog.getIndexDataForRID(brain.getRID())[facet.index]
            for value in values if isinstance(values, list | tuple) else [values]:
                if value not in (None, ""):
                    expected[value] = expected.get(value, 0) + 1
        assert counts[facet.name] == expected, facet.name


def test_r_s1_a_number_typed_with_any_brackets_finds_its_document(portal):
    document = register_incoming(portal, title="检索丙 关于汛前检查的报告")
    number = document.receipt_number
    assert number and "〔" in number
    for typed in (
        number,
        number.replace("〔", "[").replace("〕", "]"),
        number.replace("〔", "【").replace("〕", "】"),
        number.replace("〔", "（").replace("〕", "）"),
        number.replace("〔", " ").replace("〕", " "),
    ):
        view, html = search_as(portal, "cy_secretary1", q=typed)
        assert [row["url"] for row in view.rows][:1] == [document.absolute_url()], typed
        assert view.rows[0]["exact"] is True
        assert f"<mark>{number}</mark>" in html


@pytest.mark.parametrize(
    "form, words",
    [
        ({"q": "汛" * 101}, "不能超过 100 字"),
        ({"year": "二〇二六"}, "年度应为"),
        ({"year": "99999"}, "年度应为"),
        ({"kind": "memo"}, "文种没有这一项"),
        ({"unit": "../../etc"}, "单位没有这一项"),
        ({"urgency": [str(n) for n in range(11)]}, "不能超过 10 项"),
        ({"start": "2026-02-30"}, "应为日期"),
        ({"start": "2026-03-01", "end": "2026-01-01"}, "起始日期不能晚于截止日期"),
        ({"page": "0"}, "页码应在 1 至 500 之间"),
        ({"page": "１２"}, "页码应为整数"),
        ({"size": "1000"}, "每页条数应在 1 至 100 之间"),
        ({"sort": "title"}, "没有这种排序方式"),
        ({"q": ["一", "二"]}, "检索条件格式不正确"),
    ],
)
def test_r_s1_malformed_parameters_are_refused_400_in_chinese(portal, form, words):
    view, html = search_as(portal, "cy_secretary1", **form)
    assert portal.REQUEST.response.getStatus() == 400
    assert words in view.error
    assert words in html
    assert view.found is None


def test_r_s1_text_the_query_parser_cannot_read_is_no_error(portal):
    register_incoming(portal, title="检索丁 关于防凌的通知")
    for text in ('"检索丁', "检索丁 AND", "( 检索丁", "NOT", "*", '"" ""', "检索丁)"):
        view, _html = search_as(portal, "cy_secretary1", q=text)
        assert portal.REQUEST.response.getStatus() == 200, text
        assert view.error == ""


def test_r_s1_saved_searches_are_each_persons_own(portal):
    view, _html = post_as(
        portal, "gongwen-search-save", "cy_eng_staff", title="防汛通知", query="q=防汛&kind=notice"
    )
    entries = saved.saved_searches("cy_eng_staff")
    assert [(entry["name"], entry["query"]) for entry in entries] == [
        ("防汛通知", "q=%E9%98%B2%E6%B1%9B&kind=notice")
    ]
    assert saved.saved_searches("cy_flood_staff") == []
    view, html = search_as(portal, "cy_eng_staff")
    assert "防汛通知" in html
    # another person cannot delete it
    post_as(portal, "gongwen-search-delete", "cy_flood_staff", id=entries[0]["id"])
    assert len(saved.saved_searches("cy_eng_staff")) == 1
    post_as(portal, "gongwen-search-delete", "cy_eng_staff", id=entries[0]["id"])
    assert saved.saved_searches("cy_eng_staff") == []


def test_r_s1_saved_searches_are_bounded(portal):
    with pytest.raises(query.SearchError, match="检索名称不能超过 50 字"):
        saved.save_search("cy_fin_staff", "名" * 51, "q=x")
    with pytest.raises(query.SearchError, match="请填写检索名称"):
        saved.save_search("cy_fin_staff", "  ", "q=x")
    for number in range(saved.PER_USER):
        saved.save_search("cy_fin_staff", f"检索{number}", "q=x")
    saved.save_search("cy_fin_staff", "检索7", "q=y")  # same name: replaced
    with pytest.raises(query.SearchError, match="最多保存 50 个"):
        saved.save_search("cy_fin_staff", "再一个", "q=x")
    # a malformed saved query is refused with the reason, nothing saved
    post_as(portal, "gongwen-search-save", "cy_fin_head", title="坏的", query="year=abc")
    assert saved.saved_searches("cy_fin_head") == []


EVERYONE_ORGAN = "检索权限测试局"


def demo_people():
    import json
    import pathlib

    import collective.gongwen

    data = pathlib.Path(collective.gongwen.__file__).parent / "profiles/demo/organisation.json"
    return [person["id"] for person in json.loads(data.read_text(encoding="utf-8"))["people"]]


@pytest.mark.slow
def test_r_s1_every_demo_user_finds_exactly_what_they_may_see(portal):
    from tests.support.incoming import done
    from tests.support.incoming import in_handling

    marker = {"source_organ": EVERYONE_ORGAN}
    documents = {
        "draft": draft_outgoing(portal, title="检索权限 拟稿", **marker),
        "registered": register_incoming(portal, title="检索权限 登记", **marker),
        "handling": in_handling(portal, title="检索权限 办理", **marker),
        "done": done(portal),
        "classified": register_incoming(
            portal,
            title="检索权限 涉密登记",
            classification="confidential",
            copy_number="000003",
            secrecy_period="10年",
            **marker,
        ),
    }
    documents["done"].source_organ = EVERYONE_ORGAN
    documents["done"].reindexObject()
    with api.env.adopt_user(username="xx_secretary"):
        documents["xinxiang"] = api.content.create(
            container=portal["xinxiang"]["incoming"],
            type="gongwen_incoming",
            title="检索权限 新乡登记",
            received_date=documents["registered"].received_date,
            source_number="黄委〔2026〕88号",
            copies=1,
            doc_kind="notice",
            urgency="normal",
            classification="none",
            **marker,
        )
    urls = {document.absolute_url(): key for key, document in documents.items()}
    seen_by = {}
    for user in demo_people():
        view, _html = search_as(portal, user, organ=EVERYONE_ORGAN, size="100")
        found = {urls[row["url"]] for row in view.rows}
        may = {
            key
            for key, document in documents.items()
            if api.user.has_permission("View", username=user, obj=document)
        }
        assert found == may, user
        assert view.found.total == len(may), user
        facets_seen = {facet["name"]: facet for facet in view.facet_list}
        if may:
            units = sum(value["count"] for value in facets_seen["unit"]["options"])
            assert units == len(may), user
        seen_by[user] = found
    # what the rules say, in a few words (R-SEC1, R-D3)
    assert "classified" in seen_by["cy_secretary1"] and "classified" in seen_by["cy_leader1"]
    assert "classified" not in seen_by["cy_eng_staff"]
    assert "draft" in seen_by["cy_eng_staff"] and "draft" not in seen_by["cy_fin_staff"]
    assert "registered" not in seen_by["cy_fin_staff"]
    assert "xinxiang" in seen_by["xx_secretary"] and "xinxiang" not in seen_by["cy_secretary1"]
