"""Flag cells (対応あり/なし, 有無). The standard writes yes as ``1`` and no as an empty cell
(sheet 03: 「対応あり：1、対応なし：空文字」); 有/無 is the vocabulary of 有無 items.

Decision: :func:`parse_flag` returns True for yes, False for no (an empty cell is a no, as the
standard says), and None for a token it does not know, so "unknown token" and "empty" never
look alike. △ (partly/conditionally, seen in 高松市 files) is deliberately unknown: it is
neither yes nor no, and the publisher has to decide.
"""

from __future__ import annotations

from hiraku.jp.text import ASCII_FOLD, SPACES

TRUE_TOKENS = frozenset(
    {"1", "○", "〇", "◯", "●", "◎", "有", "有り", "あり", "アリ", "はい", "可", "対応", "済"}
    | {"true", "t", "yes", "y", "on"}
)
FALSE_TOKENS = frozenset(
    {"", "0", "無", "無し", "なし", "ナシ", "×", "✕", "✖", "いいえ", "不可", "-", "－", "ー", "―"}
    | {"false", "f", "no", "n", "off"}
)


def _fold(text: str) -> str:
    text = text.strip(SPACES)
    if text.isascii():
        return text.lower()
    return text.translate(ASCII_FOLD).lower()


def parse_flag(text: str) -> bool | None:
    """True (1 ○ 有 あり はい true yes), False (empty 0 無 なし × - false no), None if unknown."""
    token = _fold(text)
    if token in TRUE_TOKENS:
        return True
    if token in FALSE_TOKENS:
        return False
    return None


def to_standard_flag(text: str) -> str | None:
    """The cell as the standard writes it: '1' or '' (None when the token is unknown)."""
    flag = parse_flag(text)
    return None if flag is None else ("1" if flag else "")
