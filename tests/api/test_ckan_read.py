"""The read actions harvesters use, with CKAN's parameters and result keys."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(databases=["default", "datastore"])


def test_package_show_by_name_and_id_has_ckan_keys(ckan, catalog):
    by_name = ckan("package_show", {"id": "parks"}).json()["result"]
    by_id = ckan("package_show", {"id": str(catalog["parks"].pk)}).json()["result"]
    assert by_name == by_id
    for key in ("id", "name", "title", "notes", "license_id", "license_title", "license_url",
                "isopen", "state", "private", "type", "owner_org", "organization",
                "metadata_created", "metadata_modified", "resources", "num_resources", "tags",
                "num_tags", "extras", "groups"):
        assert key in by_name, key
    assert by_name["organization"]["name"] == "kouen"
    assert {t["name"] for t in by_name["tags"]} == {"公園", "緑地"}
    resource = by_name["resources"][0]
    assert resource["datastore_active"] is True and resource["url_type"] == "upload"
    assert resource["url"].startswith("http://testserver/dataset/parks/resource/")


def test_private_dataset_is_hidden_without_a_member_token(ckan, catalog):
    assert ckan("package_show", {"id": "draft"}).status_code == 404
    assert ckan("package_show", {"id": "draft"}, token=catalog["editor_token"]).status_code == 404
    assert ckan("package_show", {"id": "draft"},
                token=catalog["kosodate_token"]).status_code == 200


def test_package_search_counts_and_pages(ckan, catalog):
    result = ckan("package_search", {"rows": 1}).json()["result"]
    assert result["count"] == 2 and len(result["results"]) == 1
    second = ckan("package_search", {"rows": 1, "start": 1}).json()["result"]["results"]
    assert second[0]["name"] != result["results"][0]["name"]


@pytest.mark.parametrize(("fq", "names"), [
    ("organization:kouen", {"parks"}),
    ('tags:"子育て"', {"hoikuen"}),
    ("res_format:CSV", {"parks"}),
    ("license_id:pdl-1.0", {"hoikuen"}),
    ("groups:housing-land", {"parks"}),
    ("+organization:kouen +tags:公園", {"parks"}),
    ("organization:kouen AND tags:子育て", set()),
])
def test_package_search_fq(ckan, catalog, fq, names):
    result = ckan("package_search", {"fq": fq}).json()["result"]
    assert {r["name"] for r in result["results"]} == names


def test_package_search_q(ckan, catalog):
    result = ckan("package_search", {"q": "公園"}, method="get").json()["result"]
    assert [r["name"] for r in result["results"]] == ["parks"]


def test_package_search_facets(ckan, catalog):
    result = ckan("package_search", {"facet.field": ["organization", "tags"],
                                     "facet.limit": 10}).json()["result"]
    assert result["facets"]["organization"] == {"kouen": 1, "kosodate": 1}
    items = result["search_facets"]["tags"]["items"]
    assert {"name": "公園", "display_name": "公園", "count": 1} in items


def test_package_search_facet_field_as_json_string(ckan, catalog):
    result = ckan("package_search", {"facet.field": '["license_id"]'}, method="get").json()
    assert result["result"]["facets"]["license_id"] == {"cc-by-4.0": 1, "pdl-1.0": 1}


def test_package_search_rejects_unknown_parameters(ckan, catalog):
    response = ckan("package_search", {"colour": "red"})
    assert response.status_code == 400
    assert response.json()["error"]["__type"] == "Search Query Error"


def test_package_search_rejects_unparseable_fq(ckan, catalog):
    response = ckan("package_search", {"fq": "organization:("})
    assert response.status_code == 400


def test_package_search_include_private(ckan, catalog):
    names = {r["name"] for r in ckan("package_search", {"include_private": True},
                                     token=catalog["kosodate_token"]).json()["result"]["results"]}
    assert "draft" in names
    public = {r["name"] for r in ckan("package_search", {"include_private": True}
                                      ).json()["result"]["results"]}
    assert "draft" not in public


def test_organization_list_and_show(ckan, catalog):
    assert ckan("organization_list").json()["result"] == ["kouen", "kosodate"]  # title asc
    full = ckan("organization_list", {"all_fields": True}).json()["result"]
    kouen = next(o for o in full if o["name"] == "kouen")
    assert kouen["package_count"] == 1 and kouen["title"] == "公園緑地課"
    shown = ckan("organization_show", {"id": "kouen", "include_datasets": True}).json()
    assert shown["result"]["packages"][0]["name"] == "parks"


def test_group_list_tag_list_license_list(ckan, catalog):
    assert "housing-land" in ckan("group_list").json()["result"]
    assert ckan("tag_list").json()["result"] == ["公園", "子育て", "緑地"]
    assert "pdl-1.0" in {lic["id"] for lic in ckan("license_list").json()["result"]}


def test_resource_show(ckan, catalog):
    result = ckan("resource_show", {"id": str(catalog["resource"].pk)}).json()["result"]
    assert result["package_id"] == str(catalog["parks"].pk)
    assert result["format"] == "CSV" and result["size"] > 0
