"""U+0000 is refused with a bilingual 400 everywhere: PostgreSQL text cannot hold it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(databases=["default", "datastore"])


@pytest.mark.parametrize("url", [
    "/api/v1/datasets?q=%E5%85%AC%00%E5%9C%92",
    "/api/v1/datasets?organization=kouen%00",
    "/api/3/action/package_search?q=a%00",
    "/search/?q=%00",
    "/en/search/?tags=%00",
])
def test_nul_in_query_parameters_is_a_400(client, catalog, url):
    response = client.get(url)
    assert response.status_code == 400
    text = response.content.decode()
    assert "NUL" in text and "U+0000" in text


def test_nul_in_api_error_is_json_with_both_languages(client, catalog):
    error = client.get("/api/v1/records/x?q=%00").json()["error"]
    assert error["code"] == "nul-character"
    assert "取り除いて" in error["message_ja"] and "remove it" in error["message_en"]


def test_nul_in_a_ckan_json_body_is_a_bad_request(ckan, catalog):
    response = ckan("package_patch", {"id": "parks", "title": "公園\u0000一覧"},
                    token=catalog["editor_token"])
    assert response.status_code == 400
    assert response.json()["error"]["__type"] == "Bad Request"
    assert ckan("package_show", {"id": "parks"}).json()["result"]["title"] == "公園一覧"


def test_nul_in_records_filters_of_ckan_datastore_search(ckan, catalog):
    response = ckan("datastore_search", {"resource_id": str(catalog["resource"].pk),
                                         "filters": {"名称": "中央\u0000"}})
    assert response.status_code == 400
