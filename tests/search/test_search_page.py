"""The dataset search page: highlights, notices, sorts, facets, and hostile input."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hiraku.catalog.queries import DatasetQuery, search_datasets
from tests import factories

pytestmark = pytest.mark.django_db

HOSTILE = [
    "",
    "   　 ",
    '"',
    '"公園',
    "公園*",
    "*",
    "NEAR(公園 駅, 2)",
    "^公園",
    "-公園",
    "公園 NOT トイレ OR 駅",
    "(((",
    "title:公園",
    "{title}: 公園",
    "'; DROP TABLE catalog_dataset; --",
    "' OR 1=1 --",
    "%_\\",
    "公園 & | ! <-> :*",
    "\x00公園",
    "公園" * 5_000,
    "a " * 5_000,
    "<script>alert(1)</script>",
]


@pytest.fixture
def catalog():
    org = factories.organization("koen", "公園緑地課")
    factories.dataset(org, "parks", "区立公園一覧", notes="遊具とトイレのある公園です。")
    factories.dataset(
        org, "toilets", "公衆トイレ一覧", tags=["トイレ"], conforms_to="public-toilet"
    )
    factories.dataset(org, "script", "<b>危険</b>な<script>alert(1)</script>名前")


def page(client, **params):
    response = client.get("/dataset/", params)
    assert response.status_code == 200
    assert "Traceback" not in response.text
    return response.text


def result_titles(html: str) -> list[str]:
    items = re.findall(r'<li class="dataset-item">\s*<h3><a [^>]*>(.*?)</a>', html, re.S)
    return [re.sub(r"</?mark>", "", item) for item in items]


def test_matched_terms_are_marked_in_titles_and_descriptions(client, catalog):
    html = page(client, q="遊具 公園")
    assert "区立<mark>公園</mark>一覧" in html
    assert "<mark>遊具</mark>とトイレのある<mark>公園</mark>です。" in html


def test_text_around_the_marks_is_escaped(client, catalog):
    html = page(client, q="危険")
    assert "&lt;b&gt;<mark>危険</mark>&lt;/b&gt;な&lt;script&gt;" in html
    assert "<script>alert" not in html


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_queries_get_a_page_never_an_error(client, catalog, text):
    html = page(client, q=text)
    assert "<script>alert" not in html


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_queries_through_the_search_function(catalog, text):
    results = search_datasets(None, DatasetQuery(q=text))
    assert results.total >= len(results.datasets)
    assert results.total or results.notices or results.text is None or results.text.terms


@pytest.mark.parametrize("text", ['"公園', "公園*", "^公園", "-公園", "(公園)", "公園:", "{公園}"])
def test_search_syntax_characters_are_only_separators(catalog, text):
    # No operator reaches FTS5 or tsquery: -公園 is not "without 公園".
    plain = search_datasets(None, DatasetQuery(q="公園"))
    results = search_datasets(None, DatasetQuery(q=text))
    assert [d.name for d in results.datasets] == [d.name for d in plain.datasets]
    assert results.total == plain.total == 3  # the organization's title says 公園 too


@pytest.mark.parametrize(
    "raw", ["q=%ff%fe%fd", "q=%ed%a0%80%e5%85%ac", "q=%e5%85", "q=%00", "organization=%00"]
)
def test_invalid_utf8_and_nul_bytes_in_the_url_are_harmless(client, catalog, raw):
    response = client.get("/dataset/?" + raw)
    assert response.status_code == 200


def test_unsearchable_and_truncated_queries_say_why(client, catalog):
    assert "検索できる語が含まれていません" in page(client, q="* の")
    html = page(client, q="公園 " + "あ" * 10_000)
    assert "先頭の256文字で検索しました" in html
    english = client.get("/en/dataset/", {"q": "* の"}).text
    assert "The query has no searchable words" in english


def test_a_query_without_matches_says_so(client, catalog):
    assert "No datasets match" in client.get("/en/dataset/", {"q": "図書館"}).text


def test_relevance_is_offered_only_with_text(client, catalog):
    with_text = page(client, q="一覧")
    assert '<strong aria-current="true">関連度順</strong>' in with_text
    assert "関連度順" not in page(client)


def test_sorting_by_title_keeps_the_text(client, catalog):
    html = page(client, q="一覧", sort="title_string asc")
    assert result_titles(html) == ["公衆トイレ一覧", "区立公園一覧"]
    assert 'name="sort" value="title_string asc"' in html


def test_facet_links_keep_the_text_and_narrow_it(client, catalog):
    html = page(client, q="トイレ")
    assert "?q=%E3%83%88%E3%82%A4%E3%83%AC&amp;conforms_to=public-toilet" in html
    assert "公衆トイレ一覧" in html  # the standard's name labels the facet
    narrowed = page(client, q="トイレ", conforms_to="public-toilet")
    assert result_titles(narrowed) == ["公衆トイレ一覧"]


def test_a_page_past_the_end_shows_the_last_page(client, catalog):
    html = page(client, q="一覧", page="99999999999999999999999")
    assert len(result_titles(html)) == 2


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    text=st.lists(
        st.sampled_from(
            [
                *"公園トイレ一覧ｺｳｴﾝ AＥD\"“”「」*^()-:{}'\\%_;<>&|!",
                *("NEAR", "OR", "AND", "NOT", "\u3000", "\ufffd", "\U0001f600", "\ud800"),
            ]
        ),
        max_size=20,
    ).map("".join)
)
def test_any_text_gets_results_or_a_notice(client, catalog, text):
    results = search_datasets(None, DatasetQuery(q=text), log_zero_results=False)
    assert results.total >= len(results.datasets)
    if results.text is not None and results.text.empty:
        assert results.notices
    # Lone surrogates reach the site only as bytes that are not UTF-8 (%ED%A0%80).
    encoded = quote(text, encoding="utf-8", errors="surrogatepass")
    assert client.get(f"/dataset/?q={encoded}").status_code == 200
