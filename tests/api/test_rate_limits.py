"""Anonymous API clients are limited per address; tokens get their own, higher limit."""

from __future__ import annotations

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db(databases=["default", "datastore"])


@pytest.fixture
def limits(settings):
    cache.clear()
    settings.API_RATE_ANONYMOUS = "3/m"
    settings.API_RATE_TOKEN = "5/m"
    yield
    cache.clear()


def test_anonymous_clients_get_429_with_retry_after(client, catalog, limits):
    for _ in range(3):
        assert client.get("/api/3/action/package_list").status_code == 200
    response = client.get("/api/3/action/package_list")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["error"]["message_ja"]


def test_tokens_have_their_own_limit(client, catalog, limits):
    for _ in range(4):
        client.get("/api/v1/datasets")
    assert client.get("/api/v1/datasets").status_code == 429
    for _ in range(5):
        response = client.get("/api/v1/datasets", HTTP_AUTHORIZATION=catalog["editor_token"])
        assert response.status_code == 200
    assert client.get("/api/v1/datasets",
                      HTTP_AUTHORIZATION=catalog["editor_token"]).status_code == 429


def test_the_site_itself_is_not_limited(client, catalog, limits):
    for _ in range(6):
        assert client.get("/dataset/").status_code == 200
