"""Web requests cannot hold a catalog query for minutes: PostgreSQL cancels it, we say why."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.utils import OperationalError

from hiraku import query_limits
from hiraku.catalog import queries
from tests import factories
from tests.conftest import ON_POSTGRES

pytestmark = pytest.mark.django_db(databases=["default", "datastore"])


def _slow_search(*args, **kwargs):
    query_limits.set_time_limit(None, connection)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(5)")
    raise AssertionError("the time limit did not stop the query")


@pytest.fixture
def slow_search(monkeypatch):
    monkeypatch.setenv("HIRAKU_WEB_QUERY_TIME_LIMIT_MS", "100")
    monkeypatch.setattr(queries, "search_datasets", _slow_search)
    factories.organization("kouen", "公園緑地課")


@pytest.mark.skipif(not ON_POSTGRES, reason="statement_timeout is PostgreSQL's")
@pytest.mark.parametrize("url, kind", [
    ("/dataset/?q=公園", "text"),
    ("/en/dataset/", "text"),
    ("/api/v1/datasets?q=公園", "json"),
])
def test_a_cancelled_query_is_a_bilingual_503(client, slow_search, url, kind):
    response = client.get(url)
    assert response.status_code == 503 and response["Retry-After"] == "30"
    if kind == "json":
        error = response.json()["error"]
        assert error["code"] == "query-timeout" and "中止しました" in error["message_ja"]
    else:
        text = response.content.decode()
        assert "中止しました" in text and "took too long" in text


@pytest.mark.skipif(not ON_POSTGRES, reason="statement_timeout is PostgreSQL's")
def test_ckan_reports_a_timeout_error(client, slow_search):
    response = client.get("/api/3/action/package_search", {"q": "公園"})
    assert response.status_code == 503
    assert response.json()["error"]["__type"] == "Timeout Error"


@pytest.mark.skipif(not ON_POSTGRES, reason="statement_timeout is PostgreSQL's")
def test_the_limit_applies_to_the_catalog_connection(monkeypatch):
    monkeypatch.setenv("HIRAKU_WEB_QUERY_TIME_LIMIT_MS", "100")
    query_limits.set_time_limit(None, connection)
    with pytest.raises(OperationalError) as raised, connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(5)")
    assert query_limits.was_cancelled(raised.value)


def test_other_database_errors_are_not_called_timeouts():
    assert not query_limits.was_cancelled(OperationalError("database is locked"))
    assert not query_limits.was_cancelled(ValueError("x"))


def test_sqlite_connections_are_left_alone(monkeypatch):
    monkeypatch.setenv("HIRAKU_WEB_QUERY_TIME_LIMIT_MS", "100")
    query_limits.set_time_limit(None, connection)  # no statement_timeout on SQLite: a no-op
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone()[0] == 1
