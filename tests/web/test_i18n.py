"""Japanese by default, English under /en/, with a visible switch."""

from __future__ import annotations

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def aed():
    org = factories.organization("bosai", "防災課", title_en="Disaster Prevention Section")
    return factories.dataset(
        org,
        "aed",
        "AED設置箇所一覧",
        title_en="AED locations",
        notes="日本語の説明",
        notes_en="English description",
    )


def test_root_is_japanese_even_for_english_browsers(client, aed):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="ja">' in response.text
    assert "データセット" in response.text


def test_english_pages_live_under_en(client, aed):
    response = client.get("/en/dataset/aed/")
    assert response.status_code == 200
    assert '<html lang="en">' in response.text
    assert "AED locations" in response.text
    assert "English description" in response.text
    assert "Disaster Prevention Section" in response.text
    assert "Download" in response.text or "Data and resources" in response.text


def test_japanese_page_shows_japanese_content(client, aed):
    text = client.get("/dataset/aed/").text
    assert "AED設置箇所一覧" in text and "日本語の説明" in text
    assert "English description" not in text


def test_switch_links_point_to_the_same_page_in_the_other_language(client, aed):
    assert 'href="/en/dataset/aed/"' in client.get("/dataset/aed/").text
    assert 'href="/dataset/aed/"' in client.get("/en/dataset/aed/").text


def test_english_falls_back_to_japanese_title_when_no_translation(client):
    org = factories.organization("kaikei", "会計課")
    factories.dataset(org, "budget", "予算書")
    assert "予算書" in client.get("/en/dataset/budget/").text


def test_every_japanese_translation_is_filled_in():
    from pathlib import Path

    from babel.messages.pofile import read_po

    po = Path(__file__).resolve().parents[2] / "src/hiraku/web/locale/ja/LC_MESSAGES/django.po"
    with po.open("rb") as handle:
        catalog = read_po(handle)
    untranslated = [
        m.id
        for m in catalog
        if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)) or m.fuzzy)
    ]
    assert untranslated == []
