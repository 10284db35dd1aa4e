"""Descriptions are Markdown, rendered and then sanitized with an allow-list."""

from html.parser import HTMLParser

import pytest

from hiraku.catalog.markdown import render_markdown


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def _elements(html: str):
    parser = _Elements()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<svg onload="alert(1)"></svg>',
        '<a href="data:text/html,<script>alert(1)</script>">x</a>',
        '<iframe src="https://evil.example"></iframe>',
    ],
)
def test_hostile_markup_is_neutralized(hostile):
    for tag, attrs in _elements(render_markdown(hostile)):
        assert tag not in {"script", "img", "svg", "iframe"}
        for name, value in attrs:
            assert not name.startswith("on")
            assert not (value or "").strip().lower().startswith(("javascript:", "data:"))


def test_markdown_features_survive():
    html = render_markdown("## 概要\n\n**AED** の[一覧](https://example.jp/)です。\n\n- 一\n- 二")
    assert "<h2>概要</h2>" in html
    assert "<strong>AED</strong>" in html
    assert 'href="https://example.jp/"' in html and "noopener" in html
    assert "<li>一</li>" in html
