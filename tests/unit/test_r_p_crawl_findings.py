"""The crawler's check (tests/support/crawl.py): what it reads as English on a page, and not.

The served crawl (tests/browser/test_r_p_chinese_everywhere.py) is slow; these show on plain
HTML that the check fails on an English word, a short date or Plone's leftovers, and passes
the allow-list and the data shown beside the portal's words.
"""

from tests.support import crawl

PAGE = """<html><head><title>我的待办 — 长垣河务局</title><script>var x = "Hello";</script></head>
<body><nav aria-label="breadcrumb"><span class="visually-hidden">You are here:</span>首页</nav>
<p>何磊 cy_eng_staff · 工程管理科（GCK） · 档号 118-WS·2015-D30-GCK-0001 · 通知.pdf — 4 KB</p>
<p>正式文件（PDF、OFD）按 GB/T 9704 排版，摘要 SM3 与 SHA-256 校验。</p>
<p>联系 office@example.cn 或 http://intranet.example/bureau；组 changyuan-engineering-members</p>
<select name="form.widgets.language:list"><option>Français</option></select>
<template><p>Template text</p></template><div hidden>Hidden text</div>
{extra}
</body></html>"""


def words(extra=""):
    url = "http://localhost/plone/page"
    return [f.word for f in crawl.findings(url, crawl.visible_text(PAGE.format(extra=extra)))]


def test_a_chinese_page_with_its_allowed_names_and_data_passes():
    assert words() == []


def test_a_planted_english_word_fails():
    assert words("<p>已保存 Changes saved</p>") == ["Changes", "saved"]


def test_english_in_tooltips_placeholders_and_buttons_fails():
    extra = '<a title="Edit">编辑</a><input placeholder="Search Site"/>'
    extra += '<input type="submit" value="Apply"/><img alt="Plone site" src="x.png"/>'
    assert words(extra) == ["Plone", "Edit", "Search", "Site", "Apply", "site"]


def test_short_dates_and_plone_leftovers_fail():
    assert words("<p>办理时限 26-12-5</p><select><option>空值</option></select>") == [
        "空值",
        "26-12-5",
    ]
    assert words("<p>2026-12-05 · 2026年12月5日</p>") == []
    assert "by admin" in words("<p>by admin — 上次修改时间</p>")


def test_the_status_prefixes_fail():
    assert words("<div>Info: 已保存</div><div>Error: 请更正</div>") == ["Info", "Error"]


def test_a_settings_old_value_in_an_audit_entry_is_history_its_label_and_new_value_are_not():
    entry = "<td>修改设置 「站点标题（plone.site_title）」 {} → {}</td>"
    assert words(entry.format("Plone site", "新乡河务局 电子公文系统")) == []
    assert words(entry.format("旧", "Plone site")) == ["Plone", "site"]
    label = "<td>修改设置 「Site title（plone.site_title）」 旧 → 新</td>"
    assert words(label) == ["Site", "title"]
