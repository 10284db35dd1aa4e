"""Validate a table file against the standard it follows (detected from its header row when no
schema is named): header problems, then every data row, streamed with bounded memory.

    report = validate_file("222127_aed.csv")
    report.conforms          # True, False, or None when the file follows no standard
    report.as_dict()         # the JSON report of `hiraku validate --json`

Problem codes, their meanings and severities are in ``codes.py`` (and README.md).
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from hiraku.schemas.codes import CODES, SEVERITIES, Problem, severity_for
from hiraku.schemas.detect import MATCH_THRESHOLD, Candidate, rank
from hiraku.schemas.engine import RowChecker, date_orders
from hiraku.schemas.headers import HeaderIssue, HeaderMatch
from hiraku.schemas.model import StandardSchema
from hiraku.schemas.records import RowMap, blank_header_name
from hiraku.schemas.registry import detect_schema, get_schema
from hiraku.tabular import RawTable, open_table

__all__ = ["CODES", "Problem", "Resolution", "ValidationReport", "resolve", "validate_file"]

MAX_PER_CODE = 100  # problems kept per code; counts stay exact
CANDIDATES_SHOWN = 5
_FIXABLE_HEADER_CODES = frozenset({"header-variant", "column-order", "duplicate-column"})
_LAYOUT_WORDS = {
    "legacy": ("旧「推奨データセット」の列構成", "the legacy 推奨データセット layout"),
    "english": ("英語の列名（LinkData 形式）", "English (LinkData) column names"),
}


@dataclass(frozen=True)
class Resolution:
    """The standard a header row is read against (None: no standard detected)."""

    candidate: Candidate | None
    candidates: tuple[Candidate, ...]
    forced: bool  # named by the caller rather than detected

    @property
    def closest(self) -> tuple[Candidate, ...]:
        return self.candidates[:CANDIDATES_SHOWN]


def resolve(headers: list[str], schema_id: str | None = None) -> Resolution:
    """Detect the standard from ``headers``, or read them against ``schema_id`` (UnknownSchema
    if there is no such standard)."""
    candidates = tuple(detect_schema(headers))
    if schema_id is not None:
        chosen = rank(headers, [get_schema(schema_id)])[0]
        return Resolution(chosen, candidates, forced=True)
    best = candidates[0] if candidates and candidates[0].is_match else None
    return Resolution(best, candidates, forced=False)


def _candidates_text(candidates: tuple[Candidate, ...]) -> tuple[str, str]:
    ja = "、".join(f"{c.schema.title_ja}（{c.schema.id}）{c.score:.2f}" for c in candidates)
    en = ", ".join(f"{c.schema.title_en} ({c.schema.id}) {c.score:.2f}" for c in candidates)
    return ja, en


def _file_problems(resolution: Resolution, row: int | None) -> list[Problem]:
    candidate = resolution.candidate
    closest_ja, closest_en = _candidates_text(resolution.closest)
    if candidate is None:
        return [
            Problem(
                "no-standard",
                severity_for("no-standard"),
                f"どの標準データセットにも当てはまりません（一致度{MATCH_THRESHOLD}以上の候補なし）。"
                f"近い候補: {closest_ja}",
                f"No standard dataset detected (no candidate scores {MATCH_THRESHOLD} or more). "
                f"Closest: {closest_en}",
                row=row,
            )
        ]
    schema = candidate.schema
    problems = []
    if resolution.forced and not candidate.is_match:
        problems.append(
            Problem(
                "schema-mismatch",
                severity_for("schema-mismatch"),
                f"見出し行が「{schema.title_ja}」の標準に合いません"
                f"（一致度 {candidate.score:.2f}）。"
                f"近い候補: {closest_ja}",
                f"The header row does not follow the {schema.title_en} standard (score "
                f"{candidate.score:.2f}). Closest: {closest_en}",
                row=row,
            )
        )
    if candidate.layout in _LAYOUT_WORDS:
        words_ja, words_en = _LAYOUT_WORDS[candidate.layout]
        problems.append(
            Problem(
                f"{candidate.layout}-layout",
                severity_for(f"{candidate.layout}-layout"),
                f"{words_ja}で書かれています。"
                f"--fix で現行の「{schema.title_ja}」の列構成にできます。",
                f"The file uses {words_en}; --fix converts it to the current {schema.title_en} "
                "layout.",
                row=row,
                fixable=True,
            )
        )
    return problems


def _header_problem(issue: HeaderIssue, match: HeaderMatch, row: int | None) -> Problem:
    fix = None
    column = match.columns[issue.column] if issue.column is not None else None
    # A rename fixes a copied column; a part of a join (都道府県名) or a split has no new name.
    if issue.code == "header-variant" and column is not None and column.role == "copy":
        fix = column.field
    elif issue.code == "blank-header" and issue.column is not None:
        fix = blank_header_name(issue.column)
    return Problem(
        issue.code,
        issue.severity,
        issue.message_ja,
        issue.message_en,
        row=row,
        column=issue.original if issue.original is not None else issue.canonical,
        field=issue.canonical,
        value=issue.original,
        fix=fix,
        fixable=fix is not None or issue.code in _FIXABLE_HEADER_CODES,
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


@dataclass
class ValidationReport:
    path: str
    resolution: Resolution
    format: str | None = None
    encoding: str | None = None
    sheet: str | None = None
    header_row: int | None = None
    rows: int = 0
    max_per_code: int = MAX_PER_CODE
    problems: list[Problem] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    severity_counts: Counter[str] = field(default_factory=Counter)

    def add(self, problem: Problem) -> None:
        self.counts[problem.code] += 1
        self.severity_counts[problem.severity] += 1
        if self.counts[problem.code] <= self.max_per_code:
            self.problems.append(problem)

    @property
    def schema(self) -> StandardSchema | None:
        candidate = self.resolution.candidate
        return candidate.schema if candidate else None

    @property
    def layout(self) -> str | None:
        candidate = self.resolution.candidate
        return candidate.layout if candidate else None

    @property
    def score(self) -> float | None:
        candidate = self.resolution.candidate
        return candidate.score if candidate else None

    @property
    def conforms(self) -> bool | None:
        """No error-severity problem; None when the file follows no standard."""
        if self.schema is None:
            return None
        return self.severity_counts["error"] == 0

    @property
    def omitted(self) -> dict[str, int]:
        return {c: n - self.max_per_code for c, n in self.counts.items() if n > self.max_per_code}

    def summary(self) -> tuple[str, str]:
        schema = self.schema
        if schema is None:
            return self.problems[0].message_ja, self.problems[0].message_en
        errors, warnings = self.severity_counts["error"], self.severity_counts["warning"]
        counted_ja = f"エラー {errors}件、警告 {warnings}件"
        counted_en = f"{_count(errors, 'error')}, {_count(warnings, 'warning')}"
        if self.conforms:
            return (
                f"「{schema.title_ja}」の標準に適合しています（{counted_ja}）。",
                f"Conforms to the {schema.title_en} standard ({counted_en}).",
            )
        return (
            f"「{schema.title_ja}」の標準に適合していません（{counted_ja}）。",
            f"Does not conform to the {schema.title_en} standard ({counted_en}).",
        )

    def as_dict(self) -> dict[str, object]:
        schema = self.schema
        summary_ja, summary_en = self.summary()
        show_candidates = schema is None or any(p.code == "schema-mismatch" for p in self.problems)
        return {
            "file": self.path,
            "format": self.format,
            "encoding": self.encoding,
            "sheet": self.sheet,
            "header_row": self.header_row,
            "schema": None
            if schema is None
            else {
                "id": schema.id,
                "number": schema.number,
                "title_ja": schema.title_ja,
                "title_en": schema.title_en,
                "status": schema.status,
            },
            "layout": self.layout,
            "score": None if self.score is None else round(self.score, 3),
            "detected": not self.resolution.forced,
            "candidates": [
                {
                    "id": c.schema.id,
                    "title_ja": c.schema.title_ja,
                    "title_en": c.schema.title_en,
                    "layout": c.layout,
                    "score": round(c.score, 3),
                }
                for c in self.resolution.closest
            ]
            if show_candidates
            else [],
            "conforms": self.conforms,
            "rows": self.rows,
            "message_ja": summary_ja,
            "message_en": summary_en,
            "counts": {
                "by_code": dict(sorted(self.counts.items())),
                "by_severity": {s: self.severity_counts[s] for s in SEVERITIES},
            },
            "omitted": self.omitted,
            "problems": [p.as_dict() for p in self.problems],
        }


def headers_as_written(table: RawTable) -> list[str]:
    """The header row before the reader named blank headers (列3) and renamed repeated ones
    (緯度_2): header matching must see them to report blank and repeated columns."""
    headers = list(table.columns)
    position = {name: i for i, name in enumerate(headers)}
    for note in table.notes:
        index = position.get(note.column or "")
        if index is None:
            continue
        if note.code == "header_empty_named":
            headers[index] = ""
        elif note.code == "header_duplicate_renamed":
            headers[index] = headers[index].rsplit("_", 1)[0]
    return headers


def row_checker(table: RawTable, candidate: Candidate) -> RowChecker:
    """The checker for a table read against ``candidate`` (a first pass only for date columns)."""
    row_map = RowMap.build(candidate.schema, candidate.match)
    return RowChecker(row_map, date_orders(table, row_map))


def start_report(
    table: RawTable,
    path: str | os.PathLike[str],
    resolution: Resolution,
    max_per_code: int = MAX_PER_CODE,
) -> ValidationReport:
    """A report holding the file-level and header problems; rows are added by the caller."""
    header_row = table.header_row or None
    report = ValidationReport(
        path=Path(path).name,
        resolution=resolution,
        format=table.format,
        encoding=table.encoding,
        sheet=table.sheet,
        header_row=header_row,
        max_per_code=max_per_code,
    )
    for problem in _file_problems(resolution, header_row):
        report.add(problem)
    if resolution.candidate is not None:
        match = resolution.candidate.match
        for issue in match.issues:
            report.add(_header_problem(issue, match, header_row))
    return report


def validate_file(
    path: str | os.PathLike[str],
    *,
    schema_id: str | None = None,
    sheet: str | None = None,
    max_per_code: int = MAX_PER_CODE,
) -> ValidationReport:
    """Check a file against a standard dataset. Raises TabularError when the file cannot be
    read as a table, UnknownSchema when ``schema_id`` names no standard."""
    table = open_table(path, sheet=sheet)
    resolution = resolve(headers_as_written(table), schema_id)
    report = start_report(table, path, resolution, max_per_code)
    if resolution.candidate is None:
        return report
    checker = row_checker(table, resolution.candidate)
    stream = table.rows()
    for row in stream:
        for problem in checker.check(row).problems:
            report.add(problem)
    report.rows = stream.row_count
    return report
