"""Checking resources against the standard datasets, tagging what conforms, publishing fixes."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from django.db import transaction

from hiraku.catalog import permissions, services, signals
from hiraku.catalog.models import Dataset, Resource, StandardStatus
from hiraku.datastore.files import local_path
from hiraku.errors import HirakuError, Invalid, NotAllowed
from hiraku.schemas.fix import fix_file
from hiraku.schemas.registry import get_schema
from hiraku.schemas.validate import validate_file
from hiraku.standards.models import Conformance
from hiraku.tabular.errors import TabularError

log = logging.getLogger(__name__)

STANDARD_TAG = "自治体標準ODS"  # what BODIK and other aggregators look for


def _standard_tags(schema_id: str) -> set[str]:
    return {STANDARD_TAG, get_schema(schema_id).title_ja}


def check_resource(resource: Resource) -> Conformance | None:
    """Validate the resource's file; record the verdict; keep the dataset's tags in step."""
    if not resource.file:
        return None
    declared = resource.dataset.conforms_to or None
    try:
        with local_path(resource.file.storage, resource.file.name) as path:
            report = validate_file(path, schema_id=declared)
    except (TabularError, HirakuError) as error:
        log.info("resource %s could not be validated: %s", resource.pk, error)
        return None
    data = report.as_dict()
    counts = data.get("counts", {}).get("by_severity", {})
    schema = data.get("schema") or {}
    conformance, _ = Conformance.objects.update_or_create(resource=resource, defaults={
        "schema_id": schema.get("id") or "",
        "layout": data.get("layout") or "",
        "declared": bool(declared),
        "conforms": report.conforms,
        "errors": counts.get("error", 0),
        "warnings": counts.get("warning", 0),
        "report": data,
        "source_sha256": resource.sha256,
    })
    _sync_tags(resource.dataset)
    return conformance


def _sync_tags(dataset: Dataset) -> None:
    """Standard tags on a dataset whose checked resources all conform; removed otherwise."""
    verdicts = list(Conformance.objects.filter(resource__dataset=dataset)
                    .exclude(schema_id="").values_list("schema_id", "conforms"))
    current = set(dataset.tags.values_list("name", flat=True))
    wanted = set(current)
    all_schemas = {schema_id for schema_id, _ in verdicts}
    for schema_id in all_schemas:
        wanted -= _standard_tags(schema_id)
    conforming = {s for s in all_schemas if all(ok for sid, ok in verdicts if sid == s)}
    for schema_id in conforming:
        wanted |= _standard_tags(schema_id)
    if not conforming:
        wanted.discard(STANDARD_TAG)
    status = ("" if not all_schemas else
              StandardStatus.CONFORMS if conforming == all_schemas else StandardStatus.NEEDS_FIX)
    if wanted != current:
        services.update_dataset(permissions.SYSTEM, dataset, tags=sorted(wanted))
    if dataset.standard_status != status:
        # Derived from the checks, not a staff edit: no audit entry, but the index follows.
        Dataset.objects.filter(pk=dataset.pk).update(standard_status=status)
        dataset.standard_status = status
        signals.dataset_changed.send(sender=Dataset, dataset=dataset)


def publish_fixed(actor, resource: Resource) -> Resource:
    """Add the mechanically fixed file (current layout, UTF-8) as another resource."""
    if not permissions.can_edit_dataset(actor, resource.dataset):
        raise NotAllowed("このデータセットの編集の権限がありません。",
                         "You are not allowed to edit this dataset.")
    conformance = Conformance.objects.filter(resource=resource).exclude(schema_id="").first()
    if conformance is None:
        raise Invalid("このリソースは標準データセットとして判定されていません。",
                      "This resource was not recognised as a standard dataset.",
                      code="no-standard")
    stem = Path(resource.filename or resource.name).stem
    with tempfile.TemporaryDirectory(prefix="hiraku-fix-") as directory:
        out = Path(directory) / f"{stem}_standard.csv"
        with local_path(resource.file.storage, resource.file.name) as path:
            fix_file(path, out, schema_id=conformance.schema_id)
        with out.open("rb") as handle, transaction.atomic():
            return services.add_resource(
                actor, resource.dataset, upload=handle, filename=out.name,
                name=f"{resource.name}（標準形式）",
                description=f"{resource.name} を自治体標準オープンデータセット"
                            f"（{get_schema(conformance.schema_id).title_ja}）の形式に"
                            "機械的に直したものです。",
            )
