"""Recognising 地域・年齢別人口 tables (population by area, sex and five-year age band).

Found by column labels alone, in the layouts municipalities publish:
- the standard dataset's ``0-4歳の男性`` … ``85歳以上の女性`` (current and 2023 layouts);
- LinkData's English ``man1`` / ``woman1`` … ``man18`` / ``woman18`` (高松市), bands of five
  years from 0-4, the last one open-ended (85+);
- variants such as ``男0～4歳`` or ``女性_85歳以上``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

MIN_BANDS = 5
_BAND_YEARS = 5
_ENGLISH = re.compile(r"^(man|male|men|woman|female|women)[_ ]?(\d{1,2})$")
_SEX_MALE = re.compile(r"男性?(?!女)")
_SEX_FEMALE = re.compile(r"(?<!男)女性?")
_RANGE = re.compile(r"(\d{1,3})\s*歳?\s*[-‐‑–—~〜～]\s*(\d{1,3})\s*歳")
_OVER = re.compile(r"(\d{1,3})\s*歳\s*以上")
_AREA_EXACT = {
    "地域名", "地域", "地区名", "地区", "町丁名", "町丁目名", "町丁目", "町名", "町字名",
    "大字町丁目名", "regionname", "region", "areaname", "area", "town", "townname",
}  # fmt: skip
_AREA_WORDS = ("地域名", "地区名", "町丁")
_TOTAL_EXACT = {"総人口", "人口総数", "人口", "総数", "合計", "計", "totalpopulation", "total"}


@dataclass(frozen=True)
class AgeBand:
    low: int
    high: int | None  # None: "and over"
    male: str  # column label
    female: str


@dataclass(frozen=True)
class PopulationLayout:
    area: str | None  # label of the area column, when there is one
    bands: tuple[AgeBand, ...]
    total: str | None = None  # label of the total population column


def _fold(label: str) -> str:
    return unicodedata.normalize("NFKC", label).strip().casefold()


def _sex(text: str) -> str | None:
    male, female = bool(_SEX_MALE.search(text)), bool(_SEX_FEMALE.search(text))
    if male == female:  # neither, or 男女 (both)
        return None
    return "male" if male else "female"


def _japanese_band(text: str) -> tuple[int, int | None] | None:
    if match := _RANGE.search(text):
        return int(match.group(1)), int(match.group(2))
    if match := _OVER.search(text):
        return int(match.group(1)), None
    return None


def population_layout(labels: Sequence[str]) -> PopulationLayout | None:
    """The table's age bands (youngest first) and area column, or None for other tables."""
    japanese: dict[tuple[int, int | None], dict[str, str]] = {}
    english: dict[int, dict[str, str]] = {}
    area = total = None
    for label in labels:
        text = _fold(label)
        if total is None and text in _TOTAL_EXACT:
            total = label
        if area is None and (text in _AREA_EXACT or any(w in text for w in _AREA_WORDS)):
            area = label
        if match := _ENGLISH.match(text):
            sex = "male" if match.group(1) in ("man", "male", "men") else "female"
            english.setdefault(int(match.group(2)), {})[sex] = label
            continue
        band, sex = _japanese_band(text), _sex(text)
        if band is not None and sex is not None:
            japanese.setdefault(band, {})[sex] = label
    bands = _japanese_bands(japanese) or _english_bands(english)
    if len(bands) < MIN_BANDS:
        return None
    return PopulationLayout(area=area, bands=tuple(bands), total=total)


def _japanese_bands(found: dict[tuple[int, int | None], dict[str, str]]) -> list[AgeBand]:
    complete = [(band, sexes) for band, sexes in found.items() if len(sexes) == 2]
    complete.sort(key=lambda item: (item[0][0], item[0][1] is None))
    return [AgeBand(low, high, s["male"], s["female"]) for (low, high), s in complete]


def _english_bands(found: dict[int, dict[str, str]]) -> list[AgeBand]:
    indexes = sorted(i for i, sexes in found.items() if len(sexes) == 2)
    # Numbered from 1 without gaps, or the numbers mean something else.
    if not indexes or indexes != list(range(1, len(indexes) + 1)):
        return []
    last = indexes[-1]
    return [
        AgeBand(
            low=_BAND_YEARS * (i - 1),
            high=None if i == last else _BAND_YEARS * i - 1,
            male=found[i]["male"],
            female=found[i]["female"],
        )
        for i in indexes
    ]
