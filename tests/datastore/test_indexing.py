"""Columns people filter on get indexes after the load; long free text does not."""

from __future__ import annotations

import io

import pytest
from django.db import connections

from hiraku.catalog import services
from hiraku.datastore.indexing import build_indexes
from hiraku.datastore.models import ResourceTable
from tests import factories

pytestmark = pytest.mark.django_db(databases=["default", "datastore"])


def _indexed_columns(table: str) -> set[str]:
    connection = connections["datastore"]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type='index' AND tbl_name=%s",
                           [table])
            names = [row[0] for row in cursor.fetchall()]
            columns = set()
            for name in names:
                cursor.execute(f'PRAGMA index_info("{name}")')
                columns.update(row[2] for row in cursor.fetchall())
            return columns
        cursor.execute(
            "SELECT a.attname FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid "
            "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(i.indkey) "
            "WHERE t.relname = %s AND NOT i.indisprimary", [table])
        return {row[0] for row in cursor.fetchall()}


def test_short_columns_are_indexed_long_text_is_not(run_on_commit):
    long_text = "とても長い説明文です。" * 10
    content = "名称,区分,人数,説明\n" + "".join(
        f"施設{i},区分{i % 3},{i},{long_text}\n" for i in range(50))
    dataset = factories.dataset(factories.organization(), "indexed")
    resource = run_on_commit(services.add_resource, factories.platform_admin(), dataset,
                             upload=io.BytesIO(content.encode()), filename="a.csv")
    table = ResourceTable.objects.get(resource=resource).table_name
    assert _indexed_columns(table) == {"名称", "区分", "人数"}
    assert build_indexes(table) == 3  # idempotent


def test_a_replaced_table_is_not_indexed():
    assert build_indexes("t_gone_gone") == 0
