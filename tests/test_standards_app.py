"""Uploads that follow a standard dataset are checked; conforming datasets get the tags
aggregators look for; the fixed file can be published as another resource."""

from __future__ import annotations

import io

import pytest

from hiraku.catalog import services
from hiraku.standards.models import Conformance
from hiraku.standards.services import STANDARD_TAG, publish_fixed
from tests import factories

pytestmark = pytest.mark.django_db(databases=["default", "datastore"])


def _upload(run_on_commit, dataset, path):
    return run_on_commit(services.add_resource, factories.platform_admin(), dataset,
                         upload=path.open("rb"), filename=path.name)


def test_conforming_file_is_tagged(run_on_commit, samples):
    dataset = factories.dataset(factories.organization(), "hydrant", conforms_to="fire-hydrant")
    resource = _upload(run_on_commit, dataset, samples / "yaizu_222127_fire_hydrant.csv")
    conformance = Conformance.objects.get(resource=resource)
    assert conformance.schema_id == "fire-hydrant" and conformance.conforms is True
    assert conformance.declared
    tags = set(dataset.tags.values_list("name", flat=True))
    assert {STANDARD_TAG, "消防水利施設一覧"} <= tags


def test_detected_standard_with_errors_is_not_tagged(run_on_commit, samples):
    dataset = factories.dataset(factories.organization(), "evac")
    resource = _upload(run_on_commit, dataset, samples / "yaizu_222127_evacuation_space.csv")
    conformance = Conformance.objects.get(resource=resource)
    assert conformance.schema_id == "evacuation-space" and not conformance.declared
    assert conformance.conforms is False and conformance.errors > 0
    rows = {p["row"] for p in conformance.report["problems"] if p["code"] == "flag"}
    assert rows and min(rows) >= 2  # row numbers as in the file, header = 1
    assert STANDARD_TAG not in set(dataset.tags.values_list("name", flat=True))


def test_non_standard_file_records_no_standard(run_on_commit):
    dataset = factories.dataset(factories.organization(), "misc")
    resource = run_on_commit(services.add_resource, factories.platform_admin(), dataset,
                             upload=io.BytesIO("名前,値段\nりんご,100\n".encode()),
                             filename="fruit.csv")
    assert Conformance.objects.get(resource=resource).schema_id == ""


def test_publish_fixed_adds_a_conforming_resource(run_on_commit, samples):
    dataset = factories.dataset(factories.organization(), "evac")
    resource = _upload(run_on_commit, dataset, samples / "yaizu_222127_evacuation_space.csv")
    fixed = run_on_commit(publish_fixed, factories.platform_admin(), resource)
    assert fixed.name.endswith("（標準形式）") and fixed.format == "CSV"
    assert Conformance.objects.get(resource=fixed).conforms is True


def test_publish_fixed_needs_edit_rights(run_on_commit, samples):
    from hiraku.errors import NotAllowed

    dataset = factories.dataset(factories.organization(), "evac")
    resource = _upload(run_on_commit, dataset, samples / "yaizu_222127_evacuation_space.csv")
    outsider = factories.staff("outsider", factories.organization("other", "他課"))
    with pytest.raises(NotAllowed):
        publish_fixed(outsider, resource)


def test_staff_resource_page_shows_the_verdict_and_failing_rows(run_on_commit, samples, client):
    dataset = factories.dataset(factories.organization(), "evac")
    resource = _upload(run_on_commit, dataset, samples / "yaizu_222127_evacuation_space.csv")
    client.force_login(factories.platform_admin())
    text = client.get(f"/admin/catalog/resource/{resource.pk}/change/").text
    assert "指定緊急避難場所一覧" in text and "severity-error" in text


def test_dataset_page_shows_the_badge_and_the_catalog_filters_by_conformance(
    run_on_commit, samples, client
):
    good = factories.dataset(factories.organization("shobo", "消防課"), "hydrant",
                             title="消防水利", conforms_to="fire-hydrant")
    _upload(run_on_commit, good, samples / "yaizu_222127_fire_hydrant.csv")
    bad = factories.dataset(factories.organization("bosai", "防災課"), "evac", title="避難場所")
    _upload(run_on_commit, bad, samples / "yaizu_222127_evacuation_space.csv")
    good.refresh_from_db()
    bad.refresh_from_db()
    assert (good.standard_status, bad.standard_status) == ("conforms", "needs-fix")
    assert "準拠" in client.get("/dataset/hydrant/").text
    page = client.get("/dataset/evac/").text
    assert "要修正" in page and "修正が必要な箇所を表示" in page
    assert "Needs fixing" in client.get("/en/dataset/evac/").text
    listing = client.get("/dataset/", {"standard_status": "conforms"}).text
    assert "消防水利" in listing and "避難場所" not in listing
    assert "要修正" in client.get("/dataset/").text  # the facet
