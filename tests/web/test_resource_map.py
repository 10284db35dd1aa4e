"""Maps: only for tables with locations, with rows outside Japan listed instead of plotted, a
list of places that works without JavaScript, and tiles that come from a setting."""

from __future__ import annotations

import json
import re

import pytest
from django.test import override_settings

from hiraku.datastore.query import Column
from hiraku.web.places import place_columns

pytestmark = pytest.mark.django_db(databases=["default", "datastore"])


def _config(html: str) -> dict:
    match = re.search(r'<script id="map-config" type="application/json">(.*?)</script>', html, re.S)
    assert match, "no map configuration in the page"
    return json.loads(match.group(1))


def test_map_tab_leads_to_a_map_of_the_located_rows(shelters, page_of):
    assert 'href="' + shelters.get_absolute_url() + 'map/"' in page_of(shelters)
    text = page_of(shelters, "map/")
    assert "22 行に国内の位置情報があり" in text
    assert 'aria-current="page">地図<' in text
    config = _config(text)
    assert config["geojson"].startswith(f"/api/v1/resources/{shelters.pk}/records?")
    assert "format=geojson" in config["geojson"]
    assert config["main"] == ["名称", "住所", "種別"]
    # Numeric latitude and longitude: the "map area" filter goes through the records API.
    assert (config["latitude"], config["longitude"]) == ("緯度", "経度")


def test_rows_at_0_0_abroad_or_without_location_are_listed_not_plotted(shelters, page_of):
    text = page_of(shelters, "map/")
    unplaced = text.split('id="unplaced-title"', 1)[1]
    assert "3 行は位置情報がないか国外" in unplaced
    for name in ("原点避難所", "ロンドン避難所", "位置なし避難所"):
        assert name in unplaced
    assert "避難所01" not in unplaced


def test_list_of_places_pages_without_javascript(shelters, page_of):
    first = page_of(shelters, "map/")
    assert "全 25 か所中 1〜25 か所目" in first
    assert '<th scope="col">緯度</th>' in first and "34.81" in first


def test_a_location_in_one_cell_is_mapped_and_filtered_in_the_browser(one_cell, page_of):
    text = page_of(one_cell, "map/")
    config = _config(text)
    assert config["latitude"] is None and config["locationCount"] == 1
    assert "AED不明" in text.split('id="unplaced-title"', 1)[1]
    assert "2 行に国内の位置情報があり" in text


def test_no_map_for_tables_without_coordinates(budget, client, page_of):
    assert "map/" not in page_of(budget)
    assert client.get(budget.get_absolute_url() + "map/").status_code == 404


def test_no_map_when_no_row_lies_in_japan(bosai, run_on_commit, client, page_of):
    from tests.web.conftest import _resource

    content = "名称,緯度,経度\nA,0,0\nB,51.5,-0.1\n"
    abroad = _resource(run_on_commit, bosai, "abroad", "海外", content, "abroad.csv")
    assert ">地図<" not in page_of(abroad)
    assert client.get(abroad.get_absolute_url() + "map/").status_code == 404


def test_tiles_and_attribution_come_from_the_settings(shelters, page_of):
    with override_settings(
        MAP_TILE_URL="https://tiles.example.jp/{z}/{x}/{y}.png",
        MAP_TILE_ATTRIBUTION='<a href="https://example.jp/">例</a><img src=x onerror=alert(1)>',
    ):
        text = page_of(shelters, "map/")
    config = _config(text)
    assert config["tiles"] == "https://tiles.example.jp/{z}/{x}/{y}.png"
    assert config["attribution"] == '<a href="https://example.jp/" rel="noopener noreferrer">例</a>'
    assert "onerror" not in text


def test_without_tiles_the_page_says_so(shelters, page_of):
    with override_settings(MAP_TILE_URL=""):
        text = page_of(shelters, "map/")
    assert _config(text)["tiles"] == ""
    assert "背景地図が設定されていない" in text


def test_default_tiles_are_gsi_with_attribution_and_allowed_by_the_csp():
    from hiraku import config
    from hiraku.settings import _tile_origin

    url = config.get("HIRAKU_MAP_TILE_URL")
    assert url == "https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png"
    assert "https://maps.gsi.go.jp/development/ichiran.html" in config.get(
        "HIRAKU_MAP_TILE_ATTRIBUTION"
    )
    assert _tile_origin(url) == ["https://cyberjapandata.gsi.go.jp"]
    assert _tile_origin("https://{s}.tile.example.org/{z}/{x}/{y}.png") == [
        "https://*.tile.example.org"
    ]
    assert _tile_origin("") == []


def test_main_fields_prefer_name_address_and_position_over_readings():
    columns = [
        Column(n, n, t)
        for n, t in [
            ("名称_カナ", "text"),
            ("名称", "text"),
            ("名称_英語", "text"),
            ("住所", "text"),
            ("設置位置", "text"),
            ("緯度", "number"),
            ("経度", "number"),
            ("電話番号", "text"),
        ]
    ]
    places = place_columns(columns)
    assert places is not None
    assert [c.label for c in places.main] == ["名称", "住所", "設置位置"]
    assert [c.label for c in places.location] == ["緯度", "経度"] and places.filterable_by_area
    english = place_columns(columns, english=True)
    assert [c.label for c in english.main][:2] == ["名称", "名称_英語"]


def test_text_coordinates_are_mapped_but_filtered_in_the_browser():
    columns = [
        Column("name", "name", "text"),
        Column("lat", "lat", "text"),
        Column("lon", "lon", "text"),
    ]
    places = place_columns(columns)
    assert places is not None and not places.filterable_by_area
    assert place_columns([Column("名称", "名称", "text")]) is None
