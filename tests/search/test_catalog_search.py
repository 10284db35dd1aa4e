"""search_datasets: text, facets, sorts and pages combine, the same with or without text."""

from __future__ import annotations

import pytest

from hiraku.catalog import queries
from hiraku.catalog.queries import DatasetQuery, find_datasets, search_datasets
from hiraku.search.backend import get_backend
from hiraku.search.query import EMPTY, NOTHING_SEARCHABLE, TRUNCATED
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    koen = factories.organization("koen", "公園緑地課")
    bosai = factories.organization("bosai", "防災課")
    made = {
        "parks": factories.dataset(
            koen, "parks", "区立公園一覧", tags=["公園"], license_id="pdl-1.0"
        ),
        "toilets": factories.dataset(
            koen,
            "toilets",
            "公衆トイレ一覧",
            notes="公園と駅のトイレ。",
            tags=["トイレ"],
            conforms_to="public-toilet",
        ),
        "evacuation": factories.dataset(
            bosai,
            "evacuation",
            "指定緊急避難場所一覧",
            notes="公園や学校の避難場所。",
            tags=["防災"],
            themes=["social-security"],
            conforms_to="evacuation-space",
        ),
        "aed": factories.dataset(bosai, "aed", "AED設置箇所一覧", tags=["防災"]),
    }
    factories.resource(made["parks"], filename="parks.csv")
    return made


def names(query: DatasetQuery, **kwargs) -> list[str]:
    return [d.name for d in search_datasets(None, query, **kwargs).datasets]


def test_relevance_is_the_default_with_text_and_puts_title_matches_first(catalog):
    results = search_datasets(None, DatasetQuery(q="公園"))
    assert results.sort == queries.RELEVANCE
    assert [d.name for d in results.datasets][:1] == ["parks"]
    assert results.total == 3


def test_without_text_the_newest_come_first(catalog):
    results = search_datasets(None, DatasetQuery())
    assert results.sort == queries.NEWEST and results.text is None
    assert [d.name for d in results.datasets] == ["parks", "aed", "evacuation", "toilets"]


def test_ckan_sort_names_work_with_text(catalog):
    by_title = DatasetQuery(q="公園", sort="title_string asc")
    assert names(by_title) == ["toilets", "parks", "evacuation"]
    ckan_relevance = DatasetQuery(q="公園", sort="score desc, metadata_modified desc")
    assert names(ckan_relevance) == names(DatasetQuery(q="公園"))
    assert DatasetQuery(sort="relevance").effective_sort == queries.NEWEST
    assert DatasetQuery(q="x", sort="nonsense").effective_sort == queries.RELEVANCE


def test_facets_count_only_what_the_text_matches(catalog):
    results = search_datasets(None, DatasetQuery(q="防災"))
    assert results.total == 2
    organizations = {item.name: item.count for item in results.facets["organization"]}
    assert organizations == {"bosai": 2}
    assert {item.name for item in results.facets["tags"]} == {"防災"}


def test_text_and_every_facet_filter_combine(catalog):
    def total(**filters) -> int:
        return search_datasets(None, DatasetQuery(q="公園", filters=filters)).total

    assert total(organization=["koen"]) == 2
    assert total(organization=["bosai"]) == 1
    assert total(tags=["トイレ"]) == 1
    assert total(res_format=["CSV"]) == 1
    assert total(license_id=["pdl-1.0"]) == 1
    assert total(groups=["social-security"]) == 1
    assert total(conforms_to=["public-toilet"]) == 1
    assert total(organization=["koen"], conforms_to=["evacuation-space"]) == 0


def test_the_standard_dataset_facet_shows_the_standards_name(catalog):
    results = search_datasets(None, DatasetQuery(filters={"conforms_to": ["evacuation-space"]}))
    [item] = results.facets["conforms_to"]
    assert (item.name, item.title, item.count, item.active) == (
        "evacuation-space",
        "指定緊急避難場所一覧",
        1,
        True,
    )
    assert item.title_en


def test_pages_cover_every_match_once(catalog):
    query = DatasetQuery(q="一覧")
    total = search_datasets(None, query).total
    pages = [names(query, offset=offset, limit=3) for offset in range(0, total + 3, 3)]
    seen = [name for page in pages for name in page]
    assert len(seen) == total == 4 and len(set(seen)) == total
    beyond = search_datasets(None, query, offset=10**30, limit=3)
    assert beyond.datasets == [] and beyond.total == total
    browse = search_datasets(None, DatasetQuery(), offset=10**30, limit=10**30)
    assert browse.datasets == [] and browse.total == total


def test_find_datasets_returns_the_matching_queryset(catalog):
    found = find_datasets(None, DatasetQuery(q="公園", filters={"organization": ["koen"]}))
    assert set(found.values_list("name", flat=True)) == {"parks", "toilets"}


def test_text_that_cannot_be_searched_returns_nothing_and_says_why(catalog):
    results = search_datasets(None, DatasetQuery(q='* " ^ ( - の'))
    assert results.total == 0 and results.datasets == []
    assert results.notices == (NOTHING_SEARCHABLE,)
    assert search_datasets(None, DatasetQuery(q="   ")).notices == ()
    assert EMPTY.message_en and EMPTY.message_ja


def test_a_very_long_query_is_cut_and_says_so(catalog):
    results = search_datasets(None, DatasetQuery(q="公園 " + "あ" * 10_000))
    assert TRUNCATED in results.notices


def test_results_highlight_the_terms_they_matched(catalog):
    results = search_datasets(None, DatasetQuery(q="こうえん 公衆"))
    assert results.highlight("公衆トイレ") == [("公衆", True), ("トイレ", False)]
    assert search_datasets(None, DatasetQuery()).highlight("公園") == [("公園", False)]


def test_a_rare_term_said_often_outranks_a_common_term_said_often():
    # BM25's idf: with every result holding both terms, repeating the rarer one counts more.
    org = factories.organization("kankyo", "環境課")
    # Created first, so that it would win a tie.
    factories.dataset(org, "common", "調査B", notes="騒音 測定 測定 測定")
    factories.dataset(org, "rare", "調査A", notes="騒音 騒音 騒音 測定")
    for n in range(6):
        factories.dataset(org, f"filler-{n}", f"資料{n}", notes="測定")
    get_backend().optimize()  # PostgreSQL takes document frequencies from its statistics
    assert names(DatasetQuery(q="騒音 測定")) == ["rare", "common"]
