"""Width folding and trimming for Japanese cells.

No blanket NFKC: NFKC also rewrites characters people mean literally (① → 1, ㈱ → (株),
Ⅱ → II, ㎡ → m2), so only two ranges are folded, each with a str.translate table:

* full-width ASCII (U+FF01–U+FF5E: Ａ１（ ～ …) → ASCII, because typed columns expect ASCII;
* half-width katakana (U+FF61–U+FF9F: ｶﾞ ｰ ｡ …) → full-width, because half-width kana is
  non-conforming in 自治体標準オープンデータセット (`_カナ` columns are 全角カナ).

The ideographic space U+3000 is kept inside text (山田　太郎 is written that way on purpose) and
trimmed only at the ends.
"""

from __future__ import annotations

import re
import unicodedata

# Full-width ASCII block U+FF01..U+FF5E maps to U+0021..U+007E by a fixed offset.
ASCII_FOLD: dict[int, int] = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
DIGIT_FOLD: dict[int, int] = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)}

# Half-width katakana → full-width, derived from Unicode's own compatibility mappings (NFKC of
# each single character) rather than a hand-typed table. The voicing marks ﾞ/ﾟ map to the
# combining marks here; _combine_voicing() joins them with the preceding kana.
_COMBINING_VOICED = "\u3099"
_COMBINING_SEMI_VOICED = "\u309a"
_HALF_KANA_FOLD: dict[int, str] = {
    code: unicodedata.normalize("NFKC", chr(code)) for code in range(0xFF61, 0xFFA0)
}
_VOICED_PAIRS: dict[str, str] = {}
for _full in set(_HALF_KANA_FOLD.values()):
    for _mark in (_COMBINING_VOICED, _COMBINING_SEMI_VOICED):
        _composed = unicodedata.normalize("NFC", _full + _mark)
        if len(_composed) == 1:
            _VOICED_PAIRS[_full + _mark] = _composed
# A mark with nothing to combine with becomes the spacing form (゛ ゜), never a lone combiner.
_LONE_MARKS = {_COMBINING_VOICED: "\u309b", _COMBINING_SEMI_VOICED: "\u309c"}
_VOICING_RE = re.compile(f"(.?)([{_COMBINING_VOICED}{_COMBINING_SEMI_VOICED}])", re.DOTALL)


# Trimmed at both ends: Unicode whitespace (which includes U+3000 and NBSP) plus the invisible
# characters spreadsheets leave behind (BOM inside a cell, zero-width space).
SPACES = " \t\r\n\v\f\u3000\u00a0\ufeff\u200b\u2028\u2029"
_LINE_BREAKS = ("\n", "\r", "\u2028", "\u2029", "\x85", "\v")

_URL_RE = re.compile(
    r"https?://"
    r"(?:[^\s/?#@]+@)?"  # userinfo
    r"(?:[^\s/?#:@.]+\.)*[^\s/?#:@.]+"  # host: dot-separated labels, IDN allowed
    r"(?::\d{1,5})?"
    r"(?:[/?#][^\s]*)?",
    re.IGNORECASE,
)


def ascii_regex(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """re.compile with re.ASCII. Cells are width-folded first, so only ASCII digits are digits:
    without the flag \\d would also accept Arabic-Indic or Devanagari digits."""
    return re.compile(pattern, flags | re.ASCII)


def _combine_voicing(match: re.Match[str]) -> str:
    pair = match.group(1) + match.group(2)
    composed = _VOICED_PAIRS.get(pair)
    if composed is not None:
        return composed
    return match.group(1) + _LONE_MARKS[match.group(2)]


# Runs of full-width ASCII (～ excluded: in Japanese it is the wave dash of 9:00～17:00).
_FULLWIDTH_RUN = re.compile("[\uff01-\uff5d]+")
_FULLWIDTH_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def _fold_run(match: re.Match[str]) -> str:
    run = match.group(0)
    return run.translate(ASCII_FOLD) if _FULLWIDTH_ALNUM.search(run) else run


def normalize_text(text: str) -> str:
    """Trim, fold full-width letters and digits to ASCII, half-width katakana to full-width.

    Full-width punctuation is folded only inside runs that hold letters or digits
    (８：００ → 8:00, ｉｎｆｏ＠ｃｉｔｙ．ｊｐ → info@city.jp): standing alone, （株） and
    「：」 are ordinary Japanese punctuation and stay as written.
    """
    text = text.strip(SPACES)
    if text.isascii():
        return text
    if _FULLWIDTH_ALNUM.search(text):
        text = _FULLWIDTH_RUN.sub(_fold_run, text)
    text = text.translate(_HALF_KANA_FOLD)
    if _COMBINING_VOICED in text or _COMBINING_SEMI_VOICED in text:
        text = _VOICING_RE.sub(_combine_voicing, text)
    return text


def to_halfwidth_ascii(text: str) -> str:
    """Full-width ASCII (Ａ１（) → ASCII; everything else untouched."""
    return text if text.isascii() else text.translate(ASCII_FOLD)


def to_halfwidth_digits(text: str) -> str:
    """Full-width digits ０–９ → 0–9; everything else untouched."""
    return text if text.isascii() else text.translate(DIGIT_FOLD)


def has_line_break(text: str) -> bool:
    """True when the cell holds a line break anywhere (DA rule L1-14: one record per line)."""
    return any(brk in text for brk in _LINE_BREAKS)


def normalize_url(text: str) -> str:
    """Trim and fold full-width ASCII (ｈｔｔｐｓ：／／…); the scheme is lower-cased."""
    text = to_halfwidth_ascii(text.strip(SPACES))
    scheme, sep, rest = text.partition("://")
    if sep and scheme.isascii() and scheme.isalpha():
        return scheme.lower() + sep + rest
    return text


def is_url(text: str) -> bool:
    """True for an http(s) URL with a host, after normalize_url."""
    return _URL_RE.fullmatch(normalize_url(text)) is not None
