"""datastore_search and datastore_search_sql with CKAN's parameters."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.django_db(databases=["default", "datastore"])


def _search(ckan, catalog, **params):
    data = {"resource_id": str(catalog["resource"].pk), **params}
    return ckan("datastore_search", data)


def test_fields_records_total(ckan, catalog):
    result = _search(ckan, catalog).json()["result"]
    assert result["total"] == 5
    assert result["fields"][0] == {"id": "_id", "type": "int"}
    types = {f["id"]: f["type"] for f in result["fields"]}
    assert types["面積（㎡）"] == "int" and types["開園日"] == "date" and types["緯度"] == "numeric"
    first = result["records"][0]
    assert first["_id"] == 1 and first["名称"] == "中央公園" and first["開園日"] == "2020-04-01"
    assert first["面積（㎡）"] == 12000


def test_filters_value_and_list(ckan, catalog):
    one = _search(ckan, catalog, filters={"区分": "街区公園"}).json()["result"]
    assert one["total"] == 2
    many = _search(ckan, catalog, filters={"区分": ["街区公園", "児童遊園"]}).json()["result"]
    assert many["total"] == 3


def test_filters_as_json_string_in_get(ckan, catalog):
    data = {"resource_id": str(catalog["resource"].pk),
            "filters": json.dumps({"区分": "都市公園"}, ensure_ascii=False)}
    assert ckan("datastore_search", data, method="get").json()["result"]["total"] == 2


def test_q_full_text(ckan, catalog):
    result = _search(ckan, catalog, q="児童").json()["result"]
    assert [r["名称"] for r in result["records"]] == ["東児童遊園"]


def test_fields_sort_limit_offset(ckan, catalog):
    result = _search(ckan, catalog, fields="名称,面積（㎡）", sort="面積（㎡） desc", limit=2,
                     offset=1).json()["result"]
    assert [r["名称"] for r in result["records"]] == ["西公園", "南公園"]
    assert set(result["records"][0]) == {"名称", "面積（㎡）"}


def test_distinct(ckan, catalog):
    result = _search(ckan, catalog, fields=["区分"], distinct=True, sort="区分").json()["result"]
    assert [r["区分"] for r in result["records"]] == ["児童遊園", "街区公園", "都市公園"]
    assert result["total"] == 3


def test_records_formats(ckan, catalog):
    lists = _search(ckan, catalog, records_format="lists", fields="名称", limit=2).json()
    assert lists["result"]["records"] == [["中央公園"], ["北公園"]]
    csv_text = _search(ckan, catalog, records_format="csv", fields="名称,区分", limit=1).json()
    assert csv_text["result"]["records"] == "中央公園,都市公園\n"
    tsv_text = _search(ckan, catalog, records_format="tsv", fields="名称,区分", limit=1).json()
    assert tsv_text["result"]["records"] == "中央公園\t都市公園\n"


def test_links_and_next_page(ckan, catalog):
    result = _search(ckan, catalog, limit=2).json()["result"]
    assert "offset=2" in result["_links"]["next"]
    assert result["next_page"] == {"_id": {"gt": 2}}
    following = _search(ckan, catalog, limit=2, filters={"_id": {"gt": 2}}).json()["result"]
    assert [r["_id"] for r in following["records"]] == [3, 4]


def test_include_total_false(ckan, catalog):
    assert "total" not in _search(ckan, catalog, include_total=False).json()["result"]


def test_unknown_keys_are_rejected(ckan, catalog):
    response = _search(ckan, catalog, colour="red")
    assert response.status_code == 409
    assert "__junk" in response.json()["error"]


@pytest.mark.parametrize("bad", [
    {"filters": {"no_such_column": "x"}},
    {"filters": {"面積（㎡）": "big"}},
    {"sort": "no_such_column"},
    {"limit": "many"},
    {"filters": "{not json"},
    {"records_format": "xml"},
])
def test_bad_parameters_are_clear_errors(ckan, catalog, bad):
    response = _search(ckan, catalog, **bad)
    assert response.status_code in (400, 409)
    body = response.json()
    assert body["success"] is False and body["error"]["__type"] == "Validation Error"


def test_unknown_resource_is_not_found(ckan, catalog):
    response = ckan("datastore_search", {"resource_id": "00000000-0000-0000-0000-000000000000"})
    assert response.status_code == 404


def test_limit_is_capped(ckan, catalog):
    result = _search(ckan, catalog, limit=10**9).json()["result"]
    assert result["limit"] == 32000 and len(result["records"]) == 5
