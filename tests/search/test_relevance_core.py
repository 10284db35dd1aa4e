"""Search quality on a real SQLite FTS5 table over the relevance set in data/.

Builds an in-memory FTS5 table (one column per catalog field, bm25 with field weights) from
``hiraku.search.text`` tokens, runs every query of data/queries.json, and compares the scores
with three anchors measured in the same run: plain LIKE, FTS5 ``unicode61`` on the raw text
and FTS5 ``trigram``. ``pytest -s`` prints the scores, the misses and what each part of the
tokenizer adds.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from hiraku.search.query import fts5_match, like_patterns, parse_query
from hiraku.search.relevance import (
    Evaluation,
    RelevanceQuery,
    evaluate,
    load_queries,
    mrr,
    recall_at_k,
    reciprocal_rank,
)
from hiraku.search.text import Tokenizer, analyzer_available

DATA = Path(__file__).parent / "data"
CATALOG = json.loads((DATA / "catalog.json").read_text(encoding="utf-8"))
QUERIES = load_queries(DATA / "queries.json")
# title > tags > organization > description > resource names > column names
FIELDS = ("title", "tags", "organization", "description", "resources", "columns")
WEIGHTS = (10.0, 6.0, 3.0, 2.0, 1.5, 1.0)
TOP_K = 10

needs_analyzer = pytest.mark.skipif(not analyzer_available(), reason="SudachiPy not installed")


def field_texts(dataset: dict) -> list[str]:
    return [
        " ".join(value) if isinstance(value, list) else value
        for value in (dataset[field] for field in FIELDS)
    ]


class FtsIndex:
    """The catalog in an FTS5 table, as the SQLite backend will hold it."""

    def __init__(self, tokenizer: Tokenizer, tokenize: str = "unicode61") -> None:
        self.tokenizer = tokenizer
        self.db = sqlite3.connect(":memory:")
        columns = ", ".join(FIELDS)
        self.db.execute(
            f"CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, {columns}, tokenize={tokenize!r})"
        )
        self.token_count = 0
        rows = []
        for dataset in CATALOG:
            per_field = [tokenizer.tokens(text) for text in field_texts(dataset)]
            self.token_count += sum(len(tokens) for tokens in per_field)
            rows.append((dataset["id"], *(" ".join(tokens) for tokens in per_field)))
        self.db.executemany(f"INSERT INTO docs VALUES (?{', ?' * len(FIELDS)})", rows)
        self.db.execute("INSERT INTO docs(docs) VALUES ('optimize')")

    @property
    def index_bytes(self) -> int:
        return self.db.execute("SELECT sum(length(block)) FROM docs_data").fetchone()[0]

    def search(self, text: str, *, title_first: bool = True) -> list[str]:
        """Datasets whose title matches every term first, then the rest, each by bm25."""
        query = parse_query(text, self.tokenizer)
        match = fts5_match(query)
        if match is None:
            return []
        weights = ", ".join(str(w) for w in (0.0, *WEIGHTS))
        if not title_first:
            sql = f"SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, {weights}) LIMIT ?"
            return [row[0] for row in self.db.execute(sql, (match, TOP_K))]
        sql = (
            "SELECT id FROM docs WHERE docs MATCH ? ORDER BY"
            " rowid IN (SELECT rowid FROM docs WHERE docs MATCH ?) DESC,"
            f" bm25(docs, {weights}) LIMIT ?"
        )
        in_title = fts5_match(query, columns=["title"])
        return [row[0] for row in self.db.execute(sql, (match, in_title, TOP_K))]


def raw_fts_search(tokenize: str) -> Callable[[str], list[str]]:
    """An anchor: FTS5 over the raw text, each space-separated word a quoted phrase."""
    db = sqlite3.connect(":memory:")
    db.execute(
        f"CREATE VIRTUAL TABLE raw USING fts5(id UNINDEXED, {', '.join(FIELDS)}, "
        f"tokenize={tokenize!r})"
    )
    db.executemany(
        f"INSERT INTO raw VALUES (?{', ?' * len(FIELDS)})",
        [(d["id"], *field_texts(d)) for d in CATALOG],
    )
    weights = ", ".join(str(w) for w in (0.0, *WEIGHTS))

    def search(text: str) -> list[str]:
        words = text.split()
        if not words:
            return []
        match = " AND ".join('"' + w.replace('"', '""') + '"' for w in words)
        sql = f"SELECT id FROM raw WHERE raw MATCH ? ORDER BY bm25(raw, {weights}) LIMIT ?"
        return [row[0] for row in db.execute(sql, (match, TOP_K))]

    return search


def like_search() -> Callable[[str], list[str]]:
    """An anchor: substring LIKE per term, title matches first (what many portals do)."""
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE TABLE plain (id, {', '.join(FIELDS)})")
    db.executemany(
        f"INSERT INTO plain VALUES (?{', ?' * len(FIELDS)})",
        [(d["id"], *field_texts(d)) for d in CATALOG],
    )
    everything = " || ' ' || ".join(FIELDS)

    def search(text: str) -> list[str]:
        patterns = like_patterns(text)
        if patterns is None:
            return []
        where = " AND ".join(f"({everything}) LIKE ? ESCAPE '\\'" for _ in patterns)
        sql = (
            f"SELECT id FROM plain WHERE {where} "
            "ORDER BY (title LIKE ? ESCAPE '\\') DESC, rowid LIMIT ?"
        )
        return [row[0] for row in db.execute(sql, (*patterns, patterns[0], TOP_K))]

    return search


@pytest.fixture(scope="module")
def hiraku() -> FtsIndex:
    return FtsIndex(Tokenizer())


@pytest.fixture(scope="module")
def ours(hiraku: FtsIndex) -> Evaluation:
    return evaluate(hiraku.search, QUERIES, k=TOP_K)


@pytest.fixture(scope="module")
def anchors() -> dict[str, Evaluation]:
    return {
        "LIKE substring": evaluate(like_search(), QUERIES, k=TOP_K),
        "FTS5 unicode61, raw text": evaluate(raw_fts_search("unicode61"), QUERIES, k=TOP_K),
        "FTS5 trigram, raw text": evaluate(raw_fts_search("trigram"), QUERIES, k=TOP_K),
    }


def test_the_relevance_set_is_big_enough_and_consistent():
    ids = {d["id"] for d in CATALOG}
    assert len(CATALOG) >= 110 and len(ids) == len(CATALOG)
    assert len(QUERIES) >= 70
    assert all(set(q.expected) <= ids for q in QUERIES)


@needs_analyzer
def test_recall_and_mrr_on_the_relevance_set(ours: Evaluation):
    print("\n" + ours.report("Hiraku (title matches first, then bm25)"))
    assert ours.recall >= 0.97
    assert ours.mrr >= 0.92


@needs_analyzer
def test_ranking_title_matches_first_beats_bm25_alone(hiraku: FtsIndex, ours: Evaluation):
    # FTS5's bm25 saturates term frequency after the column weights, so a description that
    # spells the query's way (サクラ for さくら) can outrank a title that says 桜.
    bm25_alone = evaluate(lambda q: hiraku.search(q, title_first=False), QUERIES, k=TOP_K)
    print("\n" + bm25_alone.report("Hiraku, bm25 alone"))
    assert bm25_alone.recall == ours.recall
    assert bm25_alone.mrr < ours.mrr


@needs_analyzer
def test_every_anchor_scores_lower(ours: Evaluation, anchors: dict[str, Evaluation]):
    print(f"\nSQLite {sqlite3.sqlite_version}")
    for name, anchor in anchors.items():
        print(f"{name:28} recall@{TOP_K} {anchor.recall:.3f}  MRR {anchor.mrr:.3f}")
    for anchor in anchors.values():
        assert anchor.recall < ours.recall
        assert anchor.mrr < ours.mrr


def test_trigram_cannot_find_two_character_words():
    search = raw_fts_search("trigram")
    assert search("公園") == []
    assert search("中央公園") == [] and search("区立公園")[:1] == ["parks"]


STEPS = {
    "bigrams, 1-char prefix query": Tokenizer(unigrams=False, fold_kana=False, analyzer=False),
    "+ run-end unigrams": Tokenizer(unigrams=True, fold_kana=False, analyzer=False),
    "+ kana/long-vowel folding": Tokenizer(unigrams=True, fold_kana=True, analyzer=False),
    "+ Sudachi normalized forms": Tokenizer(),
}


@pytest.fixture(scope="module")
def steps(hiraku: FtsIndex) -> dict[str, tuple[FtsIndex, Evaluation]]:
    measured = {}
    for name, tokenizer in STEPS.items():
        index = hiraku if tokenizer == hiraku.tokenizer else FtsIndex(tokenizer)
        measured[name] = (index, evaluate(index.search, QUERIES, k=TOP_K))
    return measured


@needs_analyzer
def test_what_each_part_of_the_tokenizer_adds(steps):
    print("\nstep                          recall@10   MRR   tokens  FTS5 bytes")
    for name, (index, score) in steps.items():
        print(
            f"{name:28} {score.recall:8.3f} {score.mrr:6.3f} {index.token_count:8}"
            f" {index.index_bytes:10}"
        )
    bigrams, unigrams, _, sudachi = (index for index, _ in steps.values())
    recalls = [score.recall for _, score in steps.values()]
    assert recalls == sorted(recalls)
    # Run-end unigrams only matter for a character that ends every run it is in (中央橋):
    # the set has none, so they show up as index size alone (see the test below).
    assert recalls[2] > recalls[1] and recalls[3] > recalls[2]
    assert bigrams.token_count < unigrams.token_count < sudachi.token_count


def test_one_unigram_per_character_would_cost_far_more_than_one_per_run():
    per_run = FtsIndex(Tokenizer(analyzer=False))
    no_unigrams = FtsIndex(Tokenizer(unigrams=False, analyzer=False))
    run_end_extra = per_run.token_count - no_unigrams.token_count
    cjk_chars = sum(
        1 for d in CATALOG for text in field_texts(d) for c in text if "\u3041" <= c <= "\u9fff"
    )
    print(f"\nunigram tokens: {run_end_extra} (one per run) vs {cjk_chars} (one per character)")
    assert run_end_extra * 3 < cjk_chars


def test_one_character_queries_find_the_character_at_the_end_of_a_run(hiraku: FtsIndex):
    # 放置自転車の撤去台数 … "駅別" starts a bigram; "最寄り駅" would end a run: both must match.
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
    texts = ["最寄り駅", "駅前広場", "駐車場"]
    tokenizer = Tokenizer(analyzer=False)
    db.executemany("INSERT INTO t VALUES (?)", [(" ".join(tokenizer.tokens(t)),) for t in texts])
    match = fts5_match(parse_query("駅", tokenizer))
    found = [
        row[0] for row in db.execute("SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid", (match,))
    ]
    assert found == [1, 2]


def test_recall_at_k_counts_expected_ids_in_the_first_k():
    assert recall_at_k(["a", "b", "c"], ["c", "a"], k=3) == 1.0
    assert recall_at_k(["a", "b", "c"], ["c", "a"], k=2) == 0.5
    assert recall_at_k([], ["a"], k=10) == 0.0
    with pytest.raises(ValueError):
        recall_at_k(["a"], [], k=10)


def test_reciprocal_rank_and_mrr_use_the_first_expected_result():
    assert reciprocal_rank(["x", "b", "a"], ["a", "b"]) == 0.5
    assert reciprocal_rank(["x"], ["a"]) == 0.0
    assert mrr([(["a"], ["a"]), (["x", "a"], ["a"]), ([], ["a"])]) == pytest.approx(0.5)


def test_evaluate_scores_each_query_and_reports_the_misses():
    queries = [RelevanceQuery("公園", ("parks",)), RelevanceQuery("駅", ("station", "bus"))]
    results = {"公園": ["parks", "x"], "駅": ["x", "station"]}
    evaluation = evaluate(results.__getitem__, queries, k=10)
    assert [(s.recall, s.reciprocal_rank) for s in evaluation.scores] == [(1.0, 1.0), (0.5, 0.5)]
    assert evaluation.recall == 0.75 and evaluation.mrr == 0.75
    assert evaluation.failures()[0].missing == ("bus",)
    assert "'駅'" in evaluation.report("demo") and "missing [bus]" in evaluation.report("demo")
