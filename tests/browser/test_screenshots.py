"""Screenshots of the main pages, in Japanese and English, desktop and mobile, saved under
screenshots/ (git ignores it; a few copies live in docs/screenshots/ for the README)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DESKTOP, MOBILE, SCREENSHOTS, wait_until_drawn

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

DEVICES = {"desktop": DESKTOP, "mobile": MOBILE}


def pages(site, language: str) -> dict[str, str]:
    return {
        "home": site.url("/", language),
        "search": site.url("/dataset/?q=AED", language),
        "dataset": site.url("/dataset/yaizu-aed/", language),
        "preview": site.resource("yaizu-aed", language=language),
        "map": site.resource("yaizu-aed", "map/", language),
        "chart": site.resource("takamatsu-population-2023-05", "chart/", language),
    }


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("language", ["ja", "en"])
def test_screenshots_of_the_main_pages(site, open_context, language, device):
    SCREENSHOTS.mkdir(exist_ok=True)
    page, problems = open_context(
        **DEVICES[device], locale="en-US" if language == "en" else "ja-JP"
    )
    for name, url in pages(site, language).items():
        page.goto(url)
        wait_until_drawn(page)
        path = SCREENSHOTS / f"{name}-{language}-{device}.png"
        page.screenshot(path=str(path))
        assert path.stat().st_size > 5_000, path  # an image of something, not a blank page
    assert problems.messages == []
