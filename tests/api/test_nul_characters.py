"""PostgreSQL text cannot hold U+0000: the APIs refuse it (bilingual 400), the site drops it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(databases=["default", "datastore"])


@pytest.mark.parametrize("url", [
    "/api/v1/datasets?q=%E5%85%AC%00%E5%9C%92",
    "/api/v1/datasets?organization=kouen%00",
    "/api/3/action/package_search?q=a%00",
])
def test_nul_in_api_query_parameters_is_a_400(client, catalog, url):
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


@pytest.mark.parametrize("url", ["/dataset/?tags=%E5%85%AC%00%E5%9C%92", "/en/dataset/?q=%00",
                                 "/dataset/parks/?x%00=1"])
def test_the_site_drops_nul_and_shows_the_page(client, catalog, url):
    assert client.get(url).status_code == 200


def test_preview_filters_with_nul_show_the_page(client, catalog):
    resource = catalog["resource"]
    url = f"/dataset/parks/resource/{resource.pk}/?fc=名称&fo=eq&fv=中央%00公園"
    assert client.get(url).status_code == 200
