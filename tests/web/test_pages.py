"""The public pages a resident visits."""

from __future__ import annotations

import pytest

from hiraku.catalog import services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    bosai = factories.organization("bosai", "防災課", title_en="Disaster Prevention")
    kosodate = factories.organization("kosodate", "子育て支援課")
    aed = factories.dataset(
        bosai,
        "aed",
        "AED設置箇所一覧",
        title_en="AED locations",
        notes="市内の **AED** の場所です。",
        tags=["AED", "防災"],
        themes=["social-security"],
        license_id="pdl-1.0",
    )
    factories.resource(aed, b"a,b\n", "aed.csv")
    factories.dataset(kosodate, "hoikuen", "保育園一覧", tags=["子育て"])
    factories.dataset(kosodate, "draft", "下書き", private=True)
    return {"bosai": bosai, "aed": aed}


def test_home_shows_counts_newest_and_themes(client, catalog):
    response = client.get("/")
    assert response.status_code == 200
    text = response.text
    assert "AED設置箇所一覧" in text and "保育園一覧" in text
    assert "下書き" not in text
    assert "2 件のデータセット" in text
    assert "社会保障・衛生" in text


def test_dataset_list_filters_by_organization_tag_format_and_licence(client, catalog):
    assert "保育園一覧" not in client.get("/dataset/?organization=bosai").text
    assert "AED設置箇所一覧" in client.get("/dataset/?organization=bosai").text
    assert "AED設置箇所一覧" not in client.get("/dataset/?tags=子育て").text
    assert "AED設置箇所一覧" in client.get("/dataset/?res_format=CSV").text
    assert "保育園一覧" not in client.get("/dataset/?res_format=CSV").text
    assert "保育園一覧" not in client.get("/dataset/?license_id=pdl-1.0").text
    assert "AED設置箇所一覧" in client.get("/dataset/?groups=social-security").text


def test_dataset_list_keyword_match(client, catalog):
    import re

    text = re.sub(r"</?mark>", "", client.get("/dataset/", {"q": "保育"}).text)
    assert "保育園一覧" in text and "AED設置箇所一覧" not in text


def test_dataset_list_shows_facet_counts(client, catalog):
    text = client.get("/dataset/").text
    assert "防災課" in text and "(1)" in text


def test_dataset_page_shows_metadata_licence_attribution_and_download(client, catalog):
    response = client.get("/dataset/aed/")
    assert response.status_code == 200
    text = response.text
    assert "<strong>AED</strong>" in text
    assert "公共データ利用規約（第1.0版）" in text
    assert "出典：防災課「AED設置箇所一覧」" in text
    assert "/download/aed.csv" in text


def test_dataset_by_id_redirects_to_its_name(client, catalog):
    response = client.get(f"/dataset/{catalog['aed'].pk}/")
    assert response.status_code == 301
    assert response["Location"] == "/dataset/aed/"


def test_organization_pages(client, catalog):
    assert "防災課" in client.get("/organization/").text
    text = client.get("/organization/bosai/").text
    assert "AED設置箇所一覧" in text and "保育園一覧" not in text


def test_theme_page_lists_its_datasets(client, catalog):
    text = client.get("/group/social-security/").text
    assert "AED設置箇所一覧" in text


@pytest.mark.parametrize(
    "url",
    [
        "/dataset/nope/",
        "/organization/nope/",
        "/group/nope/",
        "/dataset/aed/resource/00000000-0000-0000-0000-000000000000/",
    ],
)
def test_unknown_things_get_a_proper_404_page(client, catalog, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "ページが見つかりません" in response.text
    assert "Traceback" not in response.text


def test_deleted_dataset_is_gone_from_the_site(client, catalog):
    services.delete_dataset(factories.platform_admin(), catalog["aed"])
    assert client.get("/dataset/aed/").status_code == 404
    assert "AED設置箇所一覧" not in client.get("/dataset/").text


def test_list_survives_odd_parameters(client, catalog):
    response = client.get("/dataset/", {"page": "x", "sort": "drop table", "q": "'\";--"})
    assert response.status_code == 200
