"""Looking up catalog objects for API callers, with the same visibility rules as the site."""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass

from django.db import connections
from django.db.models import Q
from django.http import HttpRequest

from hiraku.api.auth import api_user
from hiraku.catalog import permissions
from hiraku.catalog.models import Dataset, Organization, Resource
from hiraku.datastore.models import ResourceTable
from hiraku.datastore.query import QueryError, Table
from hiraku.errors import NotFound


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def dataset_or_404(request: HttpRequest, name_or_id: str) -> Dataset:
    key = _uuid(name_or_id)
    lookup = Q(pk=key) if key else Q(name=name_or_id)
    dataset = (Dataset.objects.select_related("organization", "license")
               .prefetch_related("tags", "themes", "resources__table").filter(lookup).first())
    if dataset is None or not permissions.can_view_dataset(api_user(request), dataset):
        raise NotFound(f"データセット「{name_or_id}」はありません。",
                       f"Dataset not found: {name_or_id}")
    return dataset


# Long texts of the dataset that a resource lookup never needs.
_DATASET_TEXT = ("dataset__notes", "dataset__notes_en", "dataset__title_en", "dataset__url",
                 "dataset__author", "dataset__author_email", "dataset__maintainer",
                 "dataset__maintainer_email", "description", "description_en")


def resource_or_404(request: HttpRequest, resource_id: str) -> Resource:
    key = _uuid(resource_id)
    # One narrow query on the hot path of the records API: no ORDER BY (.first() would add
    # one), and not the table's profile, a large JSON the API never reads.
    resource = (Resource.objects.select_related("dataset", "table").order_by()
                .defer("table__profile", *_DATASET_TEXT).filter(pk=key)[:1] if key else [])
    resource = next(iter(resource), None)
    if resource is None or not permissions.can_view_dataset(api_user(request), resource.dataset):
        raise NotFound(f"リソース「{resource_id}」はありません。",
                       f"Resource not found: {resource_id}")
    return resource


@dataclass(frozen=True)
class TableRef:
    """What the records endpoints need of a resource, read in one narrow query."""

    resource_id: str
    resource_name: str
    dataset_name: str
    table: Table


def table_or_404(request: HttpRequest, resource_id: str) -> TableRef:
    """The resource's datastore table, for callers allowed to see it.

    The hot path of the data APIs. Its query is written once (``_table_lookup``) instead of
    built by the ORM on every request, which cost more than running it; permissions are
    still decided by can_view_dataset.
    """
    key = _uuid(resource_id)
    row = _lookup_table(key) if key else None
    if row is None:
        raise NotFound(f"リソース「{resource_id}」はありません。",
                       f"Resource not found: {resource_id}")
    if not permissions.can_view(api_user(request), dataset_id=row[0], state=row[1],
                                private=bool(row[2])):
        raise NotFound(f"リソース「{resource_id}」はありません。",
                       f"Resource not found: {resource_id}")
    if row[6] is None:
        raise QueryError("このリソースはまだデータストアに読み込まれていません。",
                         "This resource has no datastore table (not loaded yet).",
                         code="not-in-datastore")
    resource_key = str(key)
    return TableRef(resource_key, row[5], row[4], _table(resource_key, row[6], row[7], row[8]))


# Building a Table (decoding the column list, model instances, lookups) cost more than the
# query that finds it. Tables are only read after they are built, and the key holds every
# value that goes into one: a reload (new table name, count) or a changed data dictionary
# (new column text: Django's cursors return JSON columns as text on both databases) is a
# new key, never a stale hit.
@functools.lru_cache(maxsize=256)
def _table(resource_id: str, table_name: str, row_count: int, columns_text: str) -> Table:
    connection = connections[Resource.objects.db]
    field = ResourceTable._meta.get_field("columns")
    columns = field.from_db_value(columns_text, None, connection)
    stored = ResourceTable(table_name=table_name, row_count=row_count, columns=columns)
    return Table(resource_id, stored)


@functools.cache
def _table_lookup() -> str:
    resource, dataset, table = (m._meta for m in (Resource, Dataset, ResourceTable))
    quote = connections[Resource.objects.db].ops.quote_name
    # Only model metadata goes into the text; the resource id is a parameter.
    return (
        f"SELECT r.{quote('dataset_id')}, d.{quote('state')}, d.{quote('private')}, "  # noqa: S608
        f"d.{quote('organization_id')}, d.{quote('name')}, r.{quote('name')}, "
        f"t.{quote('table_name')}, t.{quote('row_count')}, t.{quote('columns')} "
        f"FROM {quote(resource.db_table)} r "
        f"JOIN {quote(dataset.db_table)} d ON d.{quote('id')} = r.{quote('dataset_id')} "
        f"LEFT JOIN {quote(table.db_table)} t ON t.{quote('resource_id')} = r.{quote('id')} "
        f"WHERE r.{quote('id')} = %s"
    )


def _lookup_table(key: uuid.UUID) -> tuple | None:
    connection = connections[Resource.objects.db]
    value = Resource._meta.pk.get_db_prep_value(key, connection)
    with connection.cursor() as cursor:
        cursor.execute(_table_lookup(), [value])
        return cursor.fetchone()


def organization_or_404(name_or_id: str) -> Organization:
    key = _uuid(name_or_id)
    lookup = Q(pk=key) if key else Q(name=name_or_id)
    organization = Organization.objects.filter(lookup).first()
    if organization is None:
        raise NotFound(f"組織「{name_or_id}」はありません。",
                       f"Organization not found: {name_or_id}")
    return organization
