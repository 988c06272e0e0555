"""R-U1 on the auditor's screens: 审计日志's 「导出 CSV」 and 「导出 Excel」 links export what the
filter selects (the link carries the filter and the format; following it returns the file);
审计日志校验 names who asked for the last verification by name, not by id."""

import urllib.parse

import lxml.html
import pytest
from zope.interface import alsoProvides

from collective.gongwen.audit import record
from collective.gongwen.audit import tasks
from collective.gongwen.interfaces import IGongwenLayer
from tests.support.views import render_as

AUDITOR = "gw_auditor"
FILTER = {"actor": "cy_eng_staff", "action": ["view", "download"]}


@pytest.fixture(autouse=True)
def layer(portal):
    alsoProvides(portal.REQUEST, IGongwenLayer)


@pytest.mark.parametrize(
    "css, wanted, content_type",
    [
        ("gongwen-audit-export-csv", "csv", "text/csv"),
        ("gongwen-audit-export-xlsx", "xlsx", "application/vnd.openxmlformats"),
    ],
)
def test_r_u1_export_links_carry_the_filter_and_the_format(portal, css, wanted, content_type):
    _view, html = render_as(portal, "gongwen-audit-log", AUDITOR, **FILTER)
    (href,) = lxml.html.fromstring(html).find_class(css)[0].xpath("@href")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(href).query)
    assert query == {"actor": ["cy_eng_staff"], "action": ["view", "download"], "format": [wanted]}
    form = {name: values if name == "action" else values[0] for name, values in query.items()}
    render_as(portal, "gongwen-audit-log", AUDITOR, **form)
    assert portal.REQUEST.response.getHeader("Content-Type").startswith(content_type)
    disposition = portal.REQUEST.response.getHeader("Content-Disposition")
    assert disposition.startswith("attachment;") and disposition.endswith(f'.{wanted}"')


def test_r_u1_verification_names_who_asked(portal):
    tasks.verify_now(record.store_path(), requested_by=AUDITOR)
    view, html = render_as(portal, "gongwen-audit-verify", AUDITOR)
    assert view.status["requested_by_name"] == "骆思远"
    assert "由 骆思远" in " ".join(html.split())
