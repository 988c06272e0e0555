"""网站设置 → 档案设置 (``@@gongwen-archive-settings``, IArchiveSettings) on the Plone layer:
listed beside 公文设置 for the 系统管理员 (R-U2), saved and audited (``settings_change``),
every bad value refused in Chinese with nothing saved, and the saved 销毁审批职能 used by the
next 销毁申请 (R-R2)."""

import pytest
from AccessControl import Unauthorized
from plone import api
from plone.protect.authenticator import createToken
from zope.i18n import translate
from zope.interface import alsoProvides

from collective.gongwen.archive import disposal
from collective.gongwen.archive.settings import IArchiveSettings
from collective.gongwen.audit import record
from collective.gongwen.content.settings import record_or_default
from collective.gongwen.interfaces import IGongwenLayer
from collective.gongwen.notify.mail import catalog_language
from tests.integration.test_r_r2_approver_todo import destruction_rows
from tests.integration.test_r_r2_approver_todo import pending_request
from tests.support.uploads import widget_error

PREFIX = IArchiveSettings.__identifier__


@pytest.fixture(autouse=True)
def layer(portal):
    alsoProvides(portal.REQUEST, IGongwenLayer)


def values():
    return {
        name: record_or_default(IArchiveSettings, name)
        for name in ("destruction_approvers", "appraisal_max_extension_years", "incoming_retention")
    }


def submit(portal, user="gw_admin", approvers=("office_heads", "director"), years="50", **extra):
    """POST the 档案设置 form as ``user`` (the 系统管理员 by default); the form."""
    request = portal.REQUEST
    request.form.clear()
    request.form.update(
        {
            "form.widgets.destruction_approvers": list(approvers),
            "form.widgets.destruction_approvers-empty-marker": "1",
            "form.widgets.appraisal_max_extension_years": years,
            "form.widgets.incoming_retention": ["30_years"],
            "form.widgets.incoming_retention-empty-marker": "1",
            "form.buttons.save": "保存",
            **extra,
        }
    )
    request.method = request["REQUEST_METHOD"] = "POST"
    try:
        with api.env.adopt_user(username=user):
            request.form["_authenticator"] = createToken()
            view = portal.restrictedTraverse("@@gongwen-archive-settings")
            view()
            return view.form_instance
    finally:
        request.form.clear()
        request.method = request["REQUEST_METHOD"] = "GET"


def test_r_r2_archive_settings_listed_for_the_system_administrator(portal):
    with api.env.adopt_user(username="gw_admin"):
        configlets = portal.portal_controlpanel.enumConfiglets(group="Products")
        html = portal.restrictedTraverse("@@gongwen-archive-settings")()
    ours = [c for c in configlets if c["id"] == "gongwen-archive-settings"]
    assert ours and ours[0]["title"] == "档案设置"
    assert ours[0]["url"].endswith("/@@gongwen-archive-settings")
    for text in ("档案设置", "销毁审批职能", "鉴定延长保管的最长年数", "收文默认保管期限"):
        assert text in html
    for title in ("局长", "办公室负责人", "监销人", "档案员"):  # the unit function table
        assert f">{title}<" in html
    assert html.count('type="checkbox"') >= 8 and "定期30年" in html
    for user in ("gw_secadmin", "gw_auditor", "cy_archivist"):
        with api.env.adopt_user(username=user):
            ids = [c["id"] for c in portal.portal_controlpanel.enumConfiglets(group="Products")]
        assert "gongwen-archive-settings" not in ids, user


def test_r_r2_archive_settings_saved_and_audited(portal):
    before = len([e for e in record.pending() if e["action"] == "settings_change"])
    form = submit(
        portal,
        approvers=("office_heads", "destruction_supervisors"),
        years="20",
    )
    assert widget_error(form, "destruction_approvers") is None, form.widgets.errors
    assert values() == {
        "destruction_approvers": ["office_heads", "destruction_supervisors"],
        "appraisal_max_extension_years": 20,
        "incoming_retention": "30_years",
    }
    changes = [e for e in record.pending() if e["action"] == "settings_change"][before:]
    summaries = " ".join(e["summary"] for e in changes)
    # the labels in the site's language, as the control panel shows them
    language = catalog_language(api.portal.get_registry_record("plone.default_language"))
    for name in ("destruction_approvers", "appraisal_max_extension_years"):
        assert translate(IArchiveSettings[name].title, target_language=language) in summaries
    assert "销毁审批职能" in summaries
    assert "50 → 20" in summaries
    assert {e["actor"] for e in changes} == {"gw_admin"}


@pytest.mark.parametrize(
    ("approvers", "years", "field", "message"),
    [
        ((), "50", "destruction_approvers", "请至少选择一个销毁审批职能。"),
        (
            ("director", "archivists"),
            "50",
            "destruction_approvers",
            "销毁申请由档案员提出，档案员不能同时作为销毁审批职能。",
        ),
        # a crafted token: z3c.form drops the list, so nothing is ticked
        (("director", "no_such_function"), "50", "destruction_approvers", "请至少选择"),
        (("director",), "0", "appraisal_max_extension_years", "应在 1 至 100 之间（现为 0）"),
        (("director",), "101", "appraisal_max_extension_years", "应在 1 至 100 之间（现为 101）"),
        (("director",), "9" * 30, "appraisal_max_extension_years", None),
        (("director",), "", "appraisal_max_extension_years", "此项必须填写。"),
    ],
)
def test_r_r2_archive_settings_refuse_bad_values_in_chinese(
    portal, approvers, years, field, message
):
    saved = values()
    form = submit(portal, approvers=approvers, years=years)
    error = widget_error(form, field)
    assert error, (field, form.widgets.errors)
    error = translate(error, context=portal.REQUEST)
    if message is not None:
        assert message in error
    assert not error.isascii()  # Chinese, not zope.schema's English
    assert values() == saved


def test_r_r2_archive_settings_refused_to_others(portal):
    saved = values()
    for user in ("gw_secadmin", "gw_auditor", "cy_archivist", "cy_director"):
        with pytest.raises(Unauthorized):
            submit(portal, user=user, approvers=("director",), years="5")
    assert values() == saved


def test_r_r2_saved_approvers_decide_the_next_request(portal):
    submit(portal, approvers=("office_heads", "destruction_supervisors"))
    assert disposal.required_functions() == ["office_heads", "destruction_supervisors"]
    request = pending_request(portal)
    assert request["required"] == ["office_heads", "destruction_supervisors"]
    assert destruction_rows(portal, "cy_director") == []
    assert len(destruction_rows(portal, "cy_supervisor")) == 1
