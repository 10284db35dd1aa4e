"""Turn a HeaderMatch into report items, each with a message in Japanese and English."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hiraku.schemas.headers import ColumnMatch, HeaderMatch
    from hiraku.schemas.model import SchemaField

KIND_LABELS = {
    "width": ("全角・半角の違い", "full/half width"),
    "whitespace": ("空白", "spaces"),
    "case": ("大文字・小文字の違い", "letter case"),
    "lookalike": ("形の似た文字", "look-alike characters"),
    "numbered": ("先頭の番号", "leading number"),
    "underscore": ("区切り記号（_ や括弧）の違い", "separators (_ or brackets)"),
    "typo": ("誤字", "misspelling"),
    "alias": ("別名", "alternative name"),
    "legacy": ("旧推奨データセットの列名", "legacy column name"),
    "english": ("英語の列名", "English column name"),
}
LAYOUT_KINDS = frozenset({"legacy", "english"})


@dataclass(frozen=True)
class HeaderIssue:
    """One finding about the header row.

    code: 'header-variant', 'extra-column', 'blank-header', 'missing-column', 'column-order'
    or 'duplicate-column'. severity: 'error', 'warning' or 'info'. ``column`` is the 0-based
    input position (None for a missing column).
    """

    code: str
    severity: str
    column: int | None
    original: str | None
    canonical: str | None
    kinds: tuple[str, ...]
    message_ja: str
    message_en: str


def _variant(column: ColumnMatch, layout: str) -> HeaderIssue:
    labels_ja = "、".join(KIND_LABELS[k][0] for k in column.kinds)
    labels_en = ", ".join(KIND_LABELS[k][1] for k in column.kinds)
    # A legacy file full of legacy names is one fact about the file, not twenty warnings;
    # misspellings, and a foreign layout's name inside another layout, are worth a warning.
    tolerated_layout = set(column.kinds) <= LAYOUT_KINDS and column.via == layout
    return HeaderIssue(
        "header-variant",
        "info" if tolerated_layout else "warning",
        column.index,
        column.original,
        column.canonical,
        column.kinds,
        f"列名「{column.original}」を「{column.canonical}」として読みました（{labels_ja}）。",
        f"Read column '{column.original}' as '{column.canonical}' ({labels_en}).",
    )


def _missing(match: HeaderMatch, field: SchemaField) -> HeaderIssue | None:
    layout_map = match.schema.layout_map(match.layout)
    sources = (
        tuple(h for h in layout_map.headers if field.name in layout_map.targets_of(h))
        if layout_map
        else (field.name,)
    )
    if field.level == "required":
        severity = field.severity
    elif field.level == "recommended" and sources:
        severity = "info"
    else:
        return None
    hint_ja = hint_en = ""
    if layout_map and sources:
        hint_ja = "（この形式では「" + "」「".join(sources) + "」）"
        hint_en = " (in this layout: " + ", ".join(sources) + ")"
    return HeaderIssue(
        "missing-column",
        severity,
        None,
        None,
        field.name,
        (),
        f"{field.level_ja}の列「{field.name}」{hint_ja}がありません。",
        f"The {field.level} column '{field.name}'{hint_en} is missing.",
    )


def _about(
    column: ColumnMatch, code: str, severity: str, message_ja: str, message_en: str
) -> HeaderIssue:
    canonical = None if column.is_extra or column.blank else column.canonical
    return HeaderIssue(
        code, severity, column.index, column.original, canonical, (), message_ja, message_en
    )


def _column_issues(match: HeaderMatch, column: ColumnMatch) -> list[HeaderIssue]:
    issues: list[HeaderIssue] = []
    name, position = column.original, column.index + 1
    if column.blank:
        issues.append(
            _about(
                column,
                "blank-header",
                "warning",
                f"{position}列目の列名が空です。",
                f"Column {position} has no name.",
            )
        )
    elif column.is_extra:
        title_ja, title_en = match.schema.title_ja, match.schema.title_en
        issues.append(
            _about(
                column,
                "extra-column",
                "info",
                f"列「{name}」は「{title_ja}」の標準にない列です（独自の列として扱います）。",
                f"Column '{name}' is not part of the {title_en} standard (kept as a local column).",
            )
        )
    if column.is_variant:
        issues.append(_variant(column, match.layout))
    if column.duplicate_of is not None:
        first = column.duplicate_of + 1
        issues.append(
            _about(
                column,
                "duplicate-column",
                "warning",
                f"列「{name}」は{first}列目と同じ列を表しています。",
                f"Column '{name}' repeats column {first}.",
            )
        )
    if column.index in match.out_of_order:
        issues.append(
            _about(
                column,
                "column-order",
                "warning",
                f"列「{name}」の位置が標準の順序と違います。",
                f"Column '{name}' is out of the standard order.",
            )
        )
    return issues


def issues_for(match: HeaderMatch) -> tuple[HeaderIssue, ...]:
    """Findings in input order, then the missing columns in the standard's order."""
    issues = [issue for column in match.columns for issue in _column_issues(match, column)]
    for name in match.missing_fields:
        issue = _missing(match, match.schema.field(name))
        if issue is not None:
            issues.append(issue)
    return tuple(issues)
