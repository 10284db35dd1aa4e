"""WCAG 2.1 AA (JIS X 8341-3): axe-core finds nothing on any public page type, in Japanese and
English, and text can be doubled in size without the page spilling sideways."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations, wait_until_drawn

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def page_types(site, language: str) -> dict[str, str]:
    return {
        "home": site.url("/", language),
        "search results": site.url("/dataset/?q=AED", language),
        "dataset list": site.url("/dataset/", language),
        "dataset": site.url("/dataset/yaizu-aed/", language),
        "resource preview": site.resource("yaizu-aed", language=language),
        "filtered preview": site.resource("yaizu-aed", language=language)
        + "?fc=名称&fo=contains&fv=センター&sort=-名称",
        "map": site.resource("yaizu-aed", "map/", language),
        "map, one-cell locations": site.resource("takamatsu-aed", "map/", language),
        "chart": site.resource("yaizu-aed", "chart/", language),
        "chart with an explanation": site.resource("yaizu-aed", "chart/", language)
        + "?x=種別&measure=sum&y=名称",
        "population pyramid": site.resource("takamatsu-population-2023-05", "chart/", language),
        "organization list": site.url("/organization/", language),
        "organization": site.url("/organization/yaizu-bosai/", language),
        "theme": site.url("/group/social-security/", language),
        "not found": site.url("/dataset/no-such-dataset/", language),
    }


@pytest.mark.parametrize("language", ["ja", "en"])
def test_axe_finds_no_violations_on_any_public_page(site, page_and_problems, language):
    page, problems = page_and_problems
    pages = page_types(site, language)
    problems.expected_404.add(pages["not found"])
    found = {}
    for name, url in pages.items():
        page.goto(url)
        wait_until_drawn(page)
        assert page.get_attribute("html", "lang") == language, name
        violations = axe_violations(page)
        if violations:
            found[name] = violations
    assert found == {}


@pytest.mark.parametrize("view", ["", "map/", "chart/"])
def test_text_at_200_percent_does_not_spill_sideways(site, page, view):
    page.goto(site.resource("yaizu-aed", view))
    wait_until_drawn(page)
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"]
    # The main controls are still on screen and usable.
    assert page.locator("main h1").is_visible()


def test_mobile_pages_fit_375_pixels(site, open_context):
    from tests.browser.conftest import MOBILE

    page, problems = open_context(**MOBILE)
    for url in (
        site.url("/"),
        site.url("/dataset/?q=AED"),
        site.url("/dataset/yaizu-aed/"),
        site.resource("yaizu-aed"),
        site.resource("yaizu-aed", "map/"),
        site.resource("takamatsu-population-2023-05", "chart/"),
    ):
        page.goto(url)
        wait_until_drawn(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, url
    assert problems.messages == []
