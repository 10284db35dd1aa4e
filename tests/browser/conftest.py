"""Headless Chromium (Debian's, driven by Playwright) against a real `hiraku serve` holding the
demo municipality. One server and one browser per test session.

The server runs in its own process with its own databases (SQLite files, or fresh PostgreSQL
databases on the PostgreSQL run), so nothing here depends on pytest-django's transactions.
Maps run without tiles (HIRAKU_MAP_TILE_URL empty): the tests never touch the network.
"""

from __future__ import annotations

import json
import os
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, sync_playwright

from tests.conftest import ON_POSTGRES
from tests.live.server import hiraku, serving

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("HIRAKU_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VENDOR = ROOT / "src" / "hiraku" / "web" / "static" / "vendor"
SCREENSHOTS = ROOT / "screenshots"
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
MOBILE = {
    "viewport": {"width": 375, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}


def _postgres_databases(env: dict[str, str]) -> list[str]:
    import psycopg

    base = os.environ["HIRAKU_TEST_POSTGRES_URL"]
    names = [f"hiraku_b_{uuid.uuid4().hex[:10]}" for _ in range(2)]
    with psycopg.connect(base, autocommit=True) as connection:
        for name in names:
            connection.execute(f'CREATE DATABASE "{name}"')
    root = base.rsplit("/", 1)[0]
    env["HIRAKU_DATABASE_URL"], env["HIRAKU_DATASTORE_URL"] = (f"{root}/{n}" for n in names)
    return names


def _drop(names: list[str]) -> None:
    import psycopg

    with psycopg.connect(os.environ["HIRAKU_TEST_POSTGRES_URL"], autocommit=True) as connection:
        for name in names:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Site:
    base: str
    resources: dict[str, str] = field(default_factory=dict)  # dataset name → resource page

    def url(self, path: str, language: str = "ja") -> str:
        return self.base + ("/en" if language == "en" else "") + path

    def resource(self, dataset: str, view: str = "", language: str = "ja") -> str:
        if dataset not in self.resources:
            with urllib.request.urlopen(f"{self.base}/api/v1/datasets/{dataset}") as answer:  # noqa: S310
                first = json.load(answer)["resources"][0]["id"]
            self.resources[dataset] = f"/dataset/{dataset}/resource/{first}/"
        return self.url(self.resources[dataset] + view, language)


@pytest.fixture(scope="session")
def fresh_database_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Environment for a child `hiraku` process with its own empty databases; session-scoped
    here (the browser tests share one server). Its name makes the PostgreSQL run include
    these tests (tests/conftest.py selects tests by their database fixtures)."""
    env = {
        **os.environ,
        "HIRAKU_DATA_DIR": str(tmp_path_factory.mktemp("browser-site")),
        "DJANGO_SETTINGS_MODULE": "hiraku.settings",
    }
    env.pop("HIRAKU_TEST_DATABASE", None)
    created: list[str] = []
    if ON_POSTGRES:
        created = _postgres_databases(env)
    else:
        env.pop("HIRAKU_DATABASE_URL", None)
        env.pop("HIRAKU_DATASTORE_URL", None)
    try:
        yield env
    finally:
        if created:
            _drop(created)


@pytest.fixture(scope="session")
def site(fresh_database_env: dict[str, str]) -> Iterator[Site]:
    if not (VENDOR / "leaflet" / "leaflet.js").exists():
        pytest.fail("front-end libraries missing: run `npm ci && hiraku build` (make deps)")
    env = {**fresh_database_env, "HIRAKU_MAP_TILE_URL": "", "HIRAKU_LOG_LEVEL": "WARNING"}
    hiraku("migrate", "--no-input", env=env)
    hiraku("demo", "--no-users", env=env)
    hiraku("db_worker", "--batch", env=env)  # the demo's loads, then exit
    with serving(env, worker=False) as base:
        yield Site(base)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    # Per module, not per session: Playwright's event loop must not outlive the browser tests,
    # or Django would refuse database work in later tests of the same process.
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Problems:
    """Console errors and failed requests of a page: a CSP violation shows up here."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self.expected_404: set[str] = set()  # pages that are meant to answer 404

    def console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        if "404" in message.text and message.location.get("url") in self.expected_404:
            return
        self.messages.append(message.text)

    def page_error(self, error: Exception) -> None:
        self.messages.append(f"uncaught: {error}")


@pytest.fixture
def open_context(browser: Browser) -> Iterator:
    """New browser contexts (desktop by default) whose pages have axe-core available."""
    contexts: list[tuple[BrowserContext, Problems]] = []
    axe = AXE.read_text()

    def make(**options) -> tuple[Page, Problems]:
        context = browser.new_context(**{**DESKTOP, **options})
        # Injected by the browser, not as an inline script, so the page's CSP still holds.
        context.add_init_script(script=axe)
        problems = Problems()
        contexts.append((context, problems))
        page = context.new_page()
        page.on("console", problems.console)
        page.on("pageerror", problems.page_error)
        page.set_default_timeout(15_000)
        return page, problems

    yield make
    for context, _ in contexts:
        context.close()


@pytest.fixture
def page_and_problems(open_context) -> Iterator[tuple[Page, Problems]]:
    page, problems = open_context()
    yield page, problems
    assert problems.messages == [], problems.messages


@pytest.fixture
def page(page_and_problems) -> Page:
    """A desktop page; the test fails if the browser logged an error (CSP, script, 404)."""
    return page_and_problems[0]


AXE_RUN = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    resultTypes: ["violations"],
  });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
  }));
}"""


def axe_violations(page: Page) -> list[dict]:
    return page.evaluate(AXE_RUN)


def wait_until_drawn(page: Page) -> None:
    """Maps and charts finish drawing after the page loads; screenshots and audits wait."""
    if page.locator("[data-map]").count():
        page.wait_for_selector("[data-map-ready]")
    for canvas in page.locator("canvas").all():
        canvas.wait_for(state="attached")
        page.wait_for_function("c => c.dataset.drawn === 'true'", arg=canvas.element_handle())
