"""Charts: a builder whose state lives in the URL, a table under every chart, an explanation
when a column cannot be added up, and a population pyramid for 地域・年齢別人口 tables."""

from __future__ import annotations

import json
import re

import pytest

from hiraku.catalog.models import Resource
from hiraku.datastore.query import Table
from hiraku.web.charts import ChartProblem, ChartSpec, build_chart
from hiraku.web.profile import numeric_edges

pytestmark = pytest.mark.django_db(databases=["default", "datastore"])


def _table(resource) -> Table:
    return Table.for_resource(Resource.objects.get(pk=resource.pk))


def _block(html: str, name: str) -> dict:
    match = re.search(rf'<script id="{name}" type="application/json">(.*?)</script>', html, re.S)
    assert match, f"no {name}"
    return json.loads(match.group(1))


def _table_rows(html: str, caption_id: str) -> list[tuple[str, str]]:
    table = html.split(f'id="{caption_id}"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr><th scope="row"[^>]*>(.*?)</th><td class="num">(.*?)</td>', table)


def test_first_chart_counts_rows_per_category(shelters, page_of):
    text = page_of(shelters, "chart/")
    config = _block(text, "chart-config")
    assert config["kind"] == "bar" and config["xTitle"] == "種別"
    assert dict(zip(config["labels"], config["values"], strict=True))["公園"] == 7
    assert ("公園", "7") in _table_rows(text, "chart-caption")
    assert "種別ごとの行数" in text


def test_sum_and_average_per_category(shelters, page_of):
    text = page_of(
        shelters, "chart/", {"kind": "line", "x": "種別", "measure": "sum", "y": "収容人数"}
    )
    config = _block(text, "chart-config")
    totals = dict(zip(config["labels"], config["values"], strict=True))
    assert config["kind"] == "line"
    assert totals["公民館"] == 50 * (2 + 7 + 12 + 17 + 22)
    assert "種別ごとの収容人数の合計" in text
    average = _block(
        page_of(shelters, "chart/", {"x": "種別", "measure": "avg", "y": "収容人数"}),
        "chart-config",
    )
    assert dict(zip(average["labels"], average["values"], strict=True))["公民館"] == 600


def test_chart_state_is_in_a_link_that_can_be_shared(shelters, page_of):
    text = page_of(
        shelters, "chart/", {"kind": "line", "x": "種別", "measure": "sum", "y": "収容人数"}
    )
    share = re.search(r'id="share-url" type="text" readonly value="([^"]+)"', text).group(1)
    assert "kind=line" in share and "measure=sum" in share
    assert "x=%E7%A8%AE%E5%88%A5" in share and "y=%E5%8F%8E%E5%AE%B9" in share
    # The form shows the same state.
    assert '<option value="line" selected>' in text


def test_a_text_column_cannot_be_summed_and_the_page_says_why(shelters, page_of):
    text = page_of(shelters, "chart/", {"x": "種別", "measure": "sum", "y": "名称"})
    assert 'role="alert"' in text
    assert "「名称」は数値ではなく文字の列なので、合計や平均は計算できません" in text
    assert "chart-config" not in text
    english = page_of(
        shelters, "chart/", {"x": "種別", "measure": "avg", "y": "名称"}, language="en"
    )
    assert "名称&#x27; holds text, not numbers, so it cannot be summed or averaged" in english


def test_dates_are_in_order_and_can_be_grouped_by_year(shelters):
    table = _table(shelters)
    by_day = build_chart(table, ChartSpec(x="開設日"))
    assert by_day.labels == sorted(by_day.labels) and by_day.period == "day"
    by_year = build_chart(table, ChartSpec(x="開設日", period="year"))
    assert by_year.labels == ["2020", "2021"] and by_year.values == [22, 3]


def test_numbers_on_the_axis_are_in_numeric_order(budget):
    chart = build_chart(_table(budget), ChartSpec(x="金額"))
    assert chart.labels == ["1200", "2100", "3400"]


def test_sum_without_a_column_is_explained(budget):
    with pytest.raises(ChartProblem) as raised:
        build_chart(_table(budget), ChartSpec(x="項目", measure="sum"))
    assert raised.value.code == "no-value-column"


def test_table_without_numbers_can_only_count(one_cell, page_of):
    text = page_of(one_cell, "chart/")
    assert "この表には数値の列がないため" in text


def test_population_pyramid_for_all_areas_and_for_one(population, page_of):
    text = page_of(population, "chart/")
    config = _block(text, "pyramid-config")
    assert config["labels"][0] == "85歳以上" and config["labels"][-1] == "0〜4歳"
    # All areas: 本町 starts at 10, 栄町 at 100, so 0-4 men are 10 + 100.
    assert config["male"][-1] == 110 and config["female"][-1] == 112
    assert "<option>本町</option>" in text and "全地域の合計" in text
    one = page_of(population, "chart/", {"area": "栄町"})
    assert _block(one, "pyramid-config")["male"][-1] == 100
    rows = one.split('id="pyramid-caption"', 1)[1].split("</table>", 1)[0]
    assert '<th scope="row">0〜4歳</th><td class="num">100</td><td class="num">101</td>' in rows
    # The first chart of a population table: the total population of each area.
    assert _block(text, "chart-config")["title"] == "地域名ごとの総人口の合計"


def test_pyramid_ignores_an_unknown_area_and_speaks_english(population, page_of):
    text = page_of(population, "chart/", {"area": "存在しない町"}, language="en")
    assert _block(text, "pyramid-config")["male"][-1] == 110
    assert "Population pyramid" in text and "85 and over" in text and "All areas together" in text


def test_histogram_edges_give_one_bin_per_value_for_small_integer_ranges():
    assert numeric_edges(1, 5, integer=True) == [1, 2, 3, 4, 5, 6]
    edges = numeric_edges(0, 100, integer=False)
    assert len(edges) == 11 and edges[0] == 0 and edges[-1] == 100
    assert numeric_edges(3, 3, integer=True) == [3, 3]
