"""Searches that find nothing are counted by their text alone and shown to staff."""

from __future__ import annotations

import pytest

from hiraku.catalog.queries import DatasetQuery, search_datasets
from hiraku.search.models import ZeroResultQuery
from hiraku.search.zero_results import loggable_text, record_zero_result
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    org = factories.organization("koen", "公園緑地課")
    factories.dataset(org, "parks", "区立公園一覧")


def logged() -> dict[str, int]:
    return dict(ZeroResultQuery.objects.values_list("text", "count"))


def test_a_search_without_results_is_counted_by_its_text(client, catalog):
    client.get("/dataset/", {"q": "ドッグラン"})
    client.get("/dataset/", {"q": "  ドッグラン　"})
    search_datasets(None, DatasetQuery(q="ドッグラン"))
    entry = ZeroResultQuery.objects.get()
    assert (entry.text, entry.count) == ("ドッグラン", 3)
    assert entry.first_seen <= entry.last_seen


def test_only_the_text_is_kept():
    fields = {field.name for field in ZeroResultQuery._meta.get_fields()}
    assert fields == {"id", "text", "count", "first_seen", "last_seen"}


def test_searches_that_find_something_or_are_filtered_are_not_logged(client, catalog):
    client.get("/dataset/", {"q": "公園"})
    client.get("/dataset/", {"q": "ドッグラン", "organization": "koen"})
    client.get("/dataset/", {"q": "* の"})  # nothing searchable: a notice, not a wish
    client.get("/dataset/")
    assert logged() == {}


def test_text_that_looks_like_personal_data_is_never_logged(catalog):
    for text in ["yamada@example.jp", "090-1234-5678", "0312345678 住民票", "03 1234 5678"]:
        search_datasets(None, DatasetQuery(q=text))
    assert logged() == {}
    assert loggable_text("令和6年 2024-04-01") == "令和6年 2024-04-01"


def test_logged_text_is_bounded_and_clean():
    record_zero_result("あ" * 10_000 + "\ud800")
    [text] = logged()
    assert text == "あ" * 256


def test_staff_see_the_log_most_searched_first_and_cannot_change_it(client, catalog):
    for text, times in [("ドッグラン", 1), ("花火大会", 3), ("ペット霊園", 2)]:
        for _ in range(times):
            record_zero_result(text)
    editor = factories.staff("editor", factories.organization("bosai", "防災課"))
    client.force_login(editor)
    response = client.get("/admin/search/zeroresultquery/")
    assert response.status_code == 200
    html = response.text
    assert html.index("花火大会") < html.index("ペット霊園") < html.index("ドッグラン")
    entry = ZeroResultQuery.objects.get(text="花火大会")
    assert client.get("/admin/search/zeroresultquery/add/").status_code == 403
    assert client.post(f"/admin/search/zeroresultquery/{entry.pk}/delete/").status_code == 403
    assert (
        client.post(f"/admin/search/zeroresultquery/{entry.pk}/change/", {"count": 0}).status_code
        == 403
    )
    assert ZeroResultQuery.objects.get(pk=entry.pk).count == 3


def test_the_public_cannot_see_the_log(client, catalog):
    record_zero_result("ドッグラン")
    response = client.get("/admin/search/zeroresultquery/")
    assert response.status_code == 302 and "/login/" in response["Location"]
