"""Which columns a map shows: where each row is, and the few fields that say what it is."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from hiraku.datastore.exports.coordinates import CoordinateColumns, coordinates
from hiraku.datastore.query import Column

MAX_MAIN_FIELDS = 4
# Label words in order of interest: what the place is called, where it is, where inside it.
_NAME_WORDS = ("名称", "施設名", "名前", "name", "title", "地域名", "regionname")
_ADDRESS_WORDS = ("所在地_連結表記", "住所", "所在地", "address")
_DETAIL_WORDS = ("設置位置", "installationposition", "種別", "category", "電話番号", "telephone")
# Name variants that are not the name itself (読み仮名, romanization, English).
_NAME_VARIANTS = ("カナ", "かな", "kana", "romaji", "英語", "english", "通称", "_en")


@dataclass(frozen=True)
class PlaceColumns:
    located: CoordinateColumns
    location: list[Column]  # the columns holding the coordinates (1 or 2)
    main: list[Column]  # what a popup and the list show

    @property
    def latitude(self) -> Column | None:
        return self.location[0] if len(self.location) == 2 else None

    @property
    def longitude(self) -> Column | None:
        return self.location[1] if len(self.location) == 2 else None

    @property
    def filterable_by_area(self) -> bool:
        """Numeric latitude and longitude columns: the records API can filter a map area."""
        return all(c.type in ("integer", "number") for c in self.location) and (
            len(self.location) == 2
        )


def _folded(label: str) -> str:
    return unicodedata.normalize("NFKC", label).casefold()


def _find(columns: Sequence[Column], words: Sequence[str], *, variants: bool) -> Column | None:
    for word in words:
        for column in columns:
            text = _folded(column.label)
            if word in text and (variants or not any(v in text for v in _NAME_VARIANTS)):
                return column
    return None


def place_columns(columns: Sequence[Column], *, english: bool = False) -> PlaceColumns | None:
    """The location and main columns of a table, or None when it has no location."""
    fields = [{"name": c.name, "label": c.label, "type": c.type} for c in columns]
    located = coordinates(fields)
    if located is None:
        return None
    if located.combined is not None:
        location = [columns[located.combined]]
    else:
        location = [columns[located.latitude], columns[located.longitude]]  # type: ignore[index]
    others = [c for i, c in enumerate(columns) if i not in located.positions]
    main: list[Column] = []
    name = _find(others, _NAME_WORDS, variants=False)
    if name is not None:
        main.append(name)
    if english:
        translated = next(
            (c for c in others if name and c is not name and "英語" in c.label and "名" in c.label),
            None,
        )
        if translated is not None:
            main.append(translated)
    for words in (_ADDRESS_WORDS, _DETAIL_WORDS):
        found = _find([c for c in others if c not in main], words, variants=False)
        if found is not None:
            main.append(found)
    if not main:
        main = [c for c in others if c.type == "text"][:2] or others[:2]
    return PlaceColumns(located, location, main[:MAX_MAIN_FIELDS])
