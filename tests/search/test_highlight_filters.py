"""The template filters that mark matched terms: everything else stays escaped text."""

from __future__ import annotations

from django.template import Context, Template

from hiraku.search.query import parse_query
from hiraku.web.templatetags.hiraku import SNIPPET_CHARS, highlight, highlight_snippet


def test_matched_terms_are_wrapped_in_mark():
    assert highlight("区立公園一覧", parse_query("公園")) == "区立<mark>公園</mark>一覧"


def test_folded_matches_are_marked_in_the_original_text():
    assert highlight("ＡＥＤ設置箇所", parse_query("aed")) == "<mark>ＡＥＤ</mark>設置箇所"


def test_markup_in_the_text_or_the_query_is_escaped():
    html = highlight('<img src=x onerror="a()">公園&', parse_query("<b>公園</b>"))
    assert html == "&lt;img src=x onerror=&quot;a()&quot;&gt;<mark>公園</mark>&amp;"


def test_without_a_query_the_text_is_only_escaped():
    assert highlight("<b>公園</b>", None) == "&lt;b&gt;公園&lt;/b&gt;"
    assert highlight("<b>公園</b>", "") == "&lt;b&gt;公園&lt;/b&gt;"
    assert highlight(None, parse_query("公園")) == ""


def test_a_plain_string_query_works_too():
    assert highlight("公園", "公園") == "<mark>公園</mark>"


def test_a_snippet_starts_shortly_before_the_first_match():
    text = "あ" * 300 + "公園" + "い" * 300
    html = str(highlight_snippet(text, parse_query("公園")))
    assert html.startswith("…あ") and html.endswith("い…")
    assert "<mark>公園</mark>" in html
    assert len(html.replace("<mark>", "").replace("</mark>", "")) == SNIPPET_CHARS + 2


def test_a_short_text_is_shown_whole():
    assert highlight_snippet("公園の一覧", parse_query("一覧")) == "公園の<mark>一覧</mark>"


def test_a_snippet_without_a_match_is_the_beginning():
    html = str(highlight_snippet("う" * 500, parse_query("公園")))
    assert html == "う" * SNIPPET_CHARS + "…"


def test_a_snippet_never_cuts_an_escape_in_half():
    text = "&" * 400 + "公園"
    html = str(highlight_snippet(text, parse_query("公園")))
    assert html.endswith("&amp;<mark>公園</mark>") and "&amp" not in html.replace("&amp;", "")


def test_the_filters_work_in_templates_with_a_missing_query():
    template = Template("{% load hiraku %}{{ title|highlight:terms }}")
    assert template.render(Context({"title": "<公園>", "terms": None})) == "&lt;公園&gt;"
