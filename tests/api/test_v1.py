"""The native REST API under /api/v1."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(databases=["default", "datastore"])


def _records(client, catalog, **params):
    return client.get(f"/api/v1/resources/{catalog['resource'].pk}/records", params)


def test_openapi_and_docs(client, catalog):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["info"]["title"] == "Hiraku API"
    assert "/api/v1/resources/{resource_id}/records" in spec["paths"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200 and "cdn.jsdelivr" not in docs.text


def test_dataset_list_and_detail(client, catalog):
    listing = client.get("/api/v1/datasets", {"organization": "kouen"}).json()
    assert listing["count"] == 1 and listing["results"][0]["name"] == "parks"
    assert client.get("/api/v1/datasets/parks").json()["title"] == "公園一覧"
    missing = client.get("/api/v1/datasets/nope")
    assert missing.status_code == 404
    assert missing.json()["error"]["message_ja"] and missing.json()["error"]["message_en"]


def test_resource_detail_and_dictionary(client, catalog):
    rid = catalog["resource"].pk
    detail = client.get(f"/api/v1/resources/{rid}").json()
    assert detail["datastore"]["row_count"] == 5
    dictionary = client.get(f"/api/v1/resources/{rid}/dictionary").json()
    assert {"name": "面積（㎡）", "unit": "㎡", "type": "integer"}.items() <= next(
        d for d in dictionary if d["name"] == "面積（㎡）").items()


def test_records_typed_with_exact_total(client, catalog):
    body = _records(client, catalog).json()
    assert body["total"] == 5 and len(body["records"]) == 5
    first = body["records"][0]
    assert first["面積（㎡）"] == 12000 and first["開園日"] == "2020-04-01"
    assert isinstance(first["緯度"], float)


@pytest.mark.parametrize(("params", "names"), [
    ({"区分": "街区公園"}, ["北公園", "南公園"]),
    ({"区分__ne": "街区公園"}, ["中央公園", "東児童遊園", "西公園"]),
    ({"面積（㎡）__gt": "900"}, ["中央公園", "南公園", "西公園"]),
    ({"面積（㎡）__gte": "950"}, ["中央公園", "南公園", "西公園"]),
    ({"面積（㎡）__lt": "800"}, ["東児童遊園"]),
    ({"面積（㎡）__lte": "800"}, ["北公園", "東児童遊園"]),
    ({"区分__in": "児童遊園,都市公園"}, ["中央公園", "東児童遊園", "西公園"]),
    ({"名称__contains": "児童"}, ["東児童遊園"]),
    ({"開園日__gte": "2020-01-01"}, ["中央公園", "西公園"]),
    ({"q": "児童"}, ["東児童遊園"]),
    ({"q": "ＷＥＳＴ"}, []),
])
def test_record_filters(client, catalog, params, names):
    body = _records(client, catalog, **params).json()
    assert [r["名称"] for r in body["records"]] == names
    assert body["total"] == len(names)


def test_sort_fields_and_keyset_paging(client, catalog):
    page = _records(client, catalog, sort="-面積（㎡）", fields="名称", limit=2).json()
    assert [r["名称"] for r in page["records"]] == ["中央公園", "西公園"]
    assert set(page["records"][0]) == {"名称"}
    following = client.get(page["next"]).json()
    assert [r["名称"] for r in following["records"]] == ["南公園", "北公園"]
    last = client.get(following["next"]).json()
    assert [r["名称"] for r in last["records"]] == ["東児童遊園"] and last["next"] is None


def test_keyset_paging_with_nulls_visits_every_row_once(client, catalog):
    seen, url = [], None
    params = {"sort": "開園日", "fields": "名称", "limit": 2}
    while True:
        body = client.get(url).json() if url else _records(client, catalog, **params).json()
        seen += [r["名称"] for r in body["records"]]
        url = body["next"]
        if not url:
            break
    assert seen == ["南公園", "北公園", "中央公園", "西公園", "東児童遊園"]


def test_groups(client, catalog):
    body = client.get(f"/api/v1/resources/{catalog['resource'].pk}/groups",
                      {"by": "区分", "sum": "面積（㎡）"}).json()
    groups = {g["value"]: (g["count"], g["sum"]) for g in body["groups"]}
    assert groups == {"都市公園": (2, 17000), "街区公園": (2, 1750), "児童遊園": (1, 300)}
    assert [g["count"] for g in body["groups"]] == [2, 2, 1]
    bad = client.get(f"/api/v1/resources/{catalog['resource'].pk}/groups",
                     {"by": "区分", "sum": "名称"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "not-numeric"


@pytest.mark.parametrize(("params", "code"), [
    ({"no_such_column": "1"}, "unknown-column"),
    ({"面積（㎡）__gt": "large"}, "invalid-value"),
    ({"limit": "100000"}, "limit-too-large"),
    ({"limit": "-1"}, "invalid-parameter"),
    ({"after": "garbage!!"}, "invalid-cursor"),
    ({"sort": "nope"}, "unknown-column"),
    ({"区分__in": ",".join(["x"] * 101)}, "invalid-query"),
])
def test_bad_record_requests_are_clear_400s(client, catalog, params, code):
    response = _records(client, catalog, **params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == code and error["message_ja"] and error["message_en"]


def test_unknown_resource_and_unloaded_resource(client, catalog):
    assert client.get("/api/v1/resources/00000000-0000-0000-0000-000000000000/records"
                      ).status_code == 404
    assert client.get("/api/v1/resources/not-a-uuid/records").status_code == 404


def test_private_resources_need_a_member_token(client, catalog):
    import io

    from hiraku.catalog import services
    from tests import factories

    resource = services.add_resource(factories.platform_admin(), catalog["draft"],
                                     url="https://example.jp/x.pdf", name="x")
    assert client.get(f"/api/v1/resources/{resource.pk}").status_code == 404
    assert client.get(f"/api/v1/resources/{resource.pk}",
                      HTTP_AUTHORIZATION=catalog["kosodate_token"]).status_code == 200
    del io


def test_a_resource_waiting_for_its_load_is_a_clear_error(client, catalog):
    import io

    from hiraku.catalog import services
    from tests import factories

    waiting = services.add_resource(factories.platform_admin(), catalog["parks"],
                                    upload=io.BytesIO(b"a,b\n1,2\n"), filename="later.csv")
    for params in ({}, {"format": "csv"}):
        response = client.get(f"/api/v1/resources/{waiting.pk}/records", params)
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "not-in-datastore"


def test_a_reload_or_a_changed_dictionary_shows_at_once(client, catalog, run_on_commit):
    """The records API keeps built tables per process; none of them may outlive a change."""
    import io

    from hiraku.catalog import services
    from hiraku.datastore.models import ResourceTable
    from tests import factories

    assert _records(client, catalog).json()["total"] == 5
    stored = ResourceTable.objects.get(resource=catalog["resource"])
    stored.columns = [{**c, "label": "公園名"} if c["label"] == "名称" else c
                      for c in stored.columns]
    stored.save(update_fields=["columns"])
    labels = [f["name"] for f in _records(client, catalog).json()["fields"]]
    assert "公園名" in labels and "名称" not in labels
    assert _records(client, catalog, 公園名="北公園").json()["total"] == 1

    run_on_commit(services.update_resource, factories.platform_admin(), catalog["resource"],
                  upload=io.BytesIO("名称,面積\n一番公園,10\n".encode("cp932")),
                  filename="parks.csv")
    body = _records(client, catalog).json()
    assert body["total"] == 1 and body["records"][0]["名称"] == "一番公園"
