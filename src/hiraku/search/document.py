"""What a dataset looks like to the search index: six weighted fields of text.

Fields, most important first: title > tags > organization > description > resource names >
column names. Both backends index the same texts with the same tokenizer
(``hiraku.search.text``); only how they weigh the fields differs, because PostgreSQL has four
weight labels where FTS5 has one weight per column.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.apps import apps
from django.db import DatabaseError, transaction

from hiraku.catalog.models import Dataset

logger = logging.getLogger(__name__)

FIELDS = ("title", "tags", "organization", "description", "resources", "columns")
# FTS5 bm25() weight per field (measured on tests/search/data, see test_relevance_core.py).
FTS5_WEIGHTS = (10.0, 6.0, 3.0, 2.0, 1.5, 1.0)
# PostgreSQL's labels: the three least important fields share D.
PG_LABELS = ("A", "B", "C", "D", "D", "D")
# Values within one field are joined by a line break, which no token spans.
_SEPARATOR = "\n"


@dataclass(frozen=True, slots=True)
class Document:
    title: str
    tags: str
    organization: str
    description: str
    resources: str
    columns: str

    def texts(self) -> tuple[str, ...]:
        """The field texts in ``FIELDS`` order."""
        return tuple(getattr(self, name) for name in FIELDS)


def _join(values: Iterable[str | None]) -> str:
    seen: list[str] = []
    for value in values:
        text = (value or "").strip()
        if text and text not in seen:
            seen.append(text)
    return _SEPARATOR.join(seen)


def build_document(dataset: Dataset, column_labels: Sequence[str] = ()) -> Document:
    """The fields of one dataset; ``dataset``'s tags and resources may be prefetched."""
    organization = dataset.organization
    resources = list(dataset.resources.all())
    return Document(
        title=_join([dataset.title, dataset.title_en]),
        tags=_join(tag.name for tag in dataset.tags.all()),
        organization=_join([organization.title, organization.title_en]),
        description=_join([dataset.notes, dataset.notes_en]),
        resources=_join(
            text for r in resources for text in (r.name, r.name_en, r.description, r.description_en)
        ),
        columns=_join(column_labels),
    )


def column_labels(dataset_ids: Iterable[object]) -> dict[object, list[str]]:
    """Column headers of the datasets' loaded tables (the datastore's data dictionary).

    The datastore app may not be installed or migrated yet; its tables are a bonus for
    recall, so their absence must never block a catalog write. The savepoint keeps a failed
    lookup from aborting the caller's transaction on PostgreSQL.
    """
    ids = list(dataset_ids)
    labels: dict[object, list[str]] = {pk: [] for pk in ids}
    try:
        tables = apps.get_model("datastore", "ResourceTable")
        dictionary = apps.get_model("datastore", "ColumnInfo")
    except LookupError:
        return labels
    try:
        with transaction.atomic():
            for dataset_id, columns in tables.objects.filter(
                resource__dataset_id__in=ids
            ).values_list("resource__dataset_id", "columns"):
                labels[dataset_id].extend(_column_texts(columns))
            for dataset_id, label, label_en in dictionary.objects.filter(
                resource__dataset_id__in=ids
            ).values_list("resource__dataset_id", "label", "label_en"):
                labels[dataset_id].extend([label, label_en])
    except DatabaseError:
        logger.debug("datastore tables unavailable; indexing without column names")
    return labels


def _column_texts(columns: object) -> list[str]:
    if not isinstance(columns, list):
        return []
    texts = []
    for column in columns:
        if isinstance(column, dict):
            texts.extend(str(column.get(key) or "") for key in ("label", "name"))
        elif isinstance(column, str):
            texts.append(column)
    return texts
