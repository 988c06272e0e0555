"""R-R1: the 归档文件目录 of a year is made by a worker (PDF and XLSX) and served to archivists;
档案管理 is the 档案 folder's default view, for them only, with each year's counts.

The worker's round trip runs in the test's process against the real endpoints
(``packages.InProcessClient``), its PDF rendered by typeset's render child.
"""

import io
import subprocess
import tempfile

import pytest
from openpyxl import load_workbook
from plone import api
from zExceptions import BadRequest
from zExceptions import Unauthorized
from zope.interface import alsoProvides

from collective.gongwen.archive import catalogue_store
from collective.gongwen.archive import catalogue_worker
from collective.gongwen.archive import overview
from collective.gongwen.archive.record import archive_info
from collective.gongwen.content.vocabularies import title_of
from collective.gongwen.interfaces import IGongwenLayer
from collective.gongwen.org.sync import set_folder_views
from tests.support.archive import archive_as
from tests.support.archive import sent_outgoing
from tests.support.packages import InProcessClient

ARCHIVIST = "cy_archivist"


def pdf_text(data):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(data)
        pdf.flush()
        return subprocess.run(
            ["pdftotext", "-layout", pdf.name, "-"], capture_output=True, check=True
        ).stdout.decode()


def render(view_name, context, user, method="GET", **form):
    request = api.portal.get().REQUEST
    alsoProvides(request, IGongwenLayer)
    request.form.clear()
    request.form.update(form)
    request.method = method
    request.response.setStatus(200)
    with api.env.adopt_user(username=user):
        view = context.restrictedTraverse(f"@@{view_name}")
        body = view()
    return view, body if isinstance(body, bytes | str) or body is None else b"".join(body)


def run_catalogue_job(portal, unit, job_id):
    payload = {"uid": unit.UID(), "job_id": job_id}
    return catalogue_worker.run_catalogue(payload, InProcessClient(portal, unit.UID(), job_id))


@pytest.fixture
def archived(portal):
    """Two 发文 of 长垣河务局 archived in 2026, one kept 永久."""
    first = sent_outgoing(portal, title="关于做好2026年汛前检查的通知")
    second = sent_outgoing(portal, title="关于印发值班制度的通知")
    archive_as(first)
    archive_as(second, retention="permanent")
    return first, second


@pytest.mark.slow
def test_r_r1_catalogue_job_files_pdf_and_xlsx_with_the_rows(portal, archived):
    unit = portal["changyuan"]
    folder = unit["archive"]
    infos = [archive_info(document) for document in archived]
    year = infos[0]["year"]
    # opening the page asks for the 目录 (nothing built yet)
    view, html = render("gongwen-archive-catalogue", folder, ARCHIVIST, year=str(year))
    record = catalogue_store.catalogue_job(unit, year)
    assert record["state"] == "queued" and record["total"] == 2
    assert "归档文件目录" in html and "尚未生成" in html
    assert run_catalogue_job(portal, unit, record["id"]) == "done"
    record = catalogue_store.catalogue_job(unit, year)
    assert record["state"] == "done" and record["done"] == 2
    built = catalogue_store.built_catalogue(unit, year)
    assert built.count == 2 and catalogue_store.is_fresh(unit, year, built)
    # the PDF carries every 档号; the XLSX reads back with the rows by 保管期限
    _view, pdf = render(
        "gongwen-archive-catalogue", folder, ARCHIVIST, year=str(year), format="pdf"
    )
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    for info in infos:
        assert info["archival_code"] in text
    assert "归档文件目录" in text and "全宗号：118" in text
    response = portal.REQUEST.response
    assert "attachment" in response.getHeader("Content-Disposition")
    _view, data = render(
        "gongwen-archive-catalogue", folder, ARCHIVIST, year=str(year), format="xlsx"
    )
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames[0].startswith("永久-")
    codes = [
        line[1]
        for name in book.sheetnames
        for line in book[name].iter_rows(min_row=4, values_only=True)
    ]
    assert codes == [infos[1]["archival_code"], infos[0]["archival_code"]]
    first_row = next(book[book.sheetnames[1]].iter_rows(min_row=4, values_only=True))
    assert first_row[4] == "关于做好2026年汛前检查的通知"
    assert first_row[8] == title_of("retention", infos[0]["retention"])
    # the page shows both downloads; a retry of the filed job is stale
    _view, html = render("gongwen-archive-catalogue", folder, ARCHIVIST, year=str(year))
    assert "下载 PDF" in html and "下载 Excel" in html and "与当前归档内容一致" in html
    assert run_catalogue_job(portal, unit, record["id"]) == "stale"


@pytest.mark.slow
def test_r_r1_catalogue_is_made_again_when_an_item_changed(portal, archived):
    unit = portal["changyuan"]
    year = archive_info(archived[0])["year"]
    job_id = catalogue_store.start_catalogue(unit, year, ARCHIVIST)
    assert run_catalogue_job(portal, unit, job_id) == "done"
    third = sent_outgoing(portal, title="关于第三件的通知")
    archive_as(third)
    assert not catalogue_store.is_fresh(unit, year)
    render("gongwen-archive-catalogue", unit["archive"], ARCHIVIST, year=str(year))
    again = catalogue_store.catalogue_job(unit, year)
    assert again["id"] != job_id and again["state"] == "queued" and again["total"] == 3


def test_r_r1_catalogue_and_home_are_the_archivists_only(portal):
    folder = portal["changyuan"]["archive"]
    for name in ("gongwen-archive-home", "gongwen-archive-catalogue"):
        with pytest.raises(Unauthorized):
            render(name, folder, "cy_eng_staff")
    with pytest.raises(BadRequest):
        render("gongwen-archive-catalogue", folder, ARCHIVIST, year="20x6")
    with pytest.raises(BadRequest):
        render("gongwen-archive-catalogue", folder, ARCHIVIST, year="2026", format="exe")


def test_r_r1_archive_folder_shows_the_archive_home(portal):
    unit = portal["changyuan"]
    assert unit["archive"].getLayout() == "gongwen-archive-home"
    unit["archive"].setLayout("gongwen-listing")
    set_folder_views(unit)
    assert unit["archive"].getLayout() == "gongwen-archive-home"
    assert unit["outgoing"].getLayout() == "gongwen-listing"


@pytest.mark.slow
def test_r_r1_archive_home_counts_each_year_and_lists_by_code(portal, archived):
    unit = portal["changyuan"]
    waiting = sent_outgoing(portal, title="尚未归档的通知")
    year = archive_info(archived[0])["year"]
    view, html = render("gongwen-archive-home", unit["archive"], ARCHIVIST, year=str(year))
    with api.env.adopt_user(username=ARCHIVIST):  # the view's queries run as its user
        (row,) = [row for row in view.year_rows() if row["year"] == year]
        codes = [item["archival_code"] for item in view.rows()]
        assert overview.waiting_count(unit) >= 1
    assert row["archived"] == 2 and row["finished"] >= 1
    assert row["by_retention"]["permanent"] == 1
    assert row["on_hold"] == 0 and row["expired"] == 0
    assert codes == sorted(codes) and len(codes) == 2
    assert "档案管理" in html and "归档文件目录" in html
    assert archived[0].Title() in html and waiting.Title() not in html


def test_r_r1_archive_home_links_only_the_screens_installed(portal, monkeypatch):
    folder = portal["changyuan"]["archive"]
    view, html = render("gongwen-archive-home", folder, ARCHIVIST)
    screens = {screen["name"]: screen for screen in view.screens()}
    assert screens["gongwen-archive-catalogue"]["url"].endswith(
        f"/archive/@@gongwen-archive-catalogue?year={view.year}"
    )
    # a screen missing (not yet installed) is shown without a link; the page still renders
    from collective.gongwen.archive.browser import home

    missing = (("gongwen-no-such-screen", "不存在的页面", "说明", False),)
    monkeypatch.setattr(home, "SCREENS", home.SCREENS + missing)
    view, html = render("gongwen-archive-home", folder, ARCHIVIST)
    screens = {screen["name"]: screen for screen in view.screens()}
    assert screens["gongwen-no-such-screen"]["url"] is None
    assert "不存在的页面" in html and "暂未开放" in html


def test_r_r1_unit_nav_links_archivists_to_the_archive_home(portal):
    unit = portal["changyuan"]
    with api.env.adopt_user(username=ARCHIVIST):
        view = unit.restrictedTraverse("@@gongwen-unit-nav")
        html = view()
    links = {link["id"]: link for link in view.entries[0]["links"]}
    assert links["archive"]["url"] == unit["archive"].absolute_url()
    assert "档案管理" in html
    with api.env.adopt_user(username="cy_eng_staff"):
        view = unit.restrictedTraverse("@@gongwen-unit-nav")
        view()
    assert "archive" not in [link["id"] for link in view.entries[0]["links"]]
