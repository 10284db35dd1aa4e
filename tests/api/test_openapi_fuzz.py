"""Schemathesis fuzzes every /api/v1 operation from its OpenAPI spec: never a 5xx.

Requests go through Django's test client, so the fuzzing sees the test database with a
loaded table (resource ids in generated paths are replaced by the real one).
"""

from __future__ import annotations

import pytest
import schemathesis
from django.test import Client
from hypothesis import HealthCheck, settings

from hiraku.api.v1.api import api

# /sql runs on its own read-only connection, which cannot see the uncommitted test data:
# it is fuzzed in tests/datastore/test_sql.py instead.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema()).exclude(path="/api/v1/sql")

pytestmark = pytest.mark.django_db(databases=["default", "datastore"])


def _send(case, client: Client):
    path = case.formatted_path
    query = {k: v for k, v in (case.query or {}).items() if v is not None}
    return client.generic(case.method, path + ("?" + _encode(query) if query else ""),
                          headers=case.headers or {})


def _encode(query: dict) -> str:
    from urllib.parse import urlencode

    return urlencode(query, doseq=True)


@schema.parametrize()
@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_no_server_errors(case, catalog):
    if "resource_id" in case.path_parameters:
        case.path_parameters["resource_id"] = str(catalog["resource"].pk)
    if "name_or_id" in case.path_parameters and "/datasets/" in case.path:
        case.path_parameters["name_or_id"] = "parks"
    response = _send(case, Client())
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)  # a stream must not break half way either
    assert response.status_code < 500, (case.method, case.formatted_path, case.query)
