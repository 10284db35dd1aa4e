"""Indexes on a freshly loaded table, built after it is published so loads stay fast.

Every column people filter or sort on gets a B-tree index; long free text (descriptions,
notes) does not, since nobody filters on it with equality and its index would be large.
"""

from __future__ import annotations

import logging

from django.db import connections

from hiraku.datastore.backends import DATASTORE_ALIAS, datastore_backend
from hiraku.datastore.identifiers import quote_identifier
from hiraku.datastore.models import ResourceTable

log = logging.getLogger(__name__)

MAX_INDEXES = 24
LONG_TEXT = 64  # average characters above which a text column is left unindexed
SAMPLE_ROWS = 10_000


def _worth_indexing(cursor, table: str, column: dict) -> bool:
    if column["type"] != "text":
        return True
    name = quote_identifier(column["name"])
    cursor.execute(
        f"SELECT avg(length({name})) FROM (SELECT {name} FROM {quote_identifier(table)} "
        f"LIMIT {SAMPLE_ROWS}) AS sample"
    )
    average = cursor.fetchone()[0]
    return average is not None and float(average) <= LONG_TEXT


def index_name(table: str, position: int) -> str:
    return f"i_{table[2:]}_{position}"


def build_indexes(table_name: str) -> int:
    """Index the table if it still serves its resource; returns the number of indexes made."""
    current = ResourceTable.objects.filter(table_name=table_name).first()
    if current is None:
        return 0  # replaced or deleted meanwhile
    backend = datastore_backend()
    made = 0
    with connections[DATASTORE_ALIAS].cursor() as cursor:
        for position, column in enumerate(current.columns):
            if made >= MAX_INDEXES:
                break
            if not _worth_indexing(cursor, table_name, column):
                continue
            backend.create_index(cursor, table_name, column["name"],
                                 index_name(table_name, position))
            made += 1
    log.info("built %d indexes on %s", made, table_name)
    return made
