"""The index follows every catalog write, in the write's own transaction."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from hiraku.catalog import services
from hiraku.catalog.models import Dataset
from hiraku.catalog.queries import DatasetQuery, search_datasets
from hiraku.search import backend as search_backend
from hiraku.search import index
from hiraku.search.models import SearchEntry
from tests import factories
from tests.search.relevance_catalog import add_table

pytestmark = pytest.mark.django_db


def found(text: str, user=None) -> list[str]:
    results = search_datasets(user, DatasetQuery(q=text), facet_names=(), log_zero_results=False)
    return [dataset.name for dataset in results.datasets]


def index_rows() -> int:
    """Rows in the vendor's index structure itself, not only in SearchEntry."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM search_fts")
        else:
            cursor.execute("SELECT count(*) FROM search_searchentry WHERE document <> ''")
        return cursor.fetchone()[0]


@pytest.fixture
def parks():
    org = factories.organization("koen", "公園緑地課", title_en="Parks Section")
    dataset = factories.dataset(
        org,
        "parks",
        "区立公園一覧",
        notes="遊具とトイレのある公園の所在地です。",
        tags=["公園", "緑地"],
    )
    factories.resource(dataset, filename="parks.csv", name="公園一覧（令和6年度）.csv")
    return dataset


def test_a_new_dataset_is_found_by_every_indexed_field(parks):
    assert found("区立公園") == ["parks"]  # title
    assert found("緑地") == ["parks"]  # tag (and organization)
    assert found("Parks Section") == ["parks"]  # organization, English title
    assert found("遊具") == ["parks"]  # description
    assert found("令和6年度") == ["parks"]  # resource name


def test_editing_a_dataset_replaces_its_old_text(parks):
    services.update_dataset(factories.platform_admin(), parks, title="都市公園一覧", tags=["都市"])
    assert found("区立") == []
    assert found("都市公園") == ["parks"]
    assert found("緑地") == ["parks"]  # still in the organization's title
    assert SearchEntry.objects.count() == 1 and index_rows() == 1


def test_adding_and_removing_a_resource_reindexes_its_dataset(parks):
    admin = factories.platform_admin()
    resource = services.add_resource(admin, parks, url="https://example.jp/x", name="ベンチ配置図")
    assert found("ベンチ") == ["parks"]
    services.delete_resource(admin, resource)
    assert found("ベンチ") == []


def test_a_deleted_dataset_leaves_the_index(parks):
    services.delete_dataset(factories.platform_admin(), parks)
    assert found("公園") == []
    assert SearchEntry.objects.count() == 0 and index_rows() == 0


def test_a_purged_dataset_takes_its_index_row_along(parks):
    services.purge_dataset(factories.platform_admin(), parks)
    assert SearchEntry.objects.count() == 0 and index_rows() == 0


def test_renaming_an_organization_reindexes_its_datasets(parks):
    services.update_organization(factories.platform_admin(), parks.organization, title="みどり課")
    assert found("みどり課") == ["parks"]
    assert found("緑地課") == []


def test_an_organization_change_that_no_document_shows_reindexes_nothing(parks, monkeypatch):
    calls = []
    monkeypatch.setattr(index, "reindex_organization", calls.append)
    services.update_organization(
        factories.platform_admin(), parks.organization, email="koen@example.jp"
    )
    assert calls == []
    services.update_organization(factories.platform_admin(), parks.organization, title="緑の課")
    assert calls == [parks.organization]


def test_a_rolled_back_write_leaves_no_index_row():
    org = factories.organization("bosai", "防災課")
    with pytest.raises(RuntimeError), transaction.atomic():
        factories.dataset(org, "hydrants", "消火栓一覧")
        assert found("消火栓") == ["hydrants"]  # visible inside the transaction
        raise RuntimeError("the write fails after indexing")
    assert found("消火栓") == []
    assert SearchEntry.objects.count() == 0 and index_rows() == 0


def test_a_failure_to_index_aborts_the_write(monkeypatch):
    org = factories.organization("bosai", "防災課")

    def broken(self, rows, *, replace):
        raise RuntimeError("index unavailable")

    backend_class = type(search_backend.get_backend())
    monkeypatch.setattr(backend_class, "store", broken)
    with pytest.raises(RuntimeError):
        factories.dataset(org, "hydrants", "消火栓一覧")
    assert not Dataset.objects.filter(name="hydrants").exists()


def test_private_datasets_are_found_only_by_those_who_may_see_them():
    bosai = factories.organization("bosai", "防災課")
    other = factories.organization("kosodate", "子育て支援課")
    factories.dataset(bosai, "draft", "備蓄品一覧（下書き）", private=True)
    assert found("備蓄") == []
    assert found("備蓄", factories.staff("outsider", other)) == []
    assert found("備蓄", factories.staff("member", bosai)) == ["draft"]
    assert found("備蓄", factories.platform_admin()) == ["draft"]


def test_a_phrase_never_spans_two_fields():
    org = factories.organization("bosai", "防災課")
    factories.dataset(org, "alpha", "Alpha", tags=["Beta"])
    factories.dataset(org, "both", "Alpha Beta")
    assert sorted(found("alpha beta")) == ["alpha", "both"]
    assert found('"alpha beta"') == ["both"]


def test_rebuild_restores_a_wiped_index_with_active_datasets_only(parks):
    org = parks.organization
    gone = factories.dataset(org, "old-parks", "旧公園一覧")
    services.delete_dataset(factories.platform_admin(), gone)
    SearchEntry.objects.all().delete()
    assert found("公園") == [] and index_rows() == 0
    report = index.rebuild()
    assert report.datasets == 1
    assert found("公園") == ["parks"] and index_rows() == 1


def test_the_reindex_command_rebuilds_and_says_how_many(parks, capsys):
    SearchEntry.objects.all().delete()
    call_command("reindex")
    assert "1 datasets" in capsys.readouterr().out
    assert found("遊具") == ["parks"]


def test_migrate_fills_an_index_only_when_it_is_empty(parks):
    assert index.fill_if_empty() is None
    SearchEntry.objects.all().delete()
    assert index.fill_if_empty().datasets == 1
    assert found("遊具") == ["parks"]


def test_column_headers_of_a_loaded_table_are_found(parks):
    resource = parks.resources.get()
    if not add_table(resource, ["設置場所", "遊具の種類"]):
        pytest.skip("the datastore's tables are not migrated yet")
    index.index_dataset(parks)  # the datastore signals a load like any other dataset change
    assert found("設置場所") == ["parks"]
