"""Which columns of a table hold its location, and the point each row gives.

Found by label alone, so the answer is known before any row is read:
- a latitude and a longitude column: 緯度/経度, 北緯/東経, lat/latitude, lon/lng/longitude
  (also inside longer labels: 緯度（世界測地系）, 施設_緯度, geoLat); when several qualify, the
  pair whose labels match around the word wins (緯度（世界測地系） with 経度（世界測地系）), and
  the World Geodetic System beats the old Tokyo datum (日本測地系);
- else one text column holding both: 緯度経度, 経緯度, lat,lon, latlng, or a label such as
  座標 / 位置情報 / location / geometry, whose cells read "34.34,134.05", WKT POINT(lon lat)
  or a GeoJSON Point.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from hiraku.jp.geo import in_japan, parse_coordinate, parse_latlon_pair

_LAT_WORDS = ("緯度", "北緯")
_LON_WORDS = ("経度", "東経")
_BOTH_WORDS = ("経緯度", "緯経度")
_LAT_TOKENS = {"lat", "latitude", "ido"}  # ido/keido: romanized 緯度/経度
_LON_TOKENS = {"lon", "lng", "longitude", "keido"}
_LAT_LON_TOKENS = {"latlon", "latlng", "latlong"}
_LON_LAT_TOKENS = {"lonlat", "lnglat"}
_ONE_CELL_LABELS = {
    "座標", "位置座標", "位置情報", "地点座標", "location", "coordinates", "coordinate",
    "coords", "geolocation", "point", "geometry", "geom", "the_geom", "wkt", "geojson",
}  # fmt: skip
_TOKYO_DATUM = ("日本測地系", "旧測地系", "tokyo")
_PAIR_TYPES = {"number", "integer", "text"}
_BRACKETED = re.compile(r"[(\[【〔<《].*?[)\]】〕>》]")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_TOKEN = re.compile(r"[a-z]+")
_MAX_GEOJSON = 1000  # a Point is ~60 characters; anything longer is not one


@dataclass(frozen=True)
class _Label:
    text: str  # NFKC, camelCase split, case-folded
    tokens: list[tuple[str, int]]  # ASCII words and where they start

    @classmethod
    def of(cls, label: str) -> _Label:
        text = _CAMEL.sub(" ", unicodedata.normalize("NFKC", label)).casefold()
        return cls(text, [(m.group(), m.start()) for m in _TOKEN.finditer(text)])

    def find(self, words: Sequence[str], tokens: set[str]) -> tuple[int, str] | None:
        """(position, word) of the first of ``words`` or ``tokens`` in the label."""
        hits = [(self.text.find(word), word) for word in words if word in self.text]
        hits += [(start, token) for token, start in self.tokens if token in tokens]
        return min(hits) if hits else None

    def around(self, word: str) -> str:
        """The label with ``word`` blanked: equal for 緯度（世界測地系） and 経度（世界測地系）."""
        return self.text.replace(word, "\0", 1)

    @property
    def core(self) -> str:
        return _BRACKETED.sub("", self.text).strip(" _-・:")


@dataclass(frozen=True)
class CoordinateColumns:
    """Positions (in ``fields`` and in each row) of the location columns."""

    latitude: int | None = None
    longitude: int | None = None
    combined: int | None = None  # one column holding both
    lon_first: bool = False  # the combined column's label puts longitude first (経度緯度)

    @property
    def positions(self) -> frozenset[int]:
        return frozenset(p for p in (self.latitude, self.longitude, self.combined) if p is not None)

    def point(self, row: Sequence[Any]) -> tuple[float, float] | None:
        """(lat, lon) of a row, or None when it has none or it lies outside Japan."""
        pair = None
        if self.combined is not None:
            pair = _one_cell_point(row[self.combined], self.lon_first)
        elif self.latitude is not None and self.longitude is not None:
            lat, lon = _degrees(row[self.latitude]), _degrees(row[self.longitude])
            pair = None if lat is None or lon is None else (lat, lon)
        return pair if pair is not None and in_japan(*pair) else None


def coordinates(fields: Sequence[dict[str, Any]]) -> CoordinateColumns | None:
    """The table's location columns, or None when it has none."""
    labels = [_Label.of(str(f.get("label") or f["name"])) for f in fields]
    latitudes: list[tuple[int, int, str]] = []  # (datum rank, position, word)
    longitudes: list[tuple[int, int, str]] = []
    combined: list[tuple[int, int, bool]] = []  # (rank, position, lon_first)
    for position, (field, label) in enumerate(zip(fields, labels, strict=True)):
        lat = label.find(_LAT_WORDS, _LAT_TOKENS)
        lon = label.find(_LON_WORDS, _LON_TOKENS)
        if lon is None and label.tokens == [("long", 0)]:
            lon = (0, "long")
        rank = int(any(word in label.text for word in _TOKYO_DATUM))
        both = label.find(_BOTH_WORDS, _LAT_LON_TOKENS | _LON_LAT_TOKENS)
        if field["type"] == "text" and (both or (lat and lon)):
            lon_first = (both is not None and both[1] in _LON_LAT_TOKENS) or bool(
                both is None and lat and lon and lon[0] < lat[0]
            )
            combined.append((rank, position, lon_first))
        elif field["type"] in _PAIR_TYPES and lat and not lon and not both:
            latitudes.append((rank, position, lat[1]))
        elif field["type"] in _PAIR_TYPES and lon and not lat and not both:
            longitudes.append((rank, position, lon[1]))
        elif field["type"] == "text" and label.core in _ONE_CELL_LABELS:
            combined.append((rank + 2, position, False))  # generic words come after 緯度経度
    pair = _best_pair(sorted(latitudes), sorted(longitudes), labels)
    if pair is not None:
        return CoordinateColumns(latitude=pair[0], longitude=pair[1])
    if combined:
        _, position, lon_first = min(combined)
        return CoordinateColumns(combined=position, lon_first=lon_first)
    return None


def _best_pair(
    latitudes: list[tuple[int, int, str]],
    longitudes: list[tuple[int, int, str]],
    labels: Sequence[_Label],
) -> tuple[int, int] | None:
    if not latitudes or not longitudes:
        return None
    for _, lat, lat_word in latitudes:
        around = labels[lat].around(lat_word)
        for _, lon, lon_word in longitudes:
            if labels[lon].around(lon_word) == around:
                return lat, lon
    return latitudes[0][1], longitudes[0][1]


def _degrees(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        number = float(value)
        return number if math.isfinite(number) else None
    return parse_coordinate(str(value))


def _one_cell_point(value: Any, lon_first: bool) -> tuple[float, float] | None:
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text.startswith("{"):
        return _geojson_point(text)
    pair = parse_latlon_pair(text)
    # Only bare numbers follow the label's order; WKT and N/E-marked cells say their own.
    if (
        pair is not None
        and lon_first
        and not text[:5].upper().startswith("POINT")
        and not any(mark in text for mark in "NSEWnsew緯経")
    ):
        return pair[1], pair[0]
    return pair


def _geojson_point(text: str) -> tuple[float, float] | None:
    if len(text) > _MAX_GEOJSON:
        return None
    try:
        geometry = json.loads(text)
    except ValueError:
        return None
    if isinstance(geometry, dict) and geometry.get("type") == "Feature":
        geometry = geometry.get("geometry")
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        return None
    position = geometry.get("coordinates")
    if not isinstance(position, list) or len(position) < 2:
        return None
    lon, lat = (_degrees(v) if not isinstance(v, str) else None for v in position[:2])
    return None if lat is None or lon is None else (lat, lon)
