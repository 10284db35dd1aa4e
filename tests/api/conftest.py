"""A small loaded catalog for the API tests."""

from __future__ import annotations

import io

import pytest

from hiraku.api.models import ApiToken
from hiraku.catalog import services
from tests import factories

PARKS = (
    "名称,区分,面積（㎡）,開園日,緯度,経度\n"
    "中央公園,都市公園,12000,令和2年4月1日,34.8669,138.3231\n"
    "北公園,街区公園,800,平成15年6月1日,34.8701,138.3100\n"
    "南公園,街区公園,950,2001/5/5,34.8500,138.3000\n"
    "東児童遊園,児童遊園,300,,34.8600,138.3300\n"
    "西公園,都市公園,5000,令和5年1月10日,34.8650,138.2900\n"
).encode("cp932")


@pytest.fixture
def catalog(run_on_commit):
    admin = factories.platform_admin()
    kouen = factories.organization("kouen", "公園緑地課", title_en="Parks Section")
    kosodate = factories.organization("kosodate", "子育て支援課")
    parks = factories.dataset(kouen, "parks", "公園一覧", title_en="Parks",
                              notes="市内の公園の一覧です。", tags=["公園", "緑地"],
                              themes=["housing-land"], license_id="cc-by-4.0")
    resource = run_on_commit(services.add_resource, admin, parks, upload=io.BytesIO(PARKS),
                             filename="parks.csv", name="公園一覧CSV")
    factories.dataset(kosodate, "hoikuen", "保育園一覧", tags=["子育て"], license_id="pdl-1.0")
    draft = factories.dataset(kosodate, "draft", "非公開の下書き", private=True)
    editor = factories.staff("kouen-editor", kouen)
    _, editor_token = ApiToken.issue(editor, "tests")
    _, admin_token = ApiToken.issue(admin, "tests")
    kosodate_editor = factories.staff("kosodate-editor", kosodate)
    _, kosodate_token = ApiToken.issue(kosodate_editor, "tests")
    return {"parks": parks, "resource": resource, "draft": draft, "kouen": kouen,
            "kosodate": kosodate, "editor_token": editor_token, "admin_token": admin_token,
            "kosodate_token": kosodate_token}


@pytest.fixture
def ckan(client):
    """Call a CKAN action like ckanapi does (POST JSON), or with GET."""

    def call(name: str, data: dict | None = None, *, token: str | None = None,
             method: str = "post", **extra):
        headers = {"HTTP_AUTHORIZATION": token} if token else {}
        url = f"/api/3/action/{name}"
        if method == "get":
            return client.get(url, data or {}, **headers, **extra)
        import json

        return client.post(url, json.dumps(data or {}), content_type="application/json",
                           **headers, **extra)

    return call
