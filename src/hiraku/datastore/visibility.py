"""Only public data is reachable by SQL: a resource's view (named by its id) exists exactly
while its dataset is public. The records API reads physical tables and checks permissions
itself, so private datasets still preview for their staff."""

from __future__ import annotations

from django.db import connections, transaction

from hiraku.catalog.models import Dataset
from hiraku.datastore.backends import DATASTORE_ALIAS, datastore_backend
from hiraku.datastore.models import ResourceTable


def is_public(dataset: Dataset) -> bool:
    return dataset.state == Dataset.State.ACTIVE and not dataset.private


def sync_views(dataset_id) -> None:
    """Create or drop the SQL views of a dataset's tables to match its visibility."""
    dataset = Dataset.objects.filter(pk=dataset_id).first()
    tables = ResourceTable.objects.filter(resource__dataset_id=dataset_id)
    public = dataset is not None and is_public(dataset)
    backend = datastore_backend()
    with transaction.atomic(using=DATASTORE_ALIAS), connections[DATASTORE_ALIAS].cursor() as cur:
        for table in tables:
            view = str(table.resource_id)
            exists = backend.view_exists(cur, view)
            if public and not exists:
                backend.publish(cur, view, table.table_name)
            elif not public and exists:
                backend.drop_view(cur, view)


def on_dataset_changed(sender, dataset: Dataset, **kwargs) -> None:
    # After the catalog commits: the datastore is another database.
    dataset_id = dataset.pk
    transaction.on_commit(lambda: sync_views(dataset_id))
