"""Header folding: the comparison key that lets real-world header spellings meet the standard's.

Each tolerated difference is one named step, so a match can say *why* two spellings met
(全角/半角, a look-alike dash, a leading number…). The kinds are reported to the uploader.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

# Publishers type the long-vowel mark, hyphens and dashes interchangeably (焼津市 wrote
# 都道府県コ―ド with U+2015), so they compare as one character.
_DASHES = "ー－-‐‑‒–—―−﹣─━ｰ"
_TILDES = "〜～∼"
_CIRCLES = "○〇◯"
_DOTS = "・･·•‧"
_LOOKALIKES = str.maketrans(
    {
        **dict.fromkeys(_DASHES, "-"),
        **dict.fromkeys(_TILDES, "~"),
        **dict.fromkeys(_CIRCLES, "○"),
        **dict.fromkeys(_DOTS, "・"),
    }
)
# Separators that carry no meaning in a column name: `_` vs `＿` vs nothing, and brackets
# (男性トイレ数（和式） vs 男性トイレ数_和式 vs 建物名等_方書).
_SEPARATORS = re.compile(r"[_＿()（）\[\]［］【】「」〔〕.．]")
_INVISIBLE = re.compile(r"[\s\u200b-\u200d\u2060\ufeff]")
_NUMBERING = re.compile(
    r"^\s*(?:[(（]\s*[0-9０-９]{1,3}\s*[)）]"
    r"|[0-9０-９]{1,3}\s*[.．、,，)）:：_＿]"
    # "1 名称" is numbered, "85 歳以上の女性" a quantity with a stray space: a counter word
    # after the number means the number belongs to the name.
    r"|[0-9０-９]{1,3}\s+(?=[^\W\d_])(?![歳才人年月件時分円階])"
    r"|[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf])\s*"
)
# Misspellings seen in published headers (所在地_連結標記, 男女共同トイレ数, iamgeLicense) and
# orthographic variants of one word (車いす / 車イス / 車椅子).
_TYPOS = (
    (re.compile("標記"), "表記"),
    (re.compile("男女共同"), "男女共用"),
    (re.compile("車いす|車イス|車ｲｽ"), "車椅子"),
    (re.compile("iamge", re.IGNORECASE), "image"),
)


def _strip_numbering(text: str) -> str:
    stripped = _NUMBERING.sub("", text, count=1)
    return stripped if stripped.strip() else text


def _fix_typos(text: str) -> str:
    for pattern, replacement in _TYPOS:
        text = pattern.sub(replacement, text)
    return text


# Applied in this order; the order matters (numbering is read before spaces are dropped).
STEPS: dict[str, Callable[[str], str]] = {
    "numbered": _strip_numbering,
    "whitespace": lambda text: _INVISIBLE.sub("", text),
    "width": lambda text: unicodedata.normalize("NFKC", text),
    "case": str.casefold,
    "lookalike": lambda text: text.translate(_LOOKALIKES),
    "underscore": lambda text: _SEPARATORS.sub("", text),
    "typo": _fix_typos,
}
# When two explanations are equally small, name the plainer one (全角括弧 is "width", not
# "underscore", although dropping brackets would also explain it).
PREFERENCE = ("whitespace", "width", "case", "lookalike", "numbered", "underscore", "typo")
ALL_STEPS = frozenset(STEPS)


@lru_cache(maxsize=65536)
def fold_with(header: str, steps: frozenset[str]) -> str:
    """``header`` with only the named folding steps applied."""
    for name, step in STEPS.items():
        if name in steps:
            header = step(header)
    return header


def fold_header(header: str) -> str:
    """The canonical comparison key of a column name (every tolerated difference folded)."""
    return fold_with(header, ALL_STEPS)


@lru_cache(maxsize=65536)
def variant_kinds(original: str, canonical: str) -> tuple[str, ...] | None:
    """The smallest set of folding kinds that makes ``original`` read as ``canonical``.

    ``()`` when they are identical, ``None`` when no folding makes them meet.
    """
    if original == canonical:
        return ()
    for size in range(1, len(PREFERENCE) + 1):
        for kinds in itertools.combinations(PREFERENCE, size):
            chosen = frozenset(kinds)
            if fold_with(original, chosen) == fold_with(canonical, chosen):
                return kinds
    return None
