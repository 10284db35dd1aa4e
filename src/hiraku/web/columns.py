"""The "columns" section of a resource page: each column's profile beside its dictionary entry."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from hiraku.datastore.models import COLUMN_TYPES, ColumnInfo

TYPE_NAMES = dict(COLUMN_TYPES)
HISTOGRAM_WIDTH = 160
HISTOGRAM_HEIGHT = 40


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # "10–20: 4"


@dataclass
class ColumnCard:
    label: str
    type_name: str
    label_en: str = ""
    description: str = ""
    unit: str = ""
    filled: int | None = None
    fill_percent: int | None = None
    distinct: int | None = None
    unique: bool = False
    minimum: Any = None
    maximum: Any = None
    top: list[dict[str, Any]] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)

    @property
    def histogram_summary(self) -> str:
        return "; ".join(bar.label for bar in self.bars)


def _range_label(item: Mapping[str, Any]) -> str:
    if item.get("high") is None:
        return str(item["low"])
    return f"{item['low']}–{item['high']}"


def histogram_bars(bins: list[Mapping[str, Any]]) -> list[Bar]:
    """SVG rectangles for a small histogram (heights relative to the fullest bin)."""
    if not bins:
        return []
    tallest = max(b["count"] for b in bins) or 1
    gap = 2
    width = (HISTOGRAM_WIDTH - gap * (len(bins) - 1)) / len(bins)
    bars = []
    for i, item in enumerate(bins):
        height = round((HISTOGRAM_HEIGHT - 2) * item["count"] / tallest, 1)
        bars.append(
            Bar(
                x=round(i * (width + gap), 1),
                y=round(HISTOGRAM_HEIGHT - height, 1),
                width=round(width, 1),
                height=height,
                label=f"{_range_label(item)}: {item['count']}",
            )
        )
    return bars


def column_cards(
    profile: Mapping[str, Any] | None,
    dictionary: Mapping[str, ColumnInfo],
    *,
    english: bool,
) -> list[ColumnCard]:
    rows = (profile or {}).get("rows") or 0
    cards = []
    for item in (profile or {}).get("columns", []):
        info = dictionary.get(item["label"])
        card = ColumnCard(label=item["label"], type_name=str(TYPE_NAMES.get(item["type"], "")))
        if info is not None:
            card.label_en = info.label_en if english else ""
            card.description = (
                (info.description_en or info.description) if english else (info.description)
            )
            card.unit = info.unit
        if "filled" in item:
            card.filled = item["filled"]
            card.fill_percent = round(100 * item["filled"] / rows) if rows else 0
            card.distinct = item["distinct"]
            card.unique = bool(rows) and item["distinct"] == item["filled"] == rows
        card.minimum, card.maximum = item.get("min"), item.get("max")
        card.top = item.get("top") or []
        card.bars = histogram_bars(item.get("histogram") or [])
        cards.append(card)
    return cards
