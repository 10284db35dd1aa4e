"""Latitude/longitude cells: 35.681236 / ３５．６８１２３６ / 35°39'29.1"N / 北緯35度39分29.1秒,
pairs in one cell ("34.3409,134.0452"), and swapped pairs caught by Japan's bounds.

Japan's bounding box (国土地理院「日本の東西南北端点の経度緯度」): southernmost 沖ノ鳥島
20°25′N, northernmost 択捉島 45°33′N, westernmost 与那国島 122°56′E, easternmost 南鳥島
153°59′E. Rounded outwards: lat 20–46, lon 122–154. The box also holds bits of sea and of
neighbouring coasts, so it catches swaps and zeros, not every wrong point.
"""

from __future__ import annotations

import re

from hiraku.jp.text import ASCII_FOLD, SPACES, ascii_regex

_GEO_FOLD: dict[int, int | str] = {
    **ASCII_FOLD,
    0x3000: " ",
    0x3001: ",",  # 、
    0x2212: "-",
    **dict.fromkeys(map(ord, "º˚度"), "°"),
    **dict.fromkeys(map(ord, "′’‘´分"), "'"),
    **dict.fromkeys(map(ord, "″”“秒"), '"'),
}
_HEMISPHERE_WORDS = (("北緯", "N"), ("南緯", "S"), ("東経", "E"), ("西経", "W"))

_NUM = r"\d{1,3}(?:\.\d+)?"
_DMS_RE = ascii_regex(
    rf"(?P<pre>[NSEW])?\s*(?P<deg>{_NUM})\s*°\s*"
    rf"(?:(?P<min>\d{{1,2}}(?:\.\d+)?)\s*'\s*(?:(?P<sec>\d{{1,2}}(?:\.\d+)?)\s*(?:\"|'')\s*)?)?"
    r"(?P<post>[NSEW])?",
    re.IGNORECASE,
)
_DECIMAL_RE = ascii_regex(
    rf"(?P<pre>[NSEW])?\s*(?P<sign>[-+])?(?P<deg>{_NUM}|\.\d+)\s*(?P<post>[NSEW])?", re.IGNORECASE
)
_WKT_POINT_RE = ascii_regex(r"POINT\s*\(\s*(\S+)\s+(\S+)\s*\)", re.IGNORECASE)
_PAIR_SPLIT_RE = ascii_regex(r"\s*[,;]\s*|\s+")
# The longest real pair (北緯35度39分29.123秒 東経139度44分28.876秒) is under 40 characters; a cap
# keeps free text in a coordinate column cheap to reject.
_MAX_CELL = 100


def _fold(text: str) -> str:
    text = text.strip(SPACES)
    if len(text) > _MAX_CELL:
        return ""
    if text.isascii():
        return text
    text = text.translate(_GEO_FOLD)
    if "緯" in text or "経" in text:
        for word, letter in _HEMISPHERE_WORDS:
            text = text.replace(word, letter)
    return text


def _axis_value(folded: str) -> tuple[float, str | None] | None:
    """(signed degrees, 'lat' | 'lon' | None) for one folded coordinate, or None."""
    match = _DECIMAL_RE.fullmatch(folded)
    if match is not None:
        value = float(match.group("deg"))
        if match.group("sign") == "-":
            value = -value
    else:
        match = _DMS_RE.fullmatch(folded)
        if match is None:
            return None
        degrees, minutes, seconds = match.group("deg", "min", "sec")
        if ("." in degrees and minutes) or ("." in (minutes or "") and seconds):
            return None
        whole_minutes = float(minutes or 0)
        whole_seconds = float(seconds or 0)
        if whole_minutes >= 60 or whole_seconds >= 60:
            return None
        # Rounded to 1e-8° (about 1 mm) so 35°39'29.1" prints as 35.65808333, not …3335.
        value = round(float(degrees) + whole_minutes / 60 + whole_seconds / 3600, 8)
    pre, post = match.group("pre"), match.group("post")
    if pre and post:
        return None
    hemisphere = (pre or post or "").upper()
    axis = None
    if hemisphere:
        if value < 0:  # "-35.6N" contradicts itself
            return None
        axis = "lat" if hemisphere in "NS" else "lon"
        if hemisphere in "SW":
            value = -value
    limit = 90 if axis == "lat" else 180
    return (value, axis) if abs(value) <= limit else None


def parse_coordinate(text: str) -> float | None:
    """Decimal degrees from one cell (decimal or DMS, any width); S and W are negative."""
    folded = _fold(text)
    parsed = _axis_value(folded) if folded else None
    return None if parsed is None else parsed[0]


def parse_latlon_pair(text: str) -> tuple[float, float] | None:
    """(lat, lon) from one cell: "34.3409,134.0452", "34.3409，134.0452", "(34.3, 134.0)",
    "北緯35度… 東経139度…", WKT "POINT(lon lat)". Unlabelled pairs are taken as written
    (lat first); use :func:`fix_swapped` to catch lon-first cells."""
    folded = _fold(text)
    if not folded:
        return None
    wkt = _WKT_POINT_RE.fullmatch(folded)
    if wkt is not None:
        lon, lat = parse_coordinate(wkt.group(1)), parse_coordinate(wkt.group(2))
        return None if lat is None or lon is None else (lat, lon)
    folded = folded.strip("()[] ")
    parts = _PAIR_SPLIT_RE.split(folded)
    if len(parts) != 2:
        parts = _split_at_hemispheres(folded)
        if parts is None:
            return None
    first, second = _axis_value(parts[0].strip()), _axis_value(parts[1].strip(" ,;"))
    if first is None or second is None:
        return None
    if (first[1] == "lon" and second[1] != "lon") or (second[1] == "lat" and first[1] is None):
        first, second = second, first
    if first[1] == second[1] and first[1] is not None:  # two latitudes or two longitudes
        return None
    return first[0], second[0]


def _split_at_hemispheres(folded: str) -> list[str] | None:
    """Split "N35°39'29" E139°44'28"" or "35°39'29"N 139°44'28"E" (spaces inside each half)."""
    letters = [index for index, char in enumerate(folded) if char in "NSEWnsew"]
    if len(letters) != 2:
        return None
    if letters[0] == 0:  # letters lead each half
        return [folded[: letters[1]], folded[letters[1] :]]
    if letters[1] == len(folded) - 1:  # letters end each half
        return [folded[: letters[0] + 1], folded[letters[0] + 1 :]]
    return None


def in_japan(lat: float, lon: float) -> bool:
    """Inside Japan's bounding box (lat 20–46, lon 122–154; see the module docstring)."""
    return 20.0 <= lat <= 46.0 and 122.0 <= lon <= 154.0


def fix_swapped(lat: float, lon: float) -> tuple[float, float, bool]:
    """(lat, lon, swapped): swapped when only the swapped pair falls inside Japan."""
    if not in_japan(lat, lon) and in_japan(lon, lat):
        return lon, lat, True
    return lat, lon, False
