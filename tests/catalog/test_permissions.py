"""An editor of 防災課 cannot see drafts of, or change, 子育て支援課's datasets, by any path."""

from __future__ import annotations

import pytest

from hiraku.catalog import permissions, services
from hiraku.catalog.models import Dataset
from hiraku.errors import NotAllowed
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    bosai = factories.organization("bosai", "防災課")
    kosodate = factories.organization("kosodate", "子育て支援課")
    editor = factories.staff("bosai-editor", bosai)
    draft = factories.dataset(kosodate, "hoikuen-draft", "保育園の空き状況（下書き）", private=True)
    public = factories.dataset(kosodate, "hoikuen", "保育園一覧")
    own = factories.dataset(bosai, "hinanjo", "避難所一覧", private=True)
    factories.resource(draft, b"secret", "draft.csv")
    return {
        "bosai": bosai,
        "kosodate": kosodate,
        "editor": editor,
        "draft": draft,
        "public": public,
        "own": own,
    }


def test_editor_sees_own_drafts_but_not_other_organizations_drafts(world):
    visible = set(permissions.visible_datasets(world["editor"]).values_list("name", flat=True))
    assert visible == {"hoikuen", "hinanjo"}


def test_editor_cannot_change_another_organizations_dataset_through_services(world):
    with pytest.raises(NotAllowed):
        services.update_dataset(world["editor"], world["public"], title="改ざん")
    assert Dataset.objects.get(name="hoikuen").title == "保育園一覧"


def test_editor_cannot_move_own_dataset_into_another_organization(world):
    with pytest.raises(NotAllowed):
        services.update_dataset(world["editor"], world["own"], organization=world["kosodate"])
    assert Dataset.objects.get(name="hinanjo").organization == world["bosai"]


def test_editor_cannot_create_datasets_for_another_organization(world):
    with pytest.raises(NotAllowed):
        services.create_dataset(
            world["editor"], organization=world["kosodate"], name="intruder", title="x"
        )
    assert not Dataset.objects.filter(name="intruder").exists()


def test_editor_cannot_add_resources_to_another_organizations_dataset(world):
    import io

    with pytest.raises(NotAllowed):
        services.add_resource(
            world["editor"], world["public"], upload=io.BytesIO(b"x"), filename="x.csv"
        )


def test_editor_changes_own_dataset(world):
    services.update_dataset(world["editor"], world["own"], title="指定避難所一覧")
    assert Dataset.objects.get(name="hinanjo").title == "指定避難所一覧"


def test_member_role_sees_drafts_but_cannot_edit(world):
    member = factories.staff("kosodate-member", world["kosodate"], role="member")
    assert permissions.can_view_dataset(member, world["draft"])
    assert not permissions.can_edit_dataset(member, world["draft"])


def test_admin_changelist_lists_only_own_organizations_datasets(world, client):
    client.force_login(world["editor"])
    response = client.get("/admin/catalog/dataset/")
    assert response.status_code == 200
    assert "避難所一覧" in response.text
    assert "保育園" not in response.text


def test_admin_change_page_of_other_organizations_dataset_is_refused(world, client):
    client.force_login(world["editor"])
    draft = world["draft"]
    response = client.get(f"/admin/catalog/dataset/{draft.pk}/change/")
    assert response.status_code in (302, 403, 404)
    response = client.post(f"/admin/catalog/dataset/{draft.pk}/change/", {"title": "x"})
    assert response.status_code in (302, 403, 404)
    assert Dataset.objects.get(pk=draft.pk).title == "保育園の空き状況（下書き）"


def test_admin_add_form_offers_only_own_organizations(world, client):
    client.force_login(world["editor"])
    response = client.get("/admin/catalog/dataset/add/")
    assert response.status_code == 200
    assert "防災課" in response.text
    assert "子育て支援課" not in response.text


def test_admin_add_for_other_organization_is_rejected(world, client):
    client.force_login(world["editor"])
    response = client.post(
        "/admin/catalog/dataset/add/",
        {
            "organization": str(world["kosodate"].pk),
            "title": "侵入",
            "name": "shinnyu",
            "license": "cc-by-4.0",
            "resources-TOTAL_FORMS": "0",
            "resources-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200  # the form comes back with an error
    assert not Dataset.objects.filter(name="shinnyu").exists()


def test_admin_resource_of_other_organization_is_refused(world, client):
    client.force_login(world["editor"])
    resource = world["draft"].resources.get()
    response = client.get(f"/admin/catalog/resource/{resource.pk}/change/")
    assert response.status_code in (302, 403, 404)


def test_public_site_hides_other_organizations_draft(world, client):
    client.force_login(world["editor"])
    assert client.get("/dataset/hoikuen-draft/").status_code == 404
    assert client.get("/dataset/hinanjo/").status_code == 200
    listing = client.get("/dataset/").text
    assert "保育園の空き状況" not in listing


def test_draft_resource_download_is_not_found_for_outsiders(world, client):
    resource = world["draft"].resources.get()
    url = resource.get_download_url()
    assert client.get(url).status_code == 404
    client.force_login(world["editor"])
    assert client.get(url).status_code == 404


def test_anonymous_sees_only_public_datasets(world, client):
    assert client.get("/dataset/hoikuen/").status_code == 200
    assert client.get("/dataset/hinanjo/").status_code == 404
