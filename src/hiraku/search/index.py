"""Keeps the search index in step with the catalog.

The catalog services send ``dataset_changed`` and ``organization_changed`` inside the write's
transaction; the listeners here update the index on the same connection, so the index row
commits or rolls back with the change, and a failure to index aborts the write rather than
leaving the index behind. ``hiraku reindex`` rebuilds everything from the catalog.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from hiraku.catalog import signals
from hiraku.catalog.models import Dataset, Organization
from hiraku.search.backend import RebuildReport, get_backend
from hiraku.search.models import SearchEntry

# A change to these organization fields changes what its datasets' documents say.
INDEXED_ORGANIZATION_FIELDS = frozenset({"title", "title_en"})


def index_dataset(dataset: Dataset) -> None:
    """Index an active dataset; a deleted one leaves the index (searches only see active)."""
    backend = get_backend()
    if dataset.state == Dataset.State.ACTIVE:
        backend.index(dataset)
    else:
        backend.remove(dataset)


def reindex_organization(organization: Organization) -> int:
    backend = get_backend()
    datasets = Dataset.objects.active().filter(organization=organization)
    count = 0
    for dataset in datasets.select_related("organization").prefetch_related("tags", "resources"):
        backend.index(dataset)
        count += 1
    return count


def rebuild() -> RebuildReport:
    return get_backend().rebuild()


def fill_if_empty() -> RebuildReport | None:
    """Build the index when it is empty but the catalog is not (first migrate after upgrade)."""
    tables = connection.introspection.table_names()
    if SearchEntry._meta.db_table not in tables or Dataset._meta.db_table not in tables:
        return None  # migrated backwards, or not that far yet
    if SearchEntry.objects.exists() or not Dataset.objects.active().exists():
        return None
    return rebuild()


def _on_dataset_changed(sender: object, dataset: Dataset, **kwargs: object) -> None:
    index_dataset(dataset)


def _on_organization_changed(
    sender: object,
    organization: Organization,
    fields: Iterable[str] | None = None,
    **kwargs: object,
) -> None:
    if fields is None or INDEXED_ORGANIZATION_FIELDS & set(fields):
        reindex_organization(organization)


def connect_listeners() -> None:
    signals.dataset_changed.connect(_on_dataset_changed, dispatch_uid="hiraku.search.dataset")
    signals.organization_changed.connect(
        _on_organization_changed, dispatch_uid="hiraku.search.organization"
    )
