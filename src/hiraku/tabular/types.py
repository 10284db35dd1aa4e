"""The column types a table is loaded with, their names in Japanese and English, and what a
header says about its column."""

from __future__ import annotations

import re
from typing import NamedTuple

TYPES = ("integer", "number", "date", "datetime", "time", "boolean", "text")

TYPE_NAMES: dict[str, tuple[str, str]] = {
    "integer": ("整数", "integers"),
    "number": ("数値", "numbers"),
    "date": ("日付", "dates"),
    "datetime": ("日時", "dates with times"),
    "time": ("時刻", "times"),
    "boolean": ("真偽値", "true/false values"),
    "text": ("文字列", "text"),
}


class Bilingual(NamedTuple):
    """A message parameter with a Japanese and an English form: ``{type:ja}`` / ``{type:en}``.

    One placeholder name serves both templates, so the catalog's rule "same placeholders in
    both languages" holds for words that must be translated too.
    """

    ja: str
    en: str

    def __format__(self, spec: str) -> str:
        return self.ja if spec == "ja" else self.en


def type_label(type_: str) -> Bilingual:
    return Bilingual(*TYPE_NAMES[type_])


# Headers that name codes and identifiers: their digits are labels, not quantities, so the
# column stays text (leading zeros of 全国地方公共団体コード or 町字ID must survive).
_CODE_HEADER = re.compile(
    r"コード|番号|ＩＤ|^ID$|_ID$|ID$|^NO$|^No\.?$|^ＮＯ$|郵便|〒|電話|TEL|ＴＥＬ|FAX|ＦＡＸ|内線|SSID|"
    r"code|Code|CODE|identification|number$|Number$|phone|Phone|zip|Zip",
)
# 緯度, 緯度（世界測地系）, 所在地_緯度, latitude: the word itself, maybe qualified.
_QUALIFIER = r"(?:\s*[(（\[［].*[)）\]］])?"
_LATITUDE_HEADER = re.compile(
    rf"^(?:.*_)?(?:緯度|lat|latitude|Latitude|LAT|Lat|LATITUDE|北緯){_QUALIFIER}$"
)
_LONGITUDE_HEADER = re.compile(
    rf"^(?:.*_)?(?:経度|lon|lng|long|longitude|Longitude|LON|Lon|LNG|LONGITUDE|東経){_QUALIFIER}$"
)
_PHONE_HEADER = re.compile(r"電話|TEL|ＴＥＬ|FAX|ＦＡＸ|phone|Phone|tel$|Tel$")
_LGCODE_HEADER = re.compile(
    r"全国地方公共団体コード|市区町村コード|団体コード|都道府県コード又は市区町村コード|prefCode|lgCode"
)
_URL_HEADER = re.compile(r"URL|ＵＲＬ|url|ホームページ|ウェブサイト|website|Website")


# Look-alikes of the long vowel mark seen in real headers (コ―ド with U+2015).
_DASHES = str.maketrans({c: "ー" for c in "\u2010\u2012\u2013\u2014\u2015\u2212\uff0d\uff70"})


def header_role(header: str) -> str | None:
    """What a header says its column is: 'lgcode', 'phone', 'url', 'latitude', 'longitude',
    'code' (any other identifier), or None."""
    name = header.strip().translate(_DASHES)
    if _LGCODE_HEADER.search(name):
        return "lgcode"
    if _LATITUDE_HEADER.search(name):
        return "latitude"
    if _LONGITUDE_HEADER.search(name):
        return "longitude"
    if _PHONE_HEADER.search(name):
        return "phone"
    if _URL_HEADER.search(name):
        return "url"
    if _CODE_HEADER.search(name):
        return "code"
    return None
