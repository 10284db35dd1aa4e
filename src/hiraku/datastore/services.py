"""Writes that concern the datastore: scheduling loads, the data dictionary, cleaning up."""

from __future__ import annotations

from typing import IO, Any

from auditlog.context import set_actor
from django.db import connections, transaction

from hiraku.catalog import files, permissions, signals
from hiraku.catalog.models import Resource
from hiraku.catalog.uploads import UploadTooLarge
from hiraku.datastore.backends import DATASTORE_ALIAS, datastore_backend
from hiraku.datastore.identifiers import table_name
from hiraku.datastore.models import ColumnInfo, LoadJob
from hiraku.errors import Invalid, NotAllowed

TABULAR_FORMATS = {"CSV", "TSV", "TXT", "XLSX", "XLS", "JSON", "GEOJSON"}
DICTIONARY_FIELDS = {"label", "label_en", "description", "description_en", "unit",
                     "type_override"}


def is_tabular(format_: str) -> bool:
    return (format_ or "").upper() in TABULAR_FORMATS


def _check(actor, resource: Resource) -> None:
    if not permissions.can_edit_dataset(actor, resource.dataset):
        raise NotAllowed("このデータセットの編集の権限がありません。",
                         "You are not allowed to edit this dataset.")


def schedule_load(actor, resource: Resource, *, upload: IO[bytes] | None = None,
                  filename: str = "", sheet: str = "") -> LoadJob:
    """Queue a load of the resource's file, or of a replacement that waits for its load to
    succeed before it replaces the current file."""
    _check(actor, resource)
    job = LoadJob(resource=resource, sheet=sheet,
                  actor=actor if getattr(actor, "pk", None) else None)
    if upload is not None:
        try:
            facts = files.measure(upload, filename or getattr(upload, "name", ""))
        except UploadTooLarge as error:
            raise Invalid(error.message_ja, error.message_en, code="upload-too-large") from error
        job.pending_filename = facts.filename
        job.pending_file.save(facts.filename, files.as_django_file(upload, facts.filename),
                              save=False)
    job.save()
    from hiraku.datastore.tasks import load_resource

    transaction.on_commit(lambda: load_resource.enqueue(str(job.pk)))
    return job


def update_column(actor, info: ColumnInfo, **fields: Any) -> ColumnInfo:
    _check(actor, info.resource)
    unknown = set(fields) - DICTIONARY_FIELDS
    if unknown:
        names = ", ".join(sorted(unknown))
        raise Invalid(f"不明な項目です: {names}", f"Unknown fields: {names}", code="validation")
    for key, value in fields.items():
        setattr(info, key, value)
    info.full_clean()
    with transaction.atomic(), set_actor(actor if getattr(actor, "pk", None) else None):
        info.save()
        # Column labels are searchable: keep the catalog index in step.
        dataset = info.resource.dataset
        signals.dataset_changed.send(sender=type(dataset), dataset=dataset)
    return info


def drop_resource_tables(resource_id: str) -> None:
    """Remove a deleted resource's view and tables from the datastore."""
    backend = datastore_backend()
    with transaction.atomic(using=DATASTORE_ALIAS), connections[DATASTORE_ALIAS].cursor() as cur:
        backend.drop_view(cur, resource_id)
        for name in backend.tables_with_prefix(cur, table_name(resource_id, "")):
            backend.drop_table(cur, name)
