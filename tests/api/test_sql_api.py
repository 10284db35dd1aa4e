"""Read-only SQL over HTTP: /api/v1/sql (GET and POST) and CKAN's datastore_search_sql."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.datastore.test_sql import load_committed

pytestmark = pytest.mark.django_db(databases=["default", "datastore"])


@pytest.fixture(scope="module")
def rid(django_db_setup, django_db_blocker) -> Iterator[str]:
    for resource_id, _ in load_committed(django_db_blocker):
        yield resource_id


def test_get_and_post(client, rid):
    sql = f'SELECT "名称", "定員" FROM "{rid}" WHERE "定員" <= 2 ORDER BY "定員"'
    by_get = client.get("/api/v1/sql", {"sql": sql}).json()
    assert by_get["records"] == [{"名称": "施設1", "定員": 1}, {"名称": "施設2", "定員": 2}]
    assert by_get["fields"] == [{"name": "名称"}, {"name": "定員"}] and not by_get["truncated"]
    by_post = client.post("/api/v1/sql", json.dumps({"sql": sql}),
                          content_type="application/json").json()
    assert by_post == by_get


def test_refused_statement_is_a_clear_400(client, rid):
    response = client.get("/api/v1/sql", {"sql": f'DELETE FROM "{rid}"'})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"].startswith("sql-") and error["message_ja"] and error["message_en"]
    assert client.get("/api/v1/sql", {"sql": f'SELECT count(*) AS n FROM "{rid}"'}
                      ).json()["records"] == [{"n": 300}]


def test_catalog_tables_are_out_of_reach(client, rid):
    response = client.get("/api/v1/sql", {"sql": "SELECT * FROM auth_user"})
    assert response.status_code == 400


def test_ckan_datastore_search_sql(client, rid):
    sql = f'SELECT "名称" FROM "{rid}" ORDER BY "定員" LIMIT 2'
    result = client.get("/api/3/action/datastore_search_sql", {"sql": sql}).json()["result"]
    assert result["records"] == [{"名称": "施設1"}, {"名称": "施設2"}]
    assert result["fields"] == [{"id": "名称", "type": "text"}]
    bad = client.get("/api/3/action/datastore_search_sql", {"sql": "DROP TABLE x"})
    assert bad.status_code == 409
    assert bad.json()["error"]["__type"] == "Validation Error"
