"""CKAN's transport: both URL prefixes, GET for reads, the envelope and its error types."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(databases=["default", "datastore"])


def test_success_envelope_has_help_success_result(client, catalog):
    body = client.get("/api/3/action/package_list").json()
    assert body["success"] is True
    assert body["help"].endswith("/api/3/action/help_show?name=package_list")
    assert body["result"] == ["hoikuen", "parks"]


def test_ckanapi_prefix_without_version_works(client, catalog):
    assert client.post("/api/action/package_list", "{}", content_type="application/json"
                       ).json()["result"] == ["hoikuen", "parks"]


def test_unknown_action_is_a_400_string(client, catalog):
    response = client.get("/api/3/action/no_such_thing")
    assert response.status_code == 400
    assert response.json() == "Bad request: Action name not known: no_such_thing"


def test_write_actions_refuse_get(client, catalog):
    response = client.get("/api/3/action/package_create", {"name": "x"})
    assert response.status_code == 400
    assert response.json()["success"] is False


def test_not_found_is_404_with_ckan_type(ckan, catalog):
    response = ckan("package_show", {"id": "nope"})
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["__type"] == "Not Found Error"
    assert error["message_ja"] and error["message_en"]


def test_validation_error_is_409_with_fields_at_top_level(ckan, catalog):
    response = ckan("package_create", {"name": "parks", "title": "重複",
                                       "owner_org": "kouen"}, token=catalog["editor_token"])
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["__type"] == "Validation Error"
    assert "name" in error


def test_missing_token_is_403_authorization_error(ckan, catalog):
    response = ckan("package_create", {"name": "new-one", "owner_org": "kouen"})
    assert response.status_code == 403
    assert response.json()["error"]["__type"] == "Authorization Error"


def test_bad_token_is_refused_not_ignored(ckan, catalog):
    response = ckan("package_list", token="hk_wrong")
    assert response.status_code == 403


def test_invalid_json_body_is_a_clear_400(client, catalog):
    response = client.post("/api/3/action/package_show", "{not json",
                           content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert body["success"] is False and "JSON" in body["error"]["message"]


def test_jsonp_callback_wraps_the_reply(client, catalog):
    response = client.get("/api/3/action/package_list", {"callback": "cb"})
    assert response.content.startswith(b"/**/cb(")
    assert response["Content-Type"].startswith("application/javascript")


def test_jsonp_refuses_hostile_callback_names(client, catalog):
    response = client.get("/api/3/action/package_list", {"callback": "alert(1);//"})
    assert response.content.startswith(b"{")


def test_status_show(ckan, catalog):
    result = ckan("status_show", method="get").json()["result"]
    assert "datastore" in result["extensions"] and result["ckan_version"].startswith("2.")
