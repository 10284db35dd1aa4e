"""Writes need a token and respect organization roles; uploads load into the datastore."""

from __future__ import annotations

import pytest

from hiraku.catalog.models import Dataset, Organization, Resource
from hiraku.datastore.models import ResourceTable

pytestmark = pytest.mark.django_db(databases=["default", "datastore"])


def test_package_create_with_authorization_header(ckan, catalog):
    response = ckan("package_create", {
        "name": "benches", "title": "ベンチ一覧", "owner_org": "kouen", "notes": "公園のベンチ",
        "tags": [{"name": "公園"}, {"name": "ベンチ"}], "groups": [{"name": "housing-land"}],
        "license_id": "pdl-1.0",
    }, token=catalog["editor_token"])
    assert response.status_code == 200, response.content
    result = response.json()["result"]
    assert result["name"] == "benches" and result["license_id"] == "pdl-1.0"
    assert {t["name"] for t in result["tags"]} == {"公園", "ベンチ"}
    assert result["groups"][0]["name"] == "housing-land"


def test_x_ckan_api_key_header_also_works(client, catalog):
    import json

    response = client.post("/api/action/package_patch",
                           json.dumps({"id": "parks", "title": "公園の一覧"}),
                           content_type="application/json",
                           HTTP_X_CKAN_API_KEY=catalog["editor_token"])
    assert response.status_code == 200
    assert Dataset.objects.get(name="parks").title == "公園の一覧"


def test_editor_cannot_write_another_organizations_dataset(ckan, catalog):
    response = ckan("package_patch", {"id": "hoikuen", "title": "x"},
                    token=catalog["editor_token"])
    assert response.status_code == 403
    assert response.json()["error"]["__type"] == "Authorization Error"
    assert Dataset.objects.get(name="hoikuen").title == "保育園一覧"
    response = ckan("package_create", {"name": "intrude", "owner_org": "kosodate"},
                    token=catalog["editor_token"])
    assert response.status_code == 403


def test_session_cookie_does_not_authorize_writes(client, catalog):
    from tests import factories

    client.force_login(factories.platform_admin())
    response = client.post("/api/3/action/package_delete", '{"id": "parks"}',
                           content_type="application/json")
    assert response.status_code == 403
    assert Dataset.objects.get(name="parks").state == "active"


def test_package_update_replaces_and_patch_keeps(ckan, catalog):
    ckan("package_patch", {"id": "parks", "notes": "新しい説明"}, token=catalog["editor_token"])
    parks = Dataset.objects.get(name="parks")
    assert parks.notes == "新しい説明" and parks.tags.count() == 2
    resource_id = str(catalog["resource"].pk)
    ckan("package_update", {"id": "parks", "title": "公園", "owner_org": "kouen",
                            "resources": [{"id": resource_id, "name": "公園CSV"}]},
         token=catalog["editor_token"])
    parks.refresh_from_db()
    assert parks.notes == "" and parks.tags.count() == 0
    assert parks.resources.get().name == "公園CSV"


def test_package_delete_marks_deleted(ckan, catalog):
    assert ckan("package_delete", {"id": "parks"}, token=catalog["editor_token"]).status_code == 200
    assert Dataset.objects.get(name="parks").state == "deleted"
    assert ckan("package_show", {"id": "parks"}).status_code == 404


def test_resource_create_with_upload_loads_the_table(client, run_on_commit, catalog):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("遊具.csv", "遊具,数\nすべり台,3\nぶらんこ,5\n".encode())
    response = run_on_commit(
        client.post, "/api/3/action/resource_create",
        {"package_id": "parks", "name": "遊具", "upload": upload},
        HTTP_AUTHORIZATION=catalog["editor_token"],
    )
    assert response.status_code == 200, response.content
    result = response.json()["result"]
    assert result["url_type"] == "upload" and result["format"] == "CSV"
    resource = Resource.objects.get(pk=result["id"])
    assert ResourceTable.objects.get(resource=resource).row_count == 2


def test_resource_create_too_large_is_refused(client, catalog, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MAX_UPLOAD_BYTES = 100
    response = client.post("/api/3/action/resource_create", {
        "package_id": "parks", "upload": SimpleUploadedFile("big.csv", b"a" * 10_000)},
        HTTP_AUTHORIZATION=catalog["editor_token"])
    assert response.status_code == 409
    error = response.json()["error"]
    assert "too large" in error["message"] and "大きすぎ" in error["message_ja"]
    assert not Resource.objects.filter(name="big.csv").exists()


def test_resource_create_with_url(ckan, catalog):
    result = ckan("resource_create", {"package_id": "parks", "url": "https://example.jp/a.pdf",
                                      "name": "説明資料", "format": "PDF"},
                  token=catalog["editor_token"]).json()["result"]
    assert result["url"] == "https://example.jp/a.pdf" and result["url_type"] is None


def test_resource_update_and_delete(ckan, catalog):
    rid = str(catalog["resource"].pk)
    ckan("resource_update", {"id": rid, "description": "説明"}, token=catalog["editor_token"])
    assert Resource.objects.get(pk=rid).description == "説明"
    assert ckan("resource_delete", {"id": rid}, token=catalog["editor_token"]).status_code == 200
    assert not Resource.objects.filter(pk=rid).exists()


def test_organization_writes_need_a_platform_admin(ckan, catalog):
    denied = ckan("organization_create", {"name": "new-ka", "title": "新課"},
                  token=catalog["editor_token"])
    assert denied.status_code == 403
    created = ckan("organization_create", {"name": "new-ka", "title": "新課"},
                   token=catalog["admin_token"])
    assert created.status_code == 200
    ckan("organization_patch", {"id": "new-ka", "title_en": "New Section"},
         token=catalog["admin_token"])
    assert Organization.objects.get(name="new-ka").title_en == "New Section"
    ckan("organization_update", {"id": "new-ka", "title": "新しい課"}, token=catalog["admin_token"])
    assert Organization.objects.get(name="new-ka").title_en == ""
    assert ckan("organization_delete", {"id": "new-ka"},
                token=catalog["admin_token"]).status_code == 200
    in_use = ckan("organization_delete", {"id": "kouen"}, token=catalog["admin_token"])
    assert in_use.status_code == 409


def test_invalid_values_are_validation_errors(ckan, catalog):
    response = ckan("package_create", {"name": "Bad Name", "owner_org": "kouen"},
                    token=catalog["editor_token"])
    assert response.status_code == 409 and "name" in response.json()["error"]
    response = ckan("package_create", {"name": "ok-name", "owner_org": "nowhere"},
                    token=catalog["editor_token"])
    assert response.status_code == 409 and "owner_org" in response.json()["error"]
