"""档案设置 over HTTP on the served site (R-R2, R-U2): the 系统管理员 saves it; hostile values
are answered with the form and a Chinese message, never a 500, nothing saved; a POST without
the CSRF token saves nothing; other users are refused."""

import re

import requests
import transaction
from plone import api
from plone.protect.authenticator import createToken

from collective.gongwen.archive.settings import IArchiveSettings
from tests.support.rest import demo

TIMEOUT = 60
FIELD = "form.widgets.destruction_approvers:list"


def token(user):
    """``user``'s CSRF token (plone.protect), as the pages they are shown carry it."""
    with api.env.adopt_user(username=user):
        return createToken()


def saved(portal, name):
    """The record as the server committed it (not this thread's request cache)."""
    transaction.begin()
    return portal.portal_registry.records[f"{IArchiveSettings.__identifier__}.{name}"].value


def form(approvers=("office_heads", "director"), years="50", retention="30_years", **extra):
    return {
        FIELD: list(approvers),
        "form.widgets.destruction_approvers-empty-marker": "1",
        "form.widgets.appraisal_max_extension_years": years,
        "form.widgets.incoming_retention:list": retention,
        "form.widgets.incoming_retention-empty-marker": "1",
        "form.buttons.save": "保存",
        **extra,
    }


def test_r_r2_archive_settings_over_http(functional_portal, portal_url):
    page = f"{portal_url}/@@gongwen-archive-settings"
    session = requests.Session()
    session.auth = demo("gw_admin")
    shown = session.get(page, timeout=TIMEOUT)
    assert shown.status_code == 200 and "销毁审批职能" in shown.text
    csrf = token("gw_admin")
    before = {
        name: saved(functional_portal, name)
        for name in ("destruction_approvers", "appraisal_max_extension_years", "incoming_retention")
    }

    hostile = [
        (form(approvers=()), "请至少选择一个销毁审批职能"),
        (form(approvers=("director", "archivists")), "档案员不能同时作为销毁审批职能"),
        (form(approvers=["director"] * 5000), "销毁审批职能「局长」重复"),
        (form(approvers=("x" * 100_000,)), "请至少选择一个销毁审批职能"),
        (form(years="0"), "应在 1 至 100 之间"),
        (form(years="-99999999999999999999"), None),
        (form(years="1e999"), None),
        (form(years="五十"), None),
        (form(retention="forever"), None),
        (form(retention="x" * 100_000), None),
    ]
    for data, message in hostile:
        answer = session.post(page, data={**data, "_authenticator": csrf}, timeout=TIMEOUT)
        assert answer.status_code == 200, (str(data)[:80], answer.status_code)
        if message is not None:
            assert message in answer.text, str(data)[:80]
        errors = re.findall(r"invalid-feedback[^>]*>\s*([^<]*)<", answer.text)
        assert errors and all(not e.strip().isascii() for e in errors), errors  # in Chinese
        assert "有一些错误" in answer.text
    assert {name: saved(functional_portal, name) for name in before} == before

    # without the CSRF token: nothing saved
    answer = session.post(page, data=form(years="7"), timeout=TIMEOUT)
    assert answer.status_code in (200, 403)
    assert saved(functional_portal, "appraisal_max_extension_years") != 7

    # saved by the 系统管理员
    answer = session.post(
        page, data={**form(years="12", retention="10_years"), "_authenticator": csrf}
    )
    assert answer.status_code == 200 and "更改已经保存" in answer.text
    assert saved(functional_portal, "appraisal_max_extension_years") == 12
    assert saved(functional_portal, "incoming_retention") == "10_years"
    assert saved(functional_portal, "destruction_approvers") == ["office_heads", "director"]

    # nobody else opens or saves it
    for user in ("gw_secadmin", "gw_auditor", "cy_archivist", "cy_supervisor"):
        answer = requests.get(page, auth=demo(user), timeout=TIMEOUT, allow_redirects=False)
        assert answer.status_code in (302, 401, 403), (user, answer.status_code)
        answer = requests.post(
            page, data=form(years="3"), auth=demo(user), timeout=TIMEOUT, allow_redirects=False
        )
        assert answer.status_code in (302, 401, 403), (user, answer.status_code)
    assert saved(functional_portal, "appraisal_max_extension_years") == 12
