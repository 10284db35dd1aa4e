"""Search quality measured against a relevance set: queries → the datasets a resident wants.

Backend-free: ``evaluate`` takes any ``search(query) -> ranked ids`` callable, so the same
query set scores SQLite FTS5, PostgreSQL and the anchors they are compared with.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class RelevanceQuery:
    query: str
    expected: tuple[str, ...]  # ids that must come back, best first
    note: str = ""


@dataclass(frozen=True, slots=True)
class QueryScore:
    query: str
    expected: tuple[str, ...]
    results: tuple[str, ...]  # the first k results
    recall: float
    reciprocal_rank: float

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(e for e in self.expected if e not in self.results)


@dataclass(frozen=True, slots=True)
class Evaluation:
    k: int
    scores: tuple[QueryScore, ...]

    @property
    def recall(self) -> float:
        """Mean recall@k over the queries."""
        return _mean(s.recall for s in self.scores)

    @property
    def mrr(self) -> float:
        return _mean(s.reciprocal_rank for s in self.scores)

    def failures(self) -> list[QueryScore]:
        """Queries that missed an expected id or did not rank one first."""
        return [s for s in self.scores if s.recall < 1 or s.reciprocal_rank < 1]

    def report(self, name: str) -> str:
        lines = [f"{name}: recall@{self.k} {self.recall:.3f}  MRR {self.mrr:.3f}"]
        for score in self.failures():
            got = ", ".join(score.results[:3]) or "(nothing)"
            lines.append(
                f"  {score.query!r}: recall {score.recall:.2f} RR {score.reciprocal_rank:.2f}"
                f" missing [{', '.join(score.missing)}] top [{got}]"
            )
        return "\n".join(lines)


def recall_at_k(results: Sequence[str], expected: Sequence[str], k: int) -> float:
    """Share of ``expected`` found among the first ``k`` results."""
    if not expected:
        raise ValueError("a relevance query needs at least one expected result")
    top = set(results[:k])
    return sum(1 for e in set(expected) if e in top) / len(set(expected))


def reciprocal_rank(results: Sequence[str], expected: Sequence[str]) -> float:
    """1/rank of the first result that is expected; 0 when none is."""
    wanted = set(expected)
    for rank, result in enumerate(results, start=1):
        if result in wanted:
            return 1 / rank
    return 0.0


def mrr(runs: Iterable[tuple[Sequence[str], Sequence[str]]]) -> float:
    """Mean reciprocal rank over (results, expected) pairs."""
    return _mean(reciprocal_rank(results, expected) for results, expected in runs)


def evaluate(
    search: Callable[[str], Sequence[str]],
    queries: Iterable[RelevanceQuery],
    *,
    k: int = 10,
) -> Evaluation:
    """Run every query through ``search`` and score the first ``k`` results."""
    scores = []
    for item in queries:
        results = tuple(search(item.query))[:k]
        scores.append(
            QueryScore(
                item.query,
                item.expected,
                results,
                recall_at_k(results, item.expected, k),
                reciprocal_rank(results, item.expected),
            )
        )
    return Evaluation(k, tuple(scores))


def load_queries(path: str | Path) -> list[RelevanceQuery]:
    """A query set stored as JSON: ``[{"query": …, "expected": [ids…], "note": …}]``."""
    entries: list[Mapping[str, object]] = json.loads(Path(path).read_text(encoding="utf-8"))
    return [
        RelevanceQuery(str(e["query"]), tuple(e["expected"]), str(e.get("note", "")))  # type: ignore[arg-type]
        for e in entries
    ]


def _mean(values: Iterable[float]) -> float:
    collected = list(values)
    return sum(collected) / len(collected) if collected else 0.0
