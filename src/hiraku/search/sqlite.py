"""SQLite FTS5 backend: one FTS5 column per field, ranked by bm25() with field weights.

The FTS5 table ``search_fts`` holds the token text of each field (tokens joined by spaces,
which ``unicode61`` splits back exactly, see ``text.document_text``). Its rowid is the
``SearchEntry`` id; a trigger created by the migration deletes the row with its entry.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.db.models import QuerySet

from hiraku.catalog.models import Dataset
from hiraku.search.backend import Hits, SearchBackend, allowed_sql, to_pk
from hiraku.search.document import Document
from hiraku.search.query import Query, fts5_match
from hiraku.search.text import DEFAULT_TOKENIZER

_INSERT = (
    "INSERT INTO search_fts (rowid, title, tags, organization, description, resources, columns)"
    " VALUES (%s, %s, %s, %s, %s, %s, %s)"
)
_MATCHING = (
    "SELECT {select} FROM search_fts JOIN search_searchentry e ON e.id = search_fts.rowid"
    " WHERE search_fts MATCH %s AND EXISTS ({allowed})"
)
# Datasets whose title holds every term come first, then bm25 (lower is better) with one
# weight per column: bm25 saturates term frequency after the weights, so a description that
# repeats a word could otherwise outrank a title that says it once. The window count gives
# the total from the same pass; it sits outside because bm25() refuses a window query.
_RANKED = (
    "SELECT dataset_id, count(*) OVER () FROM ("
    " SELECT e.dataset_id, e.id,"
    " search_fts.rowid IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s) AS in_title,"
    " bm25(search_fts, 10.0, 6.0, 3.0, 2.0, 1.5, 1.0) AS score"  # document.FTS5_WEIGHTS
    " FROM search_fts JOIN search_searchentry e ON e.id = search_fts.rowid"
    " WHERE search_fts MATCH %s AND EXISTS ({allowed})"
    ") ORDER BY in_title DESC, score, id LIMIT %s OFFSET %s"
)


def field_tokens(document: Document) -> list[str]:
    return [" ".join(DEFAULT_TOKENIZER.tokens(text)) for text in document.texts()]


class SqliteBackend(SearchBackend):
    vendor = "sqlite"

    def store(self, rows: Sequence[tuple[int, Document]], *, replace: bool) -> None:
        values = [(entry_id, *field_tokens(document)) for entry_id, document in rows]
        with connection.cursor() as cursor:
            if replace:
                cursor.executemany(
                    "DELETE FROM search_fts WHERE rowid = %s", [(v[0],) for v in values]
                )
            cursor.executemany(_INSERT, values)

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")

    def optimize(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")

    def matching_sql(self, query: Query, candidates: QuerySet[Dataset]) -> tuple[str, list]:
        return self._matching(query, candidates, "e.dataset_id")

    def count(self, query: Query, candidates: QuerySet[Dataset]) -> int:
        with connection.cursor() as cursor:
            cursor.execute(*self._matching(query, candidates, "count(*)"))
            return cursor.fetchone()[0]

    def _matching(self, query: Query, candidates: QuerySet[Dataset], select: str) -> tuple:
        # ``allowed`` is SQL compiled by the ORM, with its values in allowed_params.
        allowed, allowed_params = allowed_sql(candidates, "e.dataset_id")
        sql = _MATCHING.format(select=select, allowed=allowed)
        return sql, [fts5_match(query), *allowed_params]

    def ranked(
        self, query: Query, candidates: QuerySet[Dataset], *, limit: int, offset: int
    ) -> Hits:
        allowed, allowed_params = allowed_sql(candidates, "e.dataset_id")
        params = [
            fts5_match(query, columns=["title"]),
            fts5_match(query),
            *allowed_params,
            limit,
            offset,
        ]
        with connection.cursor() as cursor:
            cursor.execute(_RANKED.format(allowed=allowed), params)
            rows = cursor.fetchall()
        return Hits([to_pk(row[0]) for row in rows], rows[0][1] if rows else 0)
