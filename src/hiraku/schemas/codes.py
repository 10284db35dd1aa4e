"""Every problem the standard-dataset validator reports: a stable code, its meaning in Japanese
and English, and how its severity is decided. README.md lists the same table (a test checks).

Severity rules (``severity`` below):

* ``error`` / ``warning`` / ``info``: always that.
* ``level``: the column's ``x-hiraku-severity`` – an error only where the standard's sheet was
  transcribed (level provenance A); where the level is only inferred, a warning.
* ``column``: an error in a column that carries one of the common rules (``COMMON_RULES``:
  a coordinate that is no number), otherwise the column's ``x-hiraku-severity``.
* ``header``: decided by header matching (``headers.py``): legacy names read in a legacy file
  are info, misspellings warn, a missing required column takes the column's severity.

The common rules of the standard (dates, times, coordinates, codes with check digits, phone
numbers, flags, one record per line) are errors whatever the column's level: the level says
whether a value must be there, not how a value that is there may be written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SeverityRule = Literal["error", "warning", "info", "level", "column", "header"]
Scope = Literal["file", "header", "row"]


@dataclass(frozen=True)
class Code:
    scope: Scope
    severity: SeverityRule
    meaning_ja: str
    meaning_en: str


CODES: dict[str, Code] = {
    # --- the file as a whole -----------------------------------------------------------
    "no-standard": Code(
        "file",
        "info",
        "どの標準データセットにも当てはまりません（近い候補と一致度を示します）。",
        "The file follows no standard dataset (the closest candidates and scores are listed).",
    ),
    "schema-mismatch": Code(
        "file",
        "error",
        "指定した標準データセットと見出し行が合いません（一致度が0.5未満）。",
        "The header row does not follow the standard given with --schema (score below 0.5).",
    ),
    "legacy-layout": Code(
        "file",
        "warning",
        "旧「推奨データセット」の列構成です（--fix で現行の列構成にできます）。",
        "The file uses the legacy 推奨データセット layout (--fix converts it).",
    ),
    "english-layout": Code(
        "file",
        "warning",
        "英語の列名（LinkData 形式）です（--fix で現行の列構成にできます）。",
        "The file uses English (LinkData) column names (--fix converts them).",
    ),
    # --- the header row ----------------------------------------------------------------
    "header-variant": Code(
        "header",
        "header",
        "列名の書き方が標準と違います（全角・半角、誤字、旧列名など）。",
        "A column name is spelt differently from the standard (width, typo, legacy name…).",
    ),
    "extra-column": Code(
        "header",
        "info",
        "標準にない独自の列です（そのまま残します）。",
        "A local column the standard does not define (kept as it is).",
    ),
    "blank-header": Code("header", "warning", "列名が空です。", "A column has no name."),
    "missing-column": Code(
        "header",
        "header",
        "標準の列がありません（必須の列はその列の重大度、推奨の列は情報）。",
        "A standard column is missing (required: the column's severity; recommended: info).",
    ),
    "column-order": Code(
        "header",
        "warning",
        "列の順序が標準と違います。",
        "A column is out of the standard order.",
    ),
    "duplicate-column": Code(
        "header",
        "warning",
        "同じ列が二度あります（--fix は最初の空でない値を使います）。",
        "The same column appears twice (--fix keeps the first non-empty value).",
    ),
    # --- values: presence and type -----------------------------------------------------
    "required-missing": Code(
        "row",
        "level",
        "必須の項目が空です。",
        "A required value is empty.",
    ),
    "type": Code(
        "row",
        "column",
        "数値の列に数値でない値があります（緯度・経度ではエラー）。",
        "A number column holds something that is not a number (an error for coordinates).",
    ),
    "fullwidth": Code(
        "row",
        "column",
        "数値が全角で書かれています（半角にします）。",
        "A number is written with full-width digits (made half-width).",
    ),
    "whitespace": Code(
        "row",
        "warning",
        "数値の前後に空白があるか、セルが空白だけです（取り除きます）。",
        "A number has spaces around it, or a cell holds only spaces (trimmed).",
    ),
    "out-of-range": Code(
        "row",
        "column",
        "値が許される範囲（最小値・最大値）の外です。",
        "A value is outside the allowed minimum/maximum.",
    ),
    "pattern": Code(
        "row",
        "column",
        "値が列の形式（半角英数字、町字IDの7桁など）に合いません。",
        "A value does not have the column's form (half-width letters and digits, "
        "7-digit town ID…).",
    ),
    "enum": Code(
        "row",
        "column",
        "決められた語彙（有/無、種別など）にない値です（語彙が拡張されている列では警告）。",
        "A value outside the column's vocabulary (有/無, kinds…); a warning where the "
        "vocabulary is known to be extended.",
    ),
    # --- values: the common rules (共通ルール) ------------------------------------------
    "format-date": Code(
        "row",
        "error",
        "日付が YYYY-MM-DD で書かれていません（和暦などは西暦に直せます）。",
        "A date is not written YYYY-MM-DD (era dates and other forms can be converted).",
    ),
    "format-time": Code(
        "row",
        "error",
        "時刻が hh:mm（24時間制、24:00 可）で書かれていません。",
        "A time is not written hh:mm (24-hour clock, 24:00 allowed).",
    ),
    "lgcode-format": Code(
        "row",
        "error",
        "全国地方公共団体コードが6桁の半角数字ではありません（5桁には検査数字を補えます）。",
        "A local government code is not six half-width digits (a 5-digit code gets its check "
        "digit added).",
    ),
    "lgcode-check-digit": Code(
        "row",
        "error",
        "全国地方公共団体コードの検査数字が合いません。",
        "A local government code has a wrong check digit.",
    ),
    "corporate-number-format": Code(
        "row",
        "error",
        "法人番号が13桁の半角数字ではありません。",
        "A corporate number is not thirteen half-width digits.",
    ),
    "corporate-number-check-digit": Code(
        "row",
        "error",
        "法人番号の検査数字（先頭の1桁）が合いません。",
        "A corporate number has a wrong check digit (its first digit).",
    ),
    "postal-code": Code(
        "row",
        "error",
        "郵便番号がハイフンなしの半角7桁ではありません。",
        "A postal code is not seven half-width digits without a hyphen.",
    ),
    "phone": Code(
        "row",
        "error",
        "電話番号が標準の形（054-626-1139 や (054)626-1139、半角）ではありません。",
        "A phone number is not in the standard form (054-626-1139 or (054)626-1139, half-width).",
    ),
    "lat-out-of-range": Code(
        "row",
        "error",
        "緯度が日本の範囲（20〜46度）の外です。",
        "A latitude is outside Japan (20 to 46 degrees).",
    ),
    "lon-out-of-range": Code(
        "row",
        "error",
        "経度が日本の範囲（122〜154度）の外です。",
        "A longitude is outside Japan (122 to 154 degrees).",
    ),
    "latlon-swapped": Code(
        "row",
        "error",
        "緯度と経度が入れ替わっています。",
        "Latitude and longitude are swapped.",
    ),
    "cell-split": Code(
        "row",
        "error",
        "1つのセルに入った値（緯度・経度など）を標準の列に分けられません。",
        "A cell holding several values (latitude and longitude…) cannot be split into the "
        "standard's columns.",
    ),
    "flag": Code(
        "row",
        "error",
        "フラグが「1」か空欄で書かれていません（○・有は1に、無は空欄にできます）。",
        "A flag is not written '1' or empty (○ and 有 become 1, 無 becomes empty).",
    ),
    "multi-value": Code(
        "row",
        "warning",
        "複数の値が半角セミコロン「;」以外で区切られています。",
        "Several values are separated by something other than a half-width semicolon ';'.",
    ),
    "katakana": Code(
        "row",
        "column",
        "読み（カナ）が全角カタカナで書かれていません。",
        "A reading is not written in full-width katakana.",
    ),
    "weekdays": Code(
        "row",
        "column",
        "曜日が「月火水木金」のように続けて書かれていません。",
        "Weekdays are not written run together like 月火水木金.",
    ),
    "url": Code("row", "column", "URL ではありません。", "Not a URL."),
    "email": Code("row", "column", "メールアドレスではありません。", "Not an e-mail address."),
    "line-break": Code(
        "row",
        "error",
        "セルの中に改行があります（1件は1行に。--fix は空白に置き換えます）。",
        "A cell holds a line break (one record per line; --fix replaces it with a space).",
    ),
}

SEVERITIES = ("error", "warning", "info")
# x-hiraku-rule values that are common rules of the standard (README "Rules"): breaking one is
# an error in any column that carries it.
COMMON_RULES = frozenset(
    {
        "lgcode",
        "corporate-number",
        "postal-code",
        "phone",
        "latitude",
        "longitude",
        "date",
        "time",
        "flag",
    }
)


def severity_for(code: str, column_severity: str = "warning", rule: str | None = None) -> str:
    """The severity of a problem with ``code`` in a column of ``column_severity`` and ``rule``."""
    kind = CODES[code].severity
    if kind == "column" and rule in COMMON_RULES:
        return "error"
    if kind in ("level", "column", "header"):
        return column_severity
    return kind


@dataclass(frozen=True)
class Problem:
    """One finding of the validator. ``row`` is the line in the file (header row = 1 in a
    plain CSV); ``column`` the header as the file writes it; ``field`` the standard's name;
    ``fix`` the mended value (a cell or a header name) when the mend is mechanical;
    ``fixable`` whether ``--fix`` mends it (some mends, like column order, have no value)."""

    code: str
    severity: str
    message_ja: str
    message_en: str
    row: int | None = None
    column: str | None = None
    field: str | None = None
    value: str | None = None
    fix: str | None = None
    fixable: bool = False

    def __post_init__(self) -> None:
        if self.code not in CODES:  # every code must be documented; see README.md
            raise ValueError(f"undocumented problem code {self.code!r}")

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "code": self.code,
            "severity": self.severity,
            "row": self.row,
            "column": self.column,
            "field": self.field,
            "value": self.value,
            "message_ja": self.message_ja,
            "message_en": self.message_en,
            "fixable": self.fixable,
        }
        if self.fix is not None:
            data["fix"] = self.fix
        return data
