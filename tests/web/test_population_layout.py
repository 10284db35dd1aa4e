"""地域・年齢別人口 tables are recognised by their headers, whichever layout they follow."""

from __future__ import annotations

from hiraku.web.population import population_layout
from tests.web.conftest import POPULATION_HEADER

TAKAMATSU = (
    "#property,prefCode,regionCode,prefName,cityName,surveyDate,regionName,totalPopulation,male,"
    "woman," + ",".join(f"man{i},woman{i}" for i in range(1, 19)) + ",numberOfHouseholds,note,"
    "location"
).split(",")


def test_standard_headers_give_eighteen_bands_from_0_4_to_85_and_over():
    layout = population_layout(POPULATION_HEADER)
    assert layout is not None
    assert layout.area == "地域名" and layout.total == "総人口"
    assert len(layout.bands) == 18
    first, last = layout.bands[0], layout.bands[-1]
    assert (first.low, first.high, first.male, first.female) == (0, 4, "0-4歳の男性", "0-4歳の女性")
    assert (last.low, last.high, last.male) == (85, None, "85歳以上の男性")


def test_takamatsu_english_headers_are_five_year_bands_with_85_plus_last():
    layout = population_layout(TAKAMATSU)
    assert layout is not None
    assert layout.area == "regionName" and layout.total == "totalPopulation"
    assert [(b.low, b.high) for b in layout.bands[:2]] == [(0, 4), (5, 9)]
    assert (layout.bands[-1].low, layout.bands[-1].high) == (85, None)
    assert layout.bands[3].male == "man4" and layout.bands[3].female == "woman4"


def test_sex_first_and_wave_dash_variants_are_understood():
    labels = ["地区名"] + [f"{s}{low}～{low + 4}歳" for low in range(0, 30, 5) for s in "男女"]
    layout = population_layout(labels)
    assert layout is not None and layout.area == "地区名"
    assert [(b.low, b.male) for b in layout.bands][:2] == [(0, "男0～4歳"), (5, "男5～9歳")]


def test_other_tables_are_not_population_tables():
    assert population_layout(["名称", "住所", "緯度", "経度"]) is None
    assert population_layout(["男女共用トイレ総数", "男性トイレ総数", "女性トイレ総数"]) is None
    # Numbered columns that are not a run from 1 are not age bands.
    assert (
        population_layout(
            [f"man{i}" for i in (2, 4, 6, 8, 10)] + [f"woman{i}" for i in (2, 4, 6, 8, 10)]
        )
        is None
    )


def test_bands_missing_one_sex_are_left_out():
    labels = [f"{low}-{low + 4}歳の男性" for low in range(0, 50, 5)]
    labels += [f"{low}-{low + 4}歳の女性" for low in range(0, 25, 5)]
    layout = population_layout(labels)
    assert layout is not None and len(layout.bands) == 5
