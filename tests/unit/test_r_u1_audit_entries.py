"""R-U1: what an audit entry says, as plain Python (audit/entries.py): bounded summaries,
secrets masked in settings changes, flags, the action of a transition."""

from collective.gongwen.audit import entries


def test_r_u1_summary_is_bounded_and_on_one_line():
    text = entries.summary("标" * 500, "说明\n第二行" + "字" * 1000)
    assert len(text) == entries.SUMMARY_LIMIT and text.endswith("…")
    assert "\n" not in text
    title_part = text.split("」")[0]
    assert len(title_part) == entries.TITLE_LIMIT + 1  # 「 + the bounded title


def test_r_u1_summary_of_a_short_title():
    assert entries.summary("关于防汛的通知", "同意") == "「关于防汛的通知」 同意"
    assert entries.summary("", "") == ""


def test_r_u1_secret_settings_are_masked_never_written():
    for name in ("plone.smtp_pass", "collective.gongwen.api_secret", "jwt.token", "x.private_key"):
        text = entries.setting_summary(name, "old-secret", "new-secret")
        assert "secret" not in text.replace(name, "") and text.count(entries.MASK) == 2
    shown = entries.setting_summary("plone.site_title", "旧", "新")
    assert shown == "「plone.site_title」 旧 → 新"


def test_r_u1_setting_values_are_bounded_lists_joined():
    text = entries.setting_summary("plone.types", ["a", "b"], "x" * 500)
    assert "a、b → " in text and len(text) <= entries.SUMMARY_LIMIT


def test_r_u1_flags_each_once_empty_dropped():
    assert entries.flags("", entries.EMERGENCY, entries.EMERGENCY) == "emergency"
    assert entries.flags("") == ""


def test_r_u1_transition_actions():
    assert entries.transition_action("void") == "void"
    assert entries.transition_action("publish") == "publish"
    assert entries.transition_action("sign") == "transition"


def test_r_u1_emergency_request_summary_masks_secret_parameters():
    text = entries.request_summary(
        "GET", "/Plone/login", "__ac_name=admin&__ac_password=geheim&came_from=/Plone"
    )
    assert text == "GET /Plone/login?__ac_name=admin&__ac_password=******&came_from=/Plone"
    assert "geheim" not in text
    assert entries.request_summary("POST", "/Plone/manage_permission") == (
        "POST /Plone/manage_permission"
    )
    assert len(entries.request_summary("GET", "/" + "x" * 5000)) <= entries.SUMMARY_LIMIT
