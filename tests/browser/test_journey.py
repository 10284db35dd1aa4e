"""A resident's way through the site: search → dataset → preview → filter → map → chart →
download, in headless Chromium."""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _status(page: Page) -> str:
    return page.locator("[data-preview-status]").inner_text()


def test_resident_finds_previews_filters_maps_charts_and_downloads_aed_data(site, page):
    # Search from the home page.
    page.goto(site.url("/"))
    page.get_by_label("データセットを検索").fill("AED")
    page.get_by_label("データセットを検索").press("Enter")
    expect(page).to_have_url(re.compile(r"/dataset/\?q=AED"))
    page.get_by_role("link", name="AED設置箇所一覧（焼津市）").click()

    # The dataset page leads to its table.
    expect(page.get_by_role("heading", level=1)).to_have_text("AED設置箇所一覧（焼津市）")
    page.locator(".resource-list a").first.click()
    expect(page.locator("[data-preview-status]")).to_have_text("全 82 行中 1〜20 行目")

    # Paging reads the records API; the page does not reload and the URL keeps the state.
    page.evaluate("window.stillHere = true")
    page.locator('[data-page="next"]').click()
    expect(page.locator("[data-preview-status]")).to_have_text("全 82 行中 21〜40 行目")
    expect(page).to_have_url(re.compile(r"page=2"))
    assert page.evaluate("window.stillHere") is True

    # Filter: the name contains 交流センター.
    page.get_by_text("列で絞り込む").click()
    page.get_by_label("列 1").select_option("名称")
    page.get_by_label("条件").first.select_option("contains")
    page.get_by_label("値").first.fill("交流センター")
    page.get_by_role("button", name="行を表示").click()
    expect(page.locator("[data-preview-status]")).to_have_text(re.compile(r"^全 \d+ 行中 1〜"))
    names = page.locator("[data-preview-rows] tr td:nth-child(5)").all_inner_texts()
    assert names and all("交流センター" in name for name in names)
    assert page.evaluate("window.stillHere") is True
    filtered = page.locator("[data-filtered-downloads]")
    expect(filtered).to_be_visible()
    assert "%E4%BA%A4%E6%B5%81" in filtered.locator("a").first.get_attribute("href")

    # Sort by name, descending after a second click.
    header = page.locator("th", has=page.locator('a[data-sort="名称"]'))
    header.locator("a").click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    header.locator("a").click()
    expect(header).to_have_attribute("aria-sort", "descending")
    # Back and forward work like pages.
    page.go_back()
    expect(header).to_have_attribute("aria-sort", "ascending")

    # The map: clustered markers, and a list narrowed to the map area.
    page.get_by_role("link", name="地図", exact=True).click()
    page.wait_for_selector("[data-map-ready='82']")
    assert page.locator(".leaflet-marker-icon").count() > 0
    page.get_by_role("button", name="地図の範囲内だけ").click()
    expect(page.locator("[data-list-status]")).to_have_text(re.compile(r"地図の範囲内に 82 か所"))
    for _ in range(3):
        page.get_by_role("button", name="拡大").click()
    expect(page.locator("[data-list-status]")).to_have_text(
        re.compile(r"地図の範囲内に ([1-7]?\d) か所")
    )
    in_area = re.search(r"に (\d+) か所", page.locator("[data-list-status]").inner_text())[1]
    # The same rows, as filters of the table preview.
    page.get_by_role("link", name="地図の範囲内の行を表のプレビューで開く").click()
    expect(page.locator("[data-preview-status]")).to_have_text(re.compile(rf"^全 {in_area} 行中"))
    page.go_back()

    # A chart of the rows, with its table, from the builder.
    page.get_by_role("link", name="グラフ", exact=True).click()
    page.get_by_label("行をまとめる列").select_option("小児対応設備の有無")
    page.get_by_role("button", name="グラフを描く").click()
    expect(page).to_have_url(re.compile(r"x=%E5%B0%8F%E5%85%90"))
    page.wait_for_function("document.querySelector('canvas[data-chart]').dataset.drawn")
    expect(page.locator("#chart-caption")).to_have_text("小児対応設備の有無ごとの行数")
    counts = page.locator("#chart-caption ~ tbody td").all_inner_texts()
    assert sum(int(c) for c in counts) <= 82 and counts

    # Download the table as CSV, licence beside the link.
    expect(page.locator(".licence-box")).to_contain_text("公共データ利用規約")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV（UTF-8）", exact=True).click()
    body = download.value.path().read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert "名称" in rows[0] and len(rows) == 83


def test_near_me_narrows_the_list_to_places_around_the_resident(site, open_context):
    page, problems = open_context(
        geolocation={"latitude": 34.8669, "longitude": 138.3232},
        permissions=["geolocation"],
        locale="en-US",
    )
    page.goto(site.resource("yaizu-aed", "map/", language="en"))
    page.wait_for_selector("[data-map-ready]")
    page.get_by_role("button", name="Near me").click()
    expect(page.locator("[data-map-status]")).to_have_text(re.compile(r"places in the map area"))
    count = int(re.search(r"(\d+) places", page.locator("[data-list-status]").inner_text())[1])
    assert 0 < count < 82
    assert problems.messages == []


def test_a_location_in_one_cell_is_mapped_and_filtered_in_the_browser(site, page):
    page.goto(site.resource("takamatsu-aed", "map/"))
    page.wait_for_selector("[data-map-ready]")
    placed = int(page.locator("[data-map]").get_attribute("data-map-ready"))
    assert placed > 400
    page.get_by_role("button", name="地図の範囲内だけ").click()
    expect(page.locator("[data-list-status]")).to_have_text(re.compile(r"地図の範囲内に \d+ か所"))


def test_population_table_shows_a_pyramid_per_area(site, page):
    page.goto(site.resource("takamatsu-population-2023-05", "chart/"))
    page.wait_for_function("document.querySelector('canvas[data-pyramid]').dataset.drawn")
    page.get_by_label("地域", exact=True).select_option("築地町")
    page.get_by_role("button", name="ピラミッドを表示").click()
    expect(page.locator("figcaption").first).to_contain_text("築地町")
    expect(page.locator("#pyramid-caption")).to_contain_text("築地町")
    first_band = page.locator("#pyramid-caption ~ tbody tr").first
    expect(first_band).to_contain_text("0〜4歳")


def test_everything_works_without_javascript(site, open_context):
    page, _ = open_context(java_script_enabled=False)
    page.goto(site.resource("yaizu-aed"))
    page.get_by_role("link", name="次へ").click()
    expect(page.locator("[data-preview-status]")).to_have_text("全 82 行中 21〜40 行目")
    page.get_by_label("この表の中を検索").fill("消防")
    page.get_by_role("button", name="行を表示").click()
    expect(page.locator("[data-preview-status]")).to_have_text(re.compile(r"^全 \d+ 行中 1〜"))
    page.goto(site.resource("yaizu-aed", "map/"))
    expect(page.locator("[data-list-status]")).to_have_text("全 82 か所中 1〜50 か所目")
    page.goto(site.resource("yaizu-aed", "chart/"))
    expect(page.locator("#chart-caption")).to_be_visible()


def test_keyboard_reaches_skip_link_sort_and_pager_with_visible_focus(site, page):
    page.goto(site.resource("yaizu-aed"))
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("本文へ移動")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    sort = page.locator('a[data-sort="名称"]')
    sort.focus()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    expect(page.locator("th", has=sort)).to_have_attribute("aria-sort", "ascending")
    page.locator('[data-page="next"]').focus()
    page.keyboard.press("Enter")
    expect(page.locator("[data-preview-status]")).to_have_text("全 82 行中 21〜40 行目")
