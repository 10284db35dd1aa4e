"""PostgreSQL backend: a weighted tsvector per dataset with a GIN index.

The tsvector is built in Python from the same tokens as FTS5 and cast with ``::tsvector``,
because PostgreSQL's own parser would split them again. Fields get weight labels A–D (title
A, tags B, organization C, the rest D) and are laid out one after another with a gap of one
position, so that no phrase can match across two fields, as in FTS5.

PostgreSQL has no BM25. The ranking mirrors FTS5's in its parts: datasets whose title holds
every term first; then, per term, its inverse document frequency (from the planner's
statistics) times ``ts_rank`` with the field weights (whose term frequency saturates, as
BM25's does).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import replace
from itertools import chain, repeat

from django.db import connection
from django.db.models import QuerySet

from hiraku.catalog.models import Dataset
from hiraku.search.backend import Hits, SearchBackend, allowed_sql, to_pk
from hiraku.search.document import PG_LABELS, Document
from hiraku.search.query import Query, tsquery
from hiraku.search.text import DEFAULT_TOKENIZER, tsvector_literal

_MATCHING = (
    "SELECT {select} FROM search_searchentry e"
    " WHERE e.document @@ %s::tsquery AND EXISTS ({allowed})"
)
_RANKED = (
    "SELECT e.dataset_id, count(*) OVER () FROM search_searchentry e"
    " WHERE e.document @@ %s::tsquery AND EXISTS ({allowed})"
    " ORDER BY e.document @@ %s::tsquery DESC, {rank} DESC, e.id"
    " LIMIT %s OFFSET %s"
)
# Document frequencies for idf come from the planner's statistics (ANALYZE samples the
# lexemes of tsvector columns), in a fraction of a millisecond per term; counting them
# exactly took a pass over every row for common words (measured at 10,000 datasets).
_ESTIMATE = "EXPLAIN (FORMAT JSON) SELECT 1 FROM search_searchentry WHERE document @@ %s::tsquery"
_ROWS = "SELECT reltuples FROM pg_class WHERE oid = 'search_searchentry'::regclass"
# ts_rank's weights for labels {D, C, B, A}: in proportion to FTS5's 2, 3, 6, 10.
_RANK_WEIGHTS = "{0.2, 0.3, 0.6, 1.0}"
# ts_rank normalization 0: no division by document length. Measured on tests/search/data:
# 1 (log length) and 2 (length) let a long description outrank a short, focused dataset
# (MRR 0.989 against 0.993); the title-first rule already does the rest.
_RANK_NORMALIZATION = 0


def document_literal(document: Document) -> str:
    """The dataset's tsvector literal: every field's tokens with its label and offset."""
    pieces = []
    offset = 0
    for label, text in zip(PG_LABELS, document.texts(), strict=True):
        tokens = DEFAULT_TOKENIZER.tokens(text)
        if tokens:
            # Empty tokens only advance the position: the field starts after the last one.
            pieces.append(tsvector_literal(chain(repeat("", offset), tokens), weight=label))
        offset += len(tokens) + 1
    return " ".join(pieces)


class PostgresBackend(SearchBackend):
    vendor = "postgresql"

    def store(self, rows: Sequence[tuple[int, Document]], *, replace: bool) -> None:
        values = [(document_literal(document), entry_id) for entry_id, document in rows]
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE search_searchentry SET document = %s::tsvector WHERE id = %s", values
            )

    def optimize(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchentry")

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
        return sql, [tsquery(query), *allowed_params]

    def ranked(
        self, query: Query, candidates: QuerySet[Dataset], *, limit: int, offset: int
    ) -> Hits:
        allowed, allowed_params = allowed_sql(candidates, "e.dataset_id")
        rank, rank_params = self._rank(query)
        params = [
            tsquery(query),
            *allowed_params,
            tsquery(query, weights="A"),
            *rank_params,
            limit,
            offset,
        ]
        with connection.cursor() as cursor:
            # ``allowed`` is SQL compiled by the ORM and ``rank`` only placeholders and
            # constants; every value is in ``params``.
            cursor.execute(_RANKED.format(allowed=allowed, rank=rank), params)
            rows = cursor.fetchall()
        return Hits([to_pk(row[0]) for row in rows], rows[0][1] if rows else 0)

    def _rank(self, query: Query) -> tuple[str, list]:
        """Σ over terms of idf × ts_rank, as one SQL expression and its parameters."""
        per_term = [tsquery(replace(query, terms=(term,))) for term in query.terms]
        idfs = self._idf(per_term)
        parts = [
            f"%s * ts_rank('{_RANK_WEIGHTS}', e.document, %s::tsquery, {_RANK_NORMALIZATION})"
            for _ in per_term
        ]
        params = [value for pair in zip(idfs, per_term, strict=True) for value in pair]
        return "(" + " + ".join(parts) + ")", params

    def _idf(self, term_queries: list[str | None]) -> list[float]:
        """BM25's idf of each term over the whole index (as FTS5 counts it), estimated."""
        if len(term_queries) == 1:
            return [1.0]  # one term: a constant factor changes no order
        with connection.cursor() as cursor:
            cursor.execute(_ROWS)
            total = cursor.fetchone()[0]
            if total is None or total < 1:  # never analyzed: no statistics to weigh terms by
                return [1.0] * len(term_queries)
            matches = []
            for term_query in term_queries:
                cursor.execute(_ESTIMATE, [term_query])
                plan = cursor.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
                matches.append(min(total, plan[0]["Plan"]["Plan Rows"]))
        return [math.log(1 + (total - n + 0.5) / (n + 0.5)) for n in matches]
