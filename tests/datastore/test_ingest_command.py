"""`hiraku ingest FILE --dataset SLUG [--org SLUG] [--resource NAME]` scripts a catalog."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hiraku.catalog.models import Dataset, Organization
from hiraku.datastore.models import ResourceTable

pytestmark = pytest.mark.django_db(databases=["default", "datastore"])


def _ingest(run_on_commit, *args):
    out = io.StringIO()
    run_on_commit(call_command, "ingest", *map(str, args), stdout=out)
    return out.getvalue()


def test_ingest_creates_organization_dataset_and_table(run_on_commit, samples):
    output = _ingest(run_on_commit, samples / "yaizu_222127_aed.csv", "--dataset", "aed",
                     "--org", "bosai", "--resource", "AED一覧")
    assert "82 rows" in output
    dataset = Dataset.objects.get(name="aed")
    assert dataset.organization == Organization.objects.get(name="bosai")
    resource = dataset.resources.get(name="AED一覧")
    assert ResourceTable.objects.get(resource=resource).row_count == 82


def test_ingest_again_replaces_the_same_resource(run_on_commit, samples):
    path = samples / "yaizu_222127_aed.csv"
    _ingest(run_on_commit, path, "--dataset", "aed", "--org", "bosai")
    _ingest(run_on_commit, samples / "yaizu_222127_library.csv", "--dataset", "aed",
            "--resource", path.stem)
    resource = Dataset.objects.get(name="aed").resources.get()
    assert ResourceTable.objects.get(resource=resource).row_count == 11


def test_ingest_without_org_for_a_new_dataset_is_a_clear_error(run_on_commit, samples):
    with pytest.raises(CommandError, match="--org"):
        _ingest(run_on_commit, samples / "yaizu_222127_aed.csv", "--dataset", "new")


def test_ingest_of_a_broken_file_fails_with_a_bilingual_message(run_on_commit, tmp_path):
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    with pytest.raises(CommandError) as error:
        _ingest(run_on_commit, broken, "--dataset", "x1", "--org", "o1")
    assert "/" in str(error.value) and "Traceback" not in str(error.value)
