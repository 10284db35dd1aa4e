"""Small loaded tables for the resource pages: places with a few bad locations, a location in one
cell, a table with no location, and a 地域・年齢別人口 table."""

from __future__ import annotations

import io

import pytest
from django.utils import translation

from hiraku.catalog import services
from tests import factories

# 25 shelters: enough for two preview pages. Row 23 sits at 0,0, row 24 in London, row 25 has
# no location at all.
_KINDS = ["小学校", "中学校", "公民館", "体育館", "公園"]
SHELTER_ROWS = [
    (
        f"避難所{i:02d}",
        f"焼津市本町{i}-1",
        _KINDS[i % 5],
        50 * i,
        f"2020-{i % 12 + 1:02d}-01",
        f"{34.80 + i / 100:.4f}",
        f"{138.30 + i / 100:.4f}",
    )
    for i in range(1, 23)
] + [
    ("原点避難所", "焼津市原点1", "公園", 100, "2021-01-01", "0", "0"),
    ("ロンドン避難所", "London", "公園", 200, "2021-02-01", "51.5072", "-0.1276"),
    ("位置なし避難所", "焼津市不明", "公園", 300, "2021-03-01", "", ""),
]
SHELTERS = "名称,住所,種別,収容人数,開設日,緯度,経度\n" + "".join(
    ",".join(str(v) for v in row) + "\n" for row in SHELTER_ROWS
)
ONE_CELL = (
    "name,address,location\n"
    'AED高松駅,高松市浜ノ町1-1,"34.35215833,134.04813444"\n'
    'AED市役所,高松市番町1-8-15,"34.34032,134.04655"\n'
    'AED不明,高松市どこか,"0,0"\n'
)
BUDGET = "項目,金額\n総務費,1200\n民生費,3400\n教育費,2100\n"
POPULATION_HEADER = (
    ["地域名", "総人口", "男性", "女性"]
    + [f"{low}-{low + 4}歳の{sex}" for low in range(0, 85, 5) for sex in ("男性", "女性")]
    + ["85歳以上の男性", "85歳以上の女性"]
)


def _population_row(area: str, base: int) -> list[str]:
    bands = [str(base + i) for i in range(36)]
    male = sum(int(v) for v in bands[0::2])
    female = sum(int(v) for v in bands[1::2])
    return [area, str(male + female), str(male), str(female), *bands]


POPULATION = (
    "\n".join(
        ",".join(row)
        for row in [POPULATION_HEADER, _population_row("本町", 10), _population_row("栄町", 100)]
    )
    + "\n"
)


@pytest.fixture(autouse=True)
def _japanese_first():
    """Each test starts in Japanese (a request to /en/ leaves English active in the thread)."""
    with translation.override("ja"):
        yield


@pytest.fixture
def bosai():
    return factories.organization("bosai", "防災課", title_en="Disaster Prevention")


def _resource(run_on_commit, organization, name, title, content, filename, **fields):
    dataset = factories.dataset(organization, name, title, license_id="cc-by-4.0", **fields)
    return run_on_commit(
        services.add_resource,
        factories.platform_admin(),
        dataset,
        upload=io.BytesIO(content.encode()),
        filename=filename,
        name=filename.removesuffix(".csv"),
    )


@pytest.fixture
def shelters(run_on_commit, bosai):
    return _resource(
        run_on_commit,
        bosai,
        "shelters",
        "避難所一覧",
        SHELTERS,
        "shelters.csv",
        title_en="Shelters",
    )


@pytest.fixture
def one_cell(run_on_commit, bosai):
    return _resource(run_on_commit, bosai, "aed", "AED一覧", ONE_CELL, "aed.csv")


@pytest.fixture
def budget(run_on_commit, bosai):
    return _resource(run_on_commit, bosai, "budget", "予算", BUDGET, "budget.csv")


@pytest.fixture
def population(run_on_commit, bosai):
    return _resource(
        run_on_commit, bosai, "population", "地域・年齢別人口", POPULATION, "population.csv"
    )


@pytest.fixture
def page_of(client):
    """The text of one of a resource's pages ("" for the table, "map/", "chart/")."""

    def get(resource, view: str = "", params: dict | None = None, *, language: str = "ja"):
        # URLs are reversed in the active language (/en/… after an English request): ask in ja.
        with translation.override("ja"):
            path = resource.get_absolute_url()
        prefix = "/en" if language == "en" else ""
        response = client.get(prefix + path + view, params or {})
        assert response.status_code == 200, response.status_code
        return response.text

    return get
