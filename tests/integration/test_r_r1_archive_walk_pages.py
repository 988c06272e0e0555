"""R-R1 on the Plone layer: the pages an archivist walks through to archive one document.

档案管理 leads from a year's 已办结未归档 count to the unit's 公文检索 narrowed to those
documents (which renders on a unit); the 归档 job's page leads back to the document the form
gave it; a file with no preview by its type (the 归档记录's XML) does not read 失败.
"""

import pytest
from plone import api
from zope.i18n import translate

from collective.gongwen.archive import filing
from collective.gongwen.archive import overview
from collective.gongwen.archive import pipeline
from collective.gongwen.archive.browser.home import ArchiveHome
from collective.gongwen.content.containers import find_unit
from collective.gongwen.conversion.status import FAILED
from collective.gongwen.conversion.views import status_message
from tests.support.archive import ARCHIVIST
from tests.support.archive import archive_as
from tests.support.archive import sent_outgoing
from tests.support.views import render_as as render_any

pytestmark = pytest.mark.slow


def render_as(context, name, user, **form):
    """``render_as`` by GET (the worker round trips before leave the test request a POST)."""
    request = context.REQUEST
    request.method = request["REQUEST_METHOD"] = "GET"
    return render_any(context, name, user, **form)


def test_r_r1_archive_home_links_the_years_finished_documents_to_the_search(portal):
    document = sent_outgoing(portal, title="关于汛前检查的通知")
    unit = portal["changyuan"]
    year = filing.document_year(document)
    _view, html = render_as(unit["archive"], "gongwen-archive-home", ARCHIVIST, year=str(year))
    states = "".join(f"&amp;state={state}" for state in overview.FINISHED_STATES)
    assert f"{unit.absolute_url()}/@@gongwen-search?year={year}{states}" in html
    assert set(overview.FINISHED_STATES) == {"sent", "done"}
    # the unit's search page, narrowed so, lists it (and renders on a unit)
    _view, html = render_as(
        unit, "gongwen-search", ARCHIVIST, year=str(year), state=["sent", "done"]
    )
    assert "长垣河务局 · " in html and "关于汛前检查的通知" in html
    assert "只检索本单位的公文" in html
    # archived, it is no longer counted nor linked
    archive_as(document)
    _view, html = render_as(unit["archive"], "gongwen-archive-home", ARCHIVIST, year=str(year))
    assert "@@gongwen-search?year=" not in html


def test_r_r1_archive_home_finished_url_names_the_finished_states(portal):
    view = ArchiveHome(portal["changyuan"]["archive"], portal.REQUEST)
    view.unit = portal["changyuan"]
    url = view.finished_url(2026)
    assert url.startswith(f"{portal['changyuan'].absolute_url()}/@@gongwen-search?year=2026&")
    assert sorted(url.split("&")[1:]) == ["state=done", "state=sent"]


def test_r_r1_the_forms_job_leads_back_to_the_document(portal):
    document = sent_outgoing(portal, title="关于汛前检查的通知")
    unit = find_unit(document)
    fields = filing.check_fields(document, filing.proposed_fields(document))
    with api.env.adopt_user(username=ARCHIVIST):
        single = pipeline.start_archive(
            unit,
            ARCHIVIST,
            year=fields["year"],
            uids=[document.UID()],
            fields={document.UID(): fields},
        )
    folder = unit["archive"]
    view, html = render_as(folder, "gongwen-archive-job", ARCHIVIST, id=single)
    assert "gongwen-archive-job-document" in html
    assert f'href="{document.absolute_url()}"' in html
    assert "返回公文《关于汛前检查的通知》" in html
    with api.env.adopt_user(username=ARCHIVIST):
        assert view.documents() == [{"title": "关于汛前检查的通知", "url": document.absolute_url()}]
    # a year's batch, started while the form's job runs (it stops no other), names no
    # document to go back to
    other = sent_outgoing(portal, title="关于防汛值班的通知")
    with api.env.adopt_user(username=ARCHIVIST):
        batch = pipeline.start_archive(unit, ARCHIVIST, year=filing.document_year(other))
    _view, html = render_as(folder, "gongwen-archive-job", ARCHIVIST, id=batch)
    assert "gongwen-archive-job-document" not in html
    # and the form's job of another document of the year, while both run, is started too
    with api.env.adopt_user(username=ARCHIVIST):
        fields = filing.check_fields(other, filing.proposed_fields(other))
        assert pipeline.start_archive(
            unit, ARCHIVIST, year=fields["year"], uids=[other.UID()], fields={other.UID(): fields}
        ) not in (single, batch)


def test_r_r1_a_file_without_preview_by_its_type_is_not_a_failure(portal):
    request = portal.REQUEST
    unsupported = {"state": FAILED, "reason": "unsupported_type", "mapping": {"extension": ".xml"}}
    text = translate(status_message(unsupported), context=request)
    assert text == "不支持在线预览此类文件（.xml），请下载查看。"
    broken = {"state": FAILED, "reason": "corrupt", "mapping": {"detail": "EOF"}}
    assert translate(status_message(broken), context=request).startswith("失败：")
