"""A failed upload leaves the previous version serving; a good one switches atomically."""

from __future__ import annotations

import io

import pytest
from django.db import connections

from hiraku.catalog import services
from hiraku.catalog.models import Resource
from hiraku.datastore.backends import datastore_backend
from hiraku.datastore.models import LoadJob, ResourceTable
from tests import factories

pytestmark = pytest.mark.django_db(databases=["default", "datastore"])

V1 = "施設,人数\n図書館,10\n公民館,20\n".encode()
V2 = "施設,人数\n図書館,11\n公民館,21\n体育館,31\n".encode()


@pytest.fixture
def resource(run_on_commit):
    dataset = factories.dataset(factories.organization(), "shisetsu")
    return run_on_commit(services.add_resource, factories.platform_admin(), dataset,
                         upload=io.BytesIO(V1), filename="v1.csv")


def _replace(run_on_commit, resource, content: bytes, filename: str = "v2.csv"):
    run_on_commit(services.update_resource, factories.platform_admin(), resource,
                  upload=io.BytesIO(content), filename=filename)
    return LoadJob.objects.filter(resource=resource).order_by("-created").first()


def test_good_replacement_switches_table_and_file(run_on_commit, resource, datastore_rows):
    job = _replace(run_on_commit, resource, V2)
    assert job.status == "done"
    resource.refresh_from_db()
    assert resource.filename == "v2.csv" and resource.file.read() == V2
    assert [r[0] for r in datastore_rows(resource, '"人数"')] == [11, 21, 31]
    assert ResourceTable.objects.get(resource=resource).row_count == 3


BAD_FILES = {
    "binary": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "image.csv"),
    "empty": (b"", "empty.csv"),
    "header-only": ("施設,人数\n".encode(), "header.csv"),
    "mixed-encodings": ("施設,人数\n".encode() + ("図書館,1\n" * 3000).encode()
                        + "公民館,2\n".encode("cp932"), "mixed.csv"),
    "zip-bomb": (b"PK\x03\x04" + b"\x00" * 200, "bomb.xlsx"),
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_bad_replacement_keeps_the_previous_version(run_on_commit, resource, datastore_rows,
                                                     kind):
    content, filename = BAD_FILES[kind]
    job = _replace(run_on_commit, resource, content, filename)
    assert job.status == "failed"
    assert job.error_ja and job.error_en and "Traceback" not in job.error_en
    resource.refresh_from_db()
    assert resource.filename == "v1.csv" and resource.file.read() == V1
    assert [r[0] for r in datastore_rows(resource, '"人数"')] == [10, 20]
    assert not job.pending_file  # the rejected upload is not kept


def test_previous_table_is_kept_and_older_ones_dropped(run_on_commit, resource):
    first = ResourceTable.objects.get(resource=resource).table_name
    _replace(run_on_commit, resource, V2)
    second = ResourceTable.objects.get(resource=resource).table_name
    _replace(run_on_commit, resource, V1, "v3.csv")
    third = ResourceTable.objects.get(resource=resource).table_name
    backend = datastore_backend()
    with connections["datastore"].cursor() as cursor:
        tables = set(backend.tables_with_prefix(cursor, f"t_{resource.pk.hex}_"))
    assert tables == {second, third}
    assert first not in tables


def test_deleting_a_resource_drops_its_tables(run_on_commit, resource):
    rid = resource.pk
    run_on_commit(services.delete_resource, factories.platform_admin(), resource)
    assert not Resource.objects.filter(pk=rid).exists()
    backend = datastore_backend()
    with connections["datastore"].cursor() as cursor:
        assert backend.tables_with_prefix(cursor, f"t_{rid.hex}_") == []
