"""Loading a file into the datastore: a new table per load, switched in by one transaction.

1. Both pipeline passes stream the file (hiraku.tabular); nothing holds the whole file.
2. In one datastore transaction the new table is created and filled, and the view named by
   the resource id is pointed at it. Until that commits, readers see the previous table; if
   anything fails, the transaction rolls back and the previous version keeps serving.
3. The catalog then records the new table, the data dictionary and (for a replacement
   upload) the new file. The table before the previous one is dropped; the previous one is
   kept a while for readers that looked it up just before the switch.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import connections, transaction
from django.utils import timezone

from hiraku.catalog import signals
from hiraku.catalog.models import Dataset, Resource
from hiraku.datastore.backends import DATASTORE_ALIAS, Column, datastore_backend
from hiraku.datastore.files import local_path
from hiraku.datastore.identifiers import physical_column_names, table_name
from hiraku.datastore.models import ColumnInfo, LoadJob, ResourceTable
from hiraku.datastore.visibility import is_public
from hiraku.errors import HirakuError
from hiraku.tabular.batch import collector_paused
from hiraku.tabular.errors import TabularError
from hiraku.tabular.pipeline import Analysis, analyse, normalized_batches, numbered_rows

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int | None], None]
PROGRESS_EVERY = 10_000


class LoadFailed(HirakuError):
    code = "load-failed"


class NoRows(HirakuError):
    code = "no-data-rows"


def _record_progress(job: LoadJob, extra: Progress | None) -> Progress:
    def progress(stage: str, rows: int, total: int | None) -> None:
        LoadJob.objects.filter(pk=job.pk).update(stage=stage, rows_read=rows,
                                                 row_count=total)
        if extra is not None:
            extra(stage, rows, total)

    return progress


def _overrides(resource: Resource) -> dict[str, str]:
    return dict(
        ColumnInfo.objects.filter(resource=resource).exclude(type_override="")
        .values_list("source_name", "type_override")
    )


def _write_table(resource: Resource, analysis: Analysis, table: str,
                 progress: Progress) -> tuple[int, list[dict[str, Any]]]:
    backend = datastore_backend()
    labels = [column.name for column in analysis.columns]
    names = physical_column_names(labels, max_bytes=backend.max_identifier_bytes)
    columns = [Column(name, c.type) for name, c in zip(names, analysis.columns, strict=True)]
    encoders = [backend.encoder(c.type) for c in columns]
    if analysis.report.row_count == 0:
        # An empty table must not replace data that residents are using.
        raise NoRows(
            "データ行がありません（見出しだけのファイルです）。前の版のデータはそのまま公開されています。",
            "The file has no data rows (only a header). The previous version is still served.",
            code="no-data-rows",
        )
    rows = numbered_rows(normalized_batches(analysis, encoders, progress))
    with transaction.atomic(using=DATASTORE_ALIAS), connections[DATASTORE_ALIAS].cursor() as cur:
        backend.create_table(cur, table, columns)
        with collector_paused():  # rows are made by the million and make no cycles: batch.py
            count = backend.insert(cur, table, columns, rows)
        if is_public(resource.dataset):
            backend.publish(cur, str(resource.pk), table)
        else:  # private data stays out of the SQL endpoint's reach
            backend.drop_view(cur, str(resource.pk))
    described = [{"name": n, "label": c.name, "type": c.type}
                 for n, c in zip(names, analysis.columns, strict=True)]
    return count, described


def _sync_dictionary(resource: Resource, analysis: Analysis) -> None:
    """New columns get an entry; the detected type is refreshed; staff text is kept."""
    existing = {info.source_name: info for info in resource.dictionary.all()}
    for position, column in enumerate(analysis.columns):
        info = existing.get(column.name)
        if info is None:
            unit = analysis.report.columns[position].unit or ""
            ColumnInfo.objects.create(resource=resource, source_name=column.name,
                                      position=position, type=column.type, unit=unit)
        elif (info.type, info.position) != (column.type, position):
            info.type, info.position = column.type, position
            info.save(update_fields=["type", "position"])


def _drop_old_tables(resource: Resource, keep: set[str]) -> None:
    backend = datastore_backend()
    prefix = table_name(str(resource.pk), "")
    with connections[DATASTORE_ALIAS].cursor() as cursor:
        for name in backend.tables_with_prefix(cursor, prefix):
            if name not in keep:
                backend.drop_table(cursor, name)


def _fail(job: LoadJob, error: HirakuError | TabularError) -> None:
    job.status = LoadJob.Status.FAILED
    job.error_code = error.code
    job.error_ja, job.error_en = error.message_ja, error.message_en
    job.finished = timezone.now()
    job.save()
    if job.pending_file:
        job.pending_file.delete(save=False)  # the previous file keeps serving
        LoadJob.objects.filter(pk=job.pk).update(pending_file="")


def _switch_file(resource: Resource, job: LoadJob) -> None:
    old = resource.file.name if resource.file else ""
    resource.file.name = job.pending_file.name
    resource.filename = job.pending_filename
    resource.size = job.pending_file.size
    from hiraku.catalog.files import measure

    with job.pending_file.open("rb") as handle:
        facts = measure(handle, job.pending_filename)
    resource.sha256, resource.mimetype = facts.sha256, facts.mimetype
    resource.format = facts.format or resource.format
    resource.save()
    LoadJob.objects.filter(pk=job.pk).update(pending_file="")
    if old:
        storage = resource.file.storage
        transaction.on_commit(lambda: storage.delete(old))


def run_load(job: LoadJob, progress: Progress | None = None) -> LoadJob:
    """Load the job's file; on any failure the previous table and file keep serving."""
    resource = Resource.objects.select_related("dataset").get(pk=job.resource_id)
    started = timezone.now()
    claimed = LoadJob.objects.filter(pk=job.pk, status=LoadJob.Status.QUEUED).update(
        status=LoadJob.Status.RUNNING, started=started
    )
    if not claimed:  # another worker (or `hiraku ingest`) has it
        job.refresh_from_db()
        return job
    job.status, job.started = LoadJob.Status.RUNNING, started
    source = job.pending_file if job.pending_file else resource.file
    filename = job.pending_filename if job.pending_file else resource.filename
    table = table_name(str(resource.pk), job.pk.hex)
    previous = ResourceTable.objects.filter(resource=resource).first()
    on_progress = _record_progress(job, progress)
    try:
        with local_path(source.storage, source.name) as path:
            analysis = analyse(path, sheet=job.sheet or None, filename=filename,
                               overrides=_overrides(resource), progress=on_progress)
            count, described = _write_table(resource, analysis, table, on_progress)
    except (TabularError, NoRows) as error:
        _fail(job, error)
        return job
    except Exception:  # never a stack trace for the user; the log keeps it
        log.exception("loading resource %s failed", resource.pk)
        _fail(job, LoadFailed(
            "データの読み込み中に予期しないエラーが発生しました。前の版のデータはそのまま公開されています。",
            "An unexpected error stopped the load. The previous version is still served.",
        ))
        return job
    try:
        with transaction.atomic():
            ResourceTable.objects.update_or_create(resource=resource, defaults={
                "table_name": table, "row_count": count, "columns": described,
                "load": job, "loaded": timezone.now(),
            })
            _sync_dictionary(resource, analysis)
            if job.pending_file:
                _switch_file(resource, job)
            job.status, job.finished = LoadJob.Status.DONE, timezone.now()
            job.row_count, job.rows_read, job.table_name = count, count, table
            job.report = analysis.report.as_dict()
            job.save()
            Dataset.objects.filter(pk=resource.dataset_id).update(modified=timezone.now())
            signals.dataset_changed.send(sender=Dataset, dataset=resource.dataset)
    except Exception:
        log.exception("recording the load of resource %s failed", resource.pk)
        _restore(resource, previous, table)
        _fail(job, LoadFailed(
            "読み込んだデータの登録に失敗しました。前の版のデータはそのまま公開されています。",
            "The loaded data could not be recorded. The previous version is still served.",
        ))
        return job
    keep = {table} | ({previous.table_name} if previous else set())
    _drop_old_tables(resource, keep)
    from hiraku.datastore.tasks import index_table

    index_table.enqueue(table)  # in the background: the table already serves
    from hiraku.standards.tasks import check_resource

    check_resource.enqueue(str(resource.pk))
    return job


def _restore(resource: Resource, previous: ResourceTable | None, table: str) -> None:
    backend = datastore_backend()
    with transaction.atomic(using=DATASTORE_ALIAS), connections[DATASTORE_ALIAS].cursor() as cur:
        if previous is not None and is_public(resource.dataset):
            backend.publish(cur, str(resource.pk), previous.table_name)
        else:
            backend.drop_view(cur, str(resource.pk))
        backend.drop_table(cur, table)

