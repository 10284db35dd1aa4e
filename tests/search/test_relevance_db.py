"""Search quality through the real stack: catalog rows made by the services, indexed by the
listeners, queried with ``search_datasets`` (what the site calls), on SQLite and PostgreSQL.

Anchors from the same rows and the same run: plain substring LIKE through the ORM (what the
site did before full-text search), FTS5's default ``unicode61`` tokenizer over the raw text,
and on PostgreSQL its own ``simple`` text search parser. ``pytest -s`` prints the figures.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When

from hiraku.catalog.models import Dataset
from hiraku.catalog.queries import DatasetQuery, search_datasets
from hiraku.search.document import FIELDS, FTS5_WEIGHTS, build_document, column_labels
from hiraku.search.query import parse_query
from hiraku.search.relevance import Evaluation, evaluate, load_queries
from hiraku.search.text import analyzer_available

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not analyzer_available(), reason="SudachiPy not installed"),
]

QUERIES = load_queries(Path(__file__).parent / "data" / "queries.json")
TOP_K = 10
MIN_RECALL = 0.97
MIN_MRR = 0.92


def site_search(text: str) -> list[str]:
    results = search_datasets(
        None, DatasetQuery(q=text), limit=TOP_K, facet_names=(), log_zero_results=False
    )
    return [dataset.name for dataset in results.datasets]


def like_search(text: str) -> list[str]:
    """Anchor: every term a case-insensitive substring of some field; title matches first."""
    terms = [term.text for term in parse_query(text).terms]
    if not terms:
        return []
    datasets = Dataset.objects.public()
    for term in terms:
        datasets = datasets.filter(
            Q(title__icontains=term)
            | Q(notes__icontains=term)
            | Q(tags__name__icontains=term)
            | Q(organization__title__icontains=term)
            | Q(resources__name__icontains=term)
        )
    title_first = Case(
        When(title__icontains=terms[0], then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    ordered = datasets.distinct().annotate(title_first=title_first).order_by("title_first", "name")
    return list(ordered.values_list("name", flat=True)[:TOP_K])


def raw_documents() -> list[tuple[str, tuple[str, ...]]]:
    """Each public dataset's field texts, untokenized, as the index would see them."""
    datasets = list(
        Dataset.objects.public()
        .select_related("organization")
        .prefetch_related("tags", "resources")
    )
    labels = column_labels(d.pk for d in datasets)
    return [(d.name, build_document(d, labels[d.pk]).texts()) for d in datasets]


def fts5_unicode61_search(documents: list[tuple[str, tuple[str, ...]]]) -> Callable:
    """Anchor: FTS5 with its default tokenizer over the raw text, each word a phrase."""
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE VIRTUAL TABLE raw USING fts5(name UNINDEXED, {', '.join(FIELDS)})")
    db.executemany(
        f"INSERT INTO raw VALUES (?{', ?' * len(FIELDS)})",
        [(name, *texts) for name, texts in documents],
    )
    weights = ", ".join(str(w) for w in (0.0, *FTS5_WEIGHTS))

    def search(text: str) -> list[str]:
        words = text.split()
        if not words:
            return []
        match = " AND ".join('"' + w.replace('"', '""') + '"' for w in words)
        sql = f"SELECT name FROM raw WHERE raw MATCH ? ORDER BY bm25(raw, {weights}) LIMIT ?"
        return [row[0] for row in db.execute(sql, (match, TOP_K))]

    return search


def postgres_simple_search(documents: list[tuple[str, tuple[str, ...]]]) -> Callable:
    """Anchor on PostgreSQL: its own parser ('simple' configuration) over the raw text."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE anchor_raw (name text, body tsvector)")
        cursor.executemany(
            "INSERT INTO anchor_raw VALUES (%s, to_tsvector('simple', %s))",
            [(name, "\n".join(texts)) for name, texts in documents],
        )

    def search(text: str) -> list[str]:
        words = text.split()
        if not words:
            return []
        query = " && ".join("phraseto_tsquery('simple', %s)" for _ in words)
        sql = (
            f"SELECT name FROM anchor_raw WHERE body @@ ({query})"
            f" ORDER BY ts_rank(body, {query}) DESC, name LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*words, *words, TOP_K])
            return [row[0] for row in cursor.fetchall()]

    return search


@pytest.fixture(scope="module")
def scores(relevance_catalog, django_db_blocker) -> dict[str, Evaluation]:
    with django_db_blocker.unblock():
        documents = raw_documents()
        measured = {
            f"Hiraku ({connection.vendor})": evaluate(site_search, QUERIES, k=TOP_K),
            "LIKE substring (ORM)": evaluate(like_search, QUERIES, k=TOP_K),
            "FTS5 unicode61, raw text": evaluate(
                fts5_unicode61_search(documents), QUERIES, k=TOP_K
            ),
        }
        if connection.vendor == "postgresql":
            measured["PostgreSQL 'simple' parser"] = evaluate(
                postgres_simple_search(documents), QUERIES, k=TOP_K
            )
    return measured


def test_the_catalog_was_built_through_the_services(relevance_catalog):
    assert len(relevance_catalog) >= 100 and len(QUERIES) >= 60
    assert Dataset.objects.public().count() == len(relevance_catalog)
    assert relevance_catalog["aed"].search_entry.pk


def test_recall_and_mrr_through_the_site_search(scores):
    ours = next(evaluation for name, evaluation in scores.items() if name.startswith("Hiraku"))
    print("\n" + ours.report(next(iter(scores))))
    assert ours.recall >= MIN_RECALL
    assert ours.mrr >= MIN_MRR


def test_anchors_score_lower_on_the_same_rows(scores):
    (_, ours), *anchors = scores.items()
    print()
    for name, evaluation in scores.items():
        print(f"{name:30} recall@{TOP_K} {evaluation.recall:.3f}  MRR {evaluation.mrr:.3f}")
    for _, anchor in anchors:
        assert anchor.recall < ours.recall
        assert anchor.mrr < ours.mrr


def test_a_title_match_ranks_first(relevance_catalog):
    assert site_search("AED")[0] == "aed"
    assert site_search("指定避難所")[0] == "shelters"


def test_spelling_variants_meet(relevance_catalog):
    # 子ども / 子供 / こども and full-width letters find the same datasets.
    assert set(site_search("子供")) == set(site_search("子ども")) == set(site_search("こども"))
    assert site_search("ＡＥＤ") == site_search("aed") == site_search("AED")
