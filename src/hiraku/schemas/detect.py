"""Which standard, in which layout, a header row follows: every schema scored, best first."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from hiraku.schemas.headers import HeaderMatch, match_headers
from hiraku.schemas.model import LAYOUTS, LayoutName, StandardSchema

# Below this the header row is not taken to follow the standard; measured on the samples:
# conforming files score 0.75–1.0, unrelated tables under 0.2.
MATCH_THRESHOLD = 0.5


@dataclass(frozen=True, eq=False)
class Candidate:
    """One standard's best reading of the header row.

    Headers made only of columns many standards share (名称, 住所, 緯度…) score nearly alike
    for several of them; compare with the next candidate before trusting a small lead.
    """

    schema: StandardSchema
    layout: LayoutName
    score: float
    match: HeaderMatch

    @property
    def is_match(self) -> bool:
        return self.score >= MATCH_THRESHOLD

    @property
    def mapping(self) -> tuple[tuple[str, str | None], ...]:
        return self.match.mapping


def _best_layout(headers: Sequence[str], schema: StandardSchema) -> Candidate:
    best: Candidate | None = None
    for layout in schema.layouts:
        match = match_headers(headers, schema, layout)
        # Strictly greater: on a tie the earlier layout (current before legacy) wins.
        if best is None or match.score > best.score:
            best = Candidate(schema, layout, match.score, match)
    assert best is not None
    return best


def rank(headers: Sequence[str], schemas: Iterable[StandardSchema]) -> list[Candidate]:
    candidates = [_best_layout(headers, schema) for schema in schemas]
    candidates.sort(key=lambda c: (-c.score, LAYOUTS.index(c.layout), c.schema.number))
    return candidates
