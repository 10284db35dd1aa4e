"""Private data never reaches the SQL endpoint: a resource's view (named by its id, the only
thing read-only SQL can read) exists exactly while its dataset is public."""

from __future__ import annotations

import io

import pytest
from django.db import connections

from hiraku.catalog import services
from hiraku.datastore.backends import datastore_backend
from tests import factories

pytestmark = pytest.mark.django_db(databases=["default", "datastore"])


def _has_view(resource) -> bool:
    with connections["datastore"].cursor() as cursor:
        return datastore_backend().view_exists(cursor, str(resource.pk))


def _load(run_on_commit, private: bool):
    dataset = factories.dataset(factories.organization(), private=private)
    return run_on_commit(services.add_resource, factories.platform_admin(), dataset,
                         upload=io.BytesIO("名称,数\nA,1\n".encode()), filename="a.csv")


def test_public_dataset_gets_a_view_private_does_not(run_on_commit):
    assert _has_view(_load(run_on_commit, private=False))
    assert not _has_view(_load(run_on_commit, private=True))


def test_making_a_dataset_private_drops_its_views_and_public_brings_them_back(run_on_commit):
    resource = _load(run_on_commit, private=False)
    admin = factories.platform_admin()
    run_on_commit(services.update_dataset, admin, resource.dataset, private=True)
    assert not _has_view(resource)
    run_on_commit(services.update_dataset, admin, resource.dataset, private=False)
    assert _has_view(resource)


def test_deleting_a_dataset_drops_its_views(run_on_commit):
    resource = _load(run_on_commit, private=False)
    run_on_commit(services.delete_dataset, factories.platform_admin(), resource.dataset)
    assert not _has_view(resource)


def test_private_tables_still_preview_for_staff_through_the_records_api(run_on_commit, client):
    resource = _load(run_on_commit, private=True)
    kosodate = resource.dataset.organization
    editor = factories.staff("member", kosodate, role="member")
    client.force_login(editor)
    body = client.get(f"/api/v1/resources/{resource.pk}/records").json()
    assert body["records"] == [{"名称": "A", "数": 1}]
    client.logout()
    assert client.get(f"/api/v1/resources/{resource.pk}/records").status_code == 404
