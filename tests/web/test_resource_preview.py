"""The resource page: a table preview that pages, sorts and filters on the server (no JavaScript
needed), the downloads with their licence, and each column's profile beside its dictionary."""

from __future__ import annotations

import re

import pytest

from hiraku.datastore.models import ColumnInfo

pytestmark = pytest.mark.django_db(databases=["default", "datastore"])


def _cells(html: str) -> list[str]:
    body = html.split("data-preview-rows>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr><td>(.*?)</td>", body)


def test_preview_pages_twenty_rows_at_a_time(shelters, page_of):
    first = page_of(shelters)
    assert "全 25 行中 1〜20 行目" in first
    assert _cells(first)[:2] == ["避難所01", "避難所02"] and len(_cells(first)) == 20
    second = page_of(shelters, params={"page": 2})
    assert _cells(second) == [
        "避難所21",
        "避難所22",
        "原点避難所",
        "ロンドン避難所",
        "位置なし避難所",
    ]
    assert 'rel="prev"' in second and "2 ページ中 2 ページ目" in second


def test_a_page_past_the_end_shows_the_last_page(shelters, page_of):
    assert "全 25 行中 21〜25 行目" in page_of(shelters, params={"page": 99})


def test_sorting_descending_marks_the_column_and_links_to_the_next_order(shelters, page_of):
    text = page_of(shelters, params={"sort": "-収容人数"})
    assert _cells(text)[0] == "避難所22"
    assert 'aria-sort="descending"' in text
    # The header now offers "back to file order"; other headers keep the filter-free state.
    assert re.search(r'aria-sort="descending"><a href="\?"', text)


def test_filters_from_the_form_narrow_the_rows(shelters, page_of):
    text = page_of(
        shelters, params={"fc": ["種別", "収容人数"], "fo": ["eq", "gte"], "fv": ["公民館", "500"]}
    )
    assert _cells(text) == ["避難所12", "避難所17", "避難所22"]
    assert "全 3 行中 1〜3 行目" in text
    # The filled rows stay in the form, with an empty one to add another filter.
    assert text.count('name="fv"') == 3 and 'value="公民館"' in text


def test_search_finds_text_in_any_column(shelters, page_of):
    assert _cells(page_of(shelters, params={"q": "London"})) == ["ロンドン避難所"]


def test_a_filter_value_of_the_wrong_type_is_explained_not_a_crash(shelters, page_of):
    text = page_of(shelters, params={"fc": "収容人数", "fo": "gt", "fv": "たくさん"})
    assert 'role="alert"' in text and "型（integer）に合いません" in text
    english = page_of(shelters, params={"fc": "収容人数", "fo": "gt", "fv": "many"}, language="en")
    assert "is not a valid integer" in english


def test_unknown_column_in_a_filter_is_explained(shelters, page_of):
    assert "列「無い列」はありません" in page_of(shelters, params={"fc": "無い列", "fv": "x"})


def test_downloads_offer_the_export_formats_with_licence_and_attribution(shelters, page_of):
    text = page_of(shelters)
    api = f"/api/v1/resources/{shelters.pk}/records"
    for query in (
        "format=csv",
        "format=csv&amp;encoding=cp932",
        "format=xlsx",
        "format=ndjson",
        "format=geojson",
    ):
        assert f'href="{api}?{query}"' in text
    licence_box = text.split('class="licence-box"', 1)[1].split("</div>", 1)[0]
    assert "クリエイティブ・コモンズ" in licence_box or "CC BY" in licence_box
    assert "避難所一覧" in licence_box  # the attribution names the dataset
    assert "/download/shelters.csv" in text


def test_filtered_downloads_carry_the_filters(shelters, page_of):
    hidden = page_of(shelters)
    assert "data-filtered-downloads hidden" in hidden
    text = page_of(shelters, params={"fc": "種別", "fo": "eq", "fv": "公園"})
    block = text.split("data-filtered-downloads", 1)[1].split("</div>", 1)[0]
    assert not block.startswith(" hidden")
    assert "?%E7%A8%AE%E5%88%A5=%E5%85%AC%E5%9C%92&amp;format=csv" in block


def test_tables_without_coordinates_offer_no_geojson_and_no_map_tab(budget, page_of):
    text = page_of(budget)
    assert "format=geojson" not in text
    assert "/map/" not in text and ">地図<" not in text
    assert ">グラフ<" in text


def test_column_profile_shows_type_fill_range_distinct_and_top_values(shelters, page_of):
    text = page_of(shelters)
    card = text.split('<h3 id="column-4">収容人数</h3>', 1)[1].split("</section>", 1)[0]
    assert "整数" in card
    assert "100%（25 行）" in card
    assert "50 – 1100" in card
    assert 'class="histogram"' in card and "<title>" in card
    kinds = text.split('<h3 id="column-3">種別</h3>', 1)[1].split("</section>", 1)[0]
    assert '公園 <span class="count">(7)</span>' in kinds
    latitude = text.split('<h3 id="column-6">緯度</h3>', 1)[1].split("</section>", 1)[0]
    assert "96%（24 行）" in latitude


def test_data_dictionary_entries_appear_beside_the_profile(shelters, page_of):
    ColumnInfo.objects.filter(resource=shelters, source_name="収容人数").update(
        description="最大の収容人数",
        description_en="Maximum number of people",
        unit="人",
        label_en="Capacity",
    )
    text = page_of(shelters)
    assert "最大の収容人数" in text and "単位: 人" in text
    english = page_of(shelters, language="en")
    assert "Maximum number of people" in english and "Capacity" in english


def test_english_page_translates_the_interface(shelters, page_of):
    text = page_of(shelters, language="en")
    assert '<html lang="en">' in text
    for phrase in (
        "Table preview",
        "Search in this table",
        "Rows 1–20 of 25",
        "Most common values",
        "CSV for Excel (Shift_JIS)",
        "Credit the data like this:",
    ):
        assert phrase in text, phrase
    assert "Shelters" in text  # the dataset's English title


def test_preview_script_gets_its_api_and_words_from_a_json_block(shelters, page_of):
    text = page_of(shelters, language="en")
    assert 'id="preview-config" type="application/json"' in text
    assert f"/api/v1/resources/{shelters.pk}/records" in text
    assert "Rows {first}" in text
    assert "<script>" not in text and " style=" not in text


def test_resource_that_is_not_a_table_offers_the_download_only(bosai, page_of):
    import io

    from hiraku.catalog import services
    from tests import factories

    dataset = factories.dataset(bosai, "minutes", "議事録")
    resource = services.add_resource(
        factories.platform_admin(), dataset, upload=io.BytesIO(b"%PDF-1.4"), filename="minutes.pdf"
    )
    text = page_of(resource)
    assert "/download/minutes.pdf" in text
    assert "data-preview" not in text and "/api/v1/" not in text
