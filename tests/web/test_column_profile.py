"""Column profiles are computed once per loaded table and recomputed after a new load."""

from __future__ import annotations

import io

import pytest

from hiraku.catalog import services
from hiraku.catalog.models import Resource
from hiraku.datastore.models import ResourceTable
from hiraku.datastore.query import Table
from hiraku.web import profile as profiles
from tests import factories

pytestmark = pytest.mark.django_db(databases=["default", "datastore"])


def _profile(resource):
    resource_table = ResourceTable.objects.get(resource=resource)
    return profiles.profile_for(resource_table, Table(str(resource.pk), resource_table))


def _column(profile, label):
    return next(c for c in profile["columns"] if c["label"] == label)


def test_profile_counts_fill_distinct_range_top_values_and_histogram(shelters):
    profile = _profile(shelters)
    assert profile["rows"] == 25
    capacity = _column(profile, "収容人数")
    assert (capacity["filled"], capacity["distinct"]) == (25, 22)
    assert (capacity["min"], capacity["max"]) == (50, 1100)
    assert sum(b["count"] for b in capacity["histogram"]) == 25
    assert capacity["top"][:3] == [{"value": v, "count": 2} for v in (100, 200, 300)]
    assert "top" not in _column(profile, "名称")  # every value differs: nothing is "common"
    kinds = _column(profile, "種別")
    assert kinds["top"][0] == {"value": "公園", "count": 7}
    assert "min" not in kinds  # text has no meaningful range
    opened = _column(profile, "開設日")
    assert (opened["min"], opened["max"]) == ("2020-01-01", "2021-03-01")
    assert [b["low"] for b in opened["histogram"]] == ["2020", "2021"]
    assert _column(profile, "緯度")["filled"] == 24
    assert profile["map"]["placed"] == 22 and profile["map"]["unplaced"] == 3


def test_profile_is_stored_and_reused_until_the_table_is_replaced(
    shelters, run_on_commit, monkeypatch
):
    first = _profile(shelters)
    assert ResourceTable.objects.get(resource=shelters).profile == first
    monkeypatch.setattr(profiles, "compute_profile", lambda *a, **k: pytest.fail("recomputed"))
    assert _profile(shelters) == first
    monkeypatch.undo()
    run_on_commit(
        services.update_resource,
        factories.platform_admin(),
        Resource.objects.get(pk=shelters.pk),
        upload=io.BytesIO("名称,収容人数\nA,1\nB,2\nC,2\n".encode()),
        filename="shelters.csv",
    )
    second = _profile(shelters)
    assert second["rows"] == 3 and second["table"] != first["table"]
    assert _column(second, "収容人数")["top"] == [
        {"value": 2, "count": 2},
        {"value": 1, "count": 1},
    ]
    assert second["map"] is None


def test_a_query_that_fails_leaves_that_part_out(shelters, monkeypatch):
    monkeypatch.setattr(profiles, "_fetch", lambda sql, params: None)
    resource_table = ResourceTable.objects.get(resource=shelters)
    # Computed afresh: the load already stored a complete profile.
    profile = profiles.compute_profile(Table(str(shelters.pk), resource_table),
                                       resource_table.table_name)
    capacity = _column(profile, "収容人数")
    assert "filled" not in capacity and profile["complete"] is False
