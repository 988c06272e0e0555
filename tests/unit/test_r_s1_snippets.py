"""R-S1: highlighted snippets (plain Python): escaped, matches in <mark>, Chinese as typed."""

from collective.gongwen.search import snippets


def test_r_s1_terms_of_a_search_text():
    assert snippets.terms_of('"防汛 物资" AND 检查* or 检查') == ["防汛", "物资", "检查"]
    assert snippets.terms_of("") == []


def test_r_s1_the_window_around_the_first_match_is_marked():
    text = "前言" * 100 + "请各单位做好汛前检查工作，汛前检查结果报办公室。" + "后记" * 100
    html = snippets.snippet(text, ["汛前检查"])
    assert html.startswith("…") and html.endswith("…")
    assert html.count("<mark>汛前检查</mark>") == 2
    assert len(html.replace("<mark>", "").replace("</mark>", "")) <= snippets.WIDTH + 2


def test_r_s1_snippets_escape_the_text():
    html = snippets.snippet('<script>alert("x")</script> 防汛 & <b>', ["防汛", "<b>"])
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>防汛</mark>" in html
    assert "<mark>&lt;b&gt;</mark>" in html
    # a term that is markup itself is escaped inside the mark
    assert snippets.snippet("a<mark>b", ["<mark>"]) == "a<mark>&lt;mark&gt;</mark>b"


def test_r_s1_case_and_width_do_not_matter():
    html = snippets.snippet("ＰＤＦ文件与pdf文件", ["PDF"])
    assert html == "<mark>ＰＤＦ</mark>文件与<mark>pdf</mark>文件"


def test_r_s1_pieces_are_marked_when_the_term_is_not_whole():
    # the index matched the two-character pieces 防汛, 汛物, 物资 of 防汛物资
    html = snippets.snippet("防汛工作与物资储备", ["防汛物资"])
    assert "<mark>防汛</mark>" in html and "<mark>物资</mark>" in html


def test_r_s1_no_match_gives_the_start_and_no_text_nothing():
    assert snippets.snippet("甲" * 300, ["乙"]) == "甲" * snippets.WIDTH + "…"
    assert snippets.snippet("甲" * 300, ["乙"], matched_only=True) == ""
    assert snippets.snippet("", ["乙"]) == ""
    assert snippets.snippet(None, ["乙"]) == ""
