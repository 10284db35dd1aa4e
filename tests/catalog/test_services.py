"""Dataset writes: validation errors are clear and bilingual; nothing half-saved."""

from __future__ import annotations

import io

import pytest

from hiraku.catalog import services
from hiraku.catalog.models import Dataset, Resource
from hiraku.errors import Invalid
from tests import factories

pytestmark = pytest.mark.django_db(databases=["default", "datastore"])


def test_slug_collision_is_a_validation_error():
    org = factories.organization()
    factories.dataset(org, "aed")
    with pytest.raises(Invalid) as error:
        factories.dataset(org, "aed", "別のAED")
    assert "name" in error.value.details
    assert error.value.message_ja and error.value.message_en


@pytest.mark.parametrize("bad", ["A", "公園", "kouen ichiran", "a/b", "x" * 101, "../etc"])
def test_invalid_slugs_are_refused(bad):
    org = factories.organization()
    with pytest.raises(Invalid) as error:
        factories.dataset(org, bad)
    assert "name" in error.value.details
    assert not Dataset.objects.filter(name=bad).exists()


def test_spatial_coverage_needs_a_valid_check_digit():
    org = factories.organization()
    factories.dataset(org, "ok", spatial="222127")
    with pytest.raises(Invalid) as error:
        factories.dataset(org, "bad", spatial="222128")
    assert "spatial" in error.value.details


def test_tags_are_created_and_trimmed():
    org = factories.organization()
    dataset = services.create_dataset(
        factories.platform_admin(),
        organization=org,
        name="tagged",
        title="t",
        tags=[" AED ", "防災", "", "防災"],
    )
    assert sorted(dataset.tags.values_list("name", flat=True)) == ["AED", "防災"]


def test_unknown_fields_are_refused():
    org = factories.organization()
    with pytest.raises(Invalid):
        services.create_dataset(
            factories.platform_admin(), organization=org, name="x", title="x", colour="red"
        )


def test_upload_over_the_limit_stores_nothing(settings, tmp_path):
    settings.MAX_UPLOAD_BYTES = 1000
    settings.MEDIA_ROOT = str(tmp_path)
    org = factories.organization()
    dataset = factories.dataset(org)
    with pytest.raises(Invalid) as error:
        services.add_resource(
            factories.platform_admin(), dataset, upload=io.BytesIO(b"x" * 1001), filename="big.csv"
        )
    assert error.value.code == "upload-too-large"
    assert "上限" in error.value.message_ja and "limit" in error.value.message_en
    assert not Resource.objects.exists()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_replacing_a_file_keeps_the_record_and_changes_the_hash(run_on_commit):
    org = factories.organization()
    dataset = factories.dataset(org)
    resource = run_on_commit(factories.resource, dataset, b"a\n1\n", "v1.csv")
    first = resource.sha256
    run_on_commit(services.update_resource, factories.platform_admin(), resource,
                  upload=io.BytesIO(b"a\n2\n"), filename="v2.csv")
    resource.refresh_from_db()  # a table file replaces the old one once its load succeeds
    assert resource.sha256 != first
    assert resource.filename == "v2.csv"
    assert resource.file.read() == b"a\n2\n"


def test_replacing_a_non_table_file_is_immediate():
    org = factories.organization()
    dataset = factories.dataset(org)
    resource = factories.resource(dataset, b"%PDF-1", "v1.pdf")
    services.update_resource(factories.platform_admin(), resource,
                             upload=io.BytesIO(b"%PDF-2"), filename="v2.pdf")
    resource.refresh_from_db()
    assert resource.filename == "v2.pdf" and resource.file.read() == b"%PDF-2"


def test_resource_needs_a_file_or_url():
    org = factories.organization()
    dataset = factories.dataset(org)
    with pytest.raises(Invalid):
        services.add_resource(factories.platform_admin(), dataset, name="empty")


def test_organization_with_datasets_cannot_be_deleted():
    org = factories.organization()
    factories.dataset(org)
    with pytest.raises(Invalid):
        services.delete_organization(factories.platform_admin(), org)
