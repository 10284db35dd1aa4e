"""Index tokens for Japanese search: one tokenizer for documents and queries alike.

Japanese has no spaces and many key words have two characters (公園, 人口, 保育), so text is
folded and cut into overlapping character bigrams; Latin words and numbers stay whole; and,
when SudachiPy is installed, the dictionary-normalized form of every word follows, so that
子供 / 子ども / こども, 附属 / 付属 and シュミレーション / シミュレーション meet.

A document's tokens, in order (positions matter for phrases):

1. the *surface stream*: for each CJK run its bigrams and then its last character alone
   (``中央公園`` → ``中央 央公 公園 園``), and for each Latin/number word the word itself,
   joined where it has an inner ``-``, ``.`` or ``'`` (``Wi-Fi`` → ``wifi``, ``PM2.5`` →
   ``pm25``), so that Wi-Fi, WiFi and wifi are one token;
2. the *parts stream*: the pieces of those joined words (``wi fi``, ``pm2 5``), so that
   ``covid`` still finds COVID-19; kept apart so the surface stream stays one token per word;
3. the *normalized stream*: Sudachi mode A ``normalized_form`` of every word that is not a
   symbol, folded the same way (``子ども食堂`` → ``子供 食堂``).

The run-final unigram costs one token per run, not one per character, yet every character
starts exactly one token, so a one-character query (駅) is an FTS prefix query (``"駅"*``)
that finds every occurrence. Tokens contain letters and digits only, so FTS5's ``unicode61``
tokenizer and PostgreSQL's tsvector keep each one whole.

Measured on tests/search/data (124 datasets, 137 queries; recall@10 / MRR): bigrams alone
0.900 / 0.916; + kana folding 0.923 / 0.934; + Sudachi 0.989 / 0.993 for 56 % more tokens.
Run-end unigrams add 25 % tokens and nothing on that set: they are for a character that
only ever ends a run (橋 in 中央橋), which a prefix query alone would miss.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

# _sudachi_tokenizer is looked up here by normalized_tokens, so tests can switch it off;
# analyzer_available is re-exported.
from hiraku.search.analyzer import analyzable_chunks, analyze
from hiraku.search.analyzer import analyzer_available as analyzer_available
from hiraku.search.analyzer import sudachi_tokenizer as _sudachi_tokenizer

MAX_TOKEN_CHARS = 64
# PostgreSQL stores positions up to 16383 and at most 256 positions per lexeme.
_PG_MAX_POSITION = 16383
_PG_MAX_POSITIONS_PER_LEXEME = 256

_WORD_JOINERS = frozenset("-‐.'’")
_HYPHENS = frozenset("-‐‑‒–—―−~〜")  # typed where ー was meant: コンピュ－タ
_LONG_VOWEL = "ー"
_ITERATION_MARKS = frozenset("々〻")
_SMALL_KATAKANA = {"ヵ": "か", "ヶ": "け"}
# Letters in Python's Unicode tables that SQLite 3.40's unicode61 still treats as marks
# (New Tai Lue vowels, two Vedic signs): inside a word they would split the token.
_UNICODE61_MARKS = frozenset(chr(c) for c in (*range(0x19B0, 0x19CA), 0x1CF2, 0x1CF3))
_SKIPPED_POS = frozenset({"補助記号", "空白"})
# Bounded, so that hostile input cycling through all of Unicode cannot grow it without end.
_per_character = lru_cache(maxsize=16384)


class Token(NamedTuple):
    """An index token and where it came from in the original (unfolded) text."""

    text: str
    start: int
    end: int
    head_end: int  # end of its first character: a prefix match highlights only that


@dataclass(frozen=True, slots=True)
class Streams:
    surface: list[Token]
    parts: list[Token]
    normalized: list[Token]


@dataclass(frozen=True, slots=True)
class Folded:
    """Folded text that remembers where each character came from."""

    text: str
    spans: list[tuple[int, int]]  # per character: its source span in the original text


@_per_character  # called for every character; texts repeat a small alphabet
def _is_han(char: str) -> bool:
    code = ord(char)
    return (
        0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3FFFF
        or char in "々〆〇〻"
    )


@_per_character
def _is_katakana(char: str) -> bool:
    return "ァ" <= char <= "ヺ" or "ー" <= char <= "ヿ" or "ㇰ" <= char <= "ㇿ"


@_per_character
def _is_cjk(char: str) -> bool:
    return _is_han(char) or "ぁ" <= char <= "ゖ" or "ゝ" <= char <= "ゟ" or _is_katakana(char)


@_per_character
def _is_word_char(char: str) -> bool:
    return unicodedata.category(char)[0] in "LN" and char not in _UNICODE61_MARKS


@_per_character
def _is_mark(char: str) -> bool:
    return unicodedata.category(char)[0] == "M" or char in _UNICODE61_MARKS


@_per_character
def _starts_group(char: str) -> bool:
    # Half-width ﾞ/ﾟ and combining marks compose with the character before them under NFKC,
    # so they are normalized together with it (ｶﾞ → ガ); everything else alone, which keeps a
    # source span for every output character.
    normalized = unicodedata.normalize("NFKC", char)
    return not normalized or unicodedata.combining(normalized[0]) == 0


@_per_character
def _nfkc_casefold_group(chars: str) -> str:
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", chars).casefold())


def _nfkc_casefold(text: str) -> Folded:
    groups: list[tuple[str, int, int]] = []
    for index, char in enumerate(text):
        if "\ud800" <= char <= "\udfff":  # lone surrogates cannot be stored or shown
            continue
        if groups and not _starts_group(char) and groups[-1][2] == index:
            chars, start, _ = groups[-1]
            groups[-1] = (chars + char, start, index + 1)
        else:
            groups.append((char, index, index + 1))
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    for chars, start, end in groups:
        folded = _nfkc_casefold_group(chars)
        out.append(folded)
        spans.extend([(start, end)] * len(folded))
    return Folded("".join(out), spans)


def _repair_long_vowels(source: Folded) -> Folded:
    """A hyphen typed inside a katakana word where ー was meant (コンピュ－タ) becomes ー."""
    text = source.text
    chars = [
        _LONG_VOWEL
        if char in _HYPHENS
        and 0 < index < len(text) - 1
        and _is_katakana(text[index - 1])
        and _is_katakana(text[index + 1])
        else char
        for index, char in enumerate(text)
    ]
    return Folded("".join(chars), source.spans)


def _fold_kana_and_marks(source: Folded, fold_kana: bool) -> Folded:
    """Kana, long vowel and iteration-mark folding; one output character per input or none."""
    text = source.text
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    run_length = 0  # katakana so far in the current katakana run, this character included
    long_vowels = 0  # how many of its last characters are ー
    for index, char in enumerate(text):
        if char in _ITERATION_MARKS and out and _is_han(out[-1]):
            char = out[-1]
        katakana = _is_katakana(char)
        run_length = run_length + 1 if katakana else 0
        long_vowels = long_vowels + 1 if katakana and char == _LONG_VOWEL else 0
        if fold_kana and katakana:
            # JIS style drops a word-final ー (コンピュータ / コンピューター); only after three
            # kana, so that short words (カー, ルー) keep theirs.
            if long_vowels and run_length - long_vowels >= 3 and not _continues(text, index + 1):
                continue
            char = _SMALL_KATAKANA.get(char, char)
            if "ァ" <= char <= "ヶ" or char in "ヽヾ":
                char = chr(ord(char) - 0x60)
        if out and unicodedata.combining(char):
            composed = unicodedata.normalize("NFC", out[-1] + char)
            if len(composed) == 1:  # ヵ゙ became か゛ only now: make it が, as NFKC would
                out[-1] = composed
                spans[-1] = (spans[-1][0], source.spans[index][1])
                continue
        out.append(char)
        spans.append(source.spans[index])
    return Folded("".join(out), spans)


def _continues(text: str, index: int) -> bool:
    """Whether a katakana word goes on after the ー at ``index`` and any more that follow."""
    while index < len(text) and text[index] == _LONG_VOWEL:
        index += 1
    return index < len(text) and _is_katakana(text[index])


def fold(text: str) -> str:
    """NFKC, case folding, katakana → hiragana, word-final ー dropped, 々 spelled out.

    Hiragana is the target because every hiragana letter has a katakana twin but not the
    reverse (ヷ, ㇰ); the folded text is only ever indexed, never shown.
    """
    return _fold(text, fold_kana=True).text


def _fold(text: str, fold_kana: bool) -> Folded:
    return _fold_kana_and_marks(_analyzer_input(text, fold_kana), fold_kana)


def _analyzer_input(text: str, fold_kana: bool) -> Folded:
    """NFKC and case folding, kana untouched: what Sudachi reads, and the first fold stage."""
    folded = _nfkc_casefold(text)
    return _repair_long_vowels(folded) if fold_kana else folded


def _truncate(token: str) -> str:
    return token[:MAX_TOKEN_CHARS]


@dataclass(frozen=True, slots=True)
class Segment:
    """A CJK run or a Latin/number word of the folded text, with its tokens' raw material."""

    kind: str  # "cjk" or "word"
    chars: str
    spans: list[tuple[int, int]]  # per character of ``chars``: source span in the original
    parts: list[tuple[int, int]]  # words: (start, end) of each part between joiners
    start: int  # where the segment lies in the folded text: segments with a gap between them
    end: int  # were separated by punctuation or space


def segments(folded: Folded) -> Iterator[Segment]:
    """CJK runs and Latin/number words of folded text, in order; other characters separate."""
    text, spans = folded.text, folded.spans
    index = 0
    while index < len(text):
        char = text[index]
        if _is_cjk(char):
            end = index
            while end < len(text) and (_is_cjk(text[end]) or _is_mark(text[end])):
                end += 1  # a mark no kana absorbed (ｱﾞ → ア + ゙) is dropped, the run goes on
            kept = [i for i in range(index, end) if not _is_mark(text[i])]
            chars = "".join(text[i] for i in kept)
            yield Segment("cjk", chars, [spans[i] for i in kept], [], index, end)
            index = end
        elif _is_word_char(char):
            index = yield from _word(folded, index)
        else:
            index += 1


def _word(folded: Folded, index: int) -> Iterator[Segment]:
    text = folded.text
    start = index
    chars: list[str] = []
    spans: list[tuple[int, int]] = []
    parts: list[tuple[int, int]] = []
    part_start = 0
    while index < len(text):
        char = text[index]
        if _is_word_char(char) and not _is_cjk(char):
            chars.append(char)
            spans.append(folded.spans[index])
        elif _is_mark(char) and chars:
            pass  # a combining mark no precomposed letter absorbed: drop, keep the word whole
        elif (
            char in _WORD_JOINERS
            and index + 1 < len(text)
            and _is_word_char(text[index + 1])
            and not _is_cjk(text[index + 1])
        ):
            parts.append((part_start, len(chars)))
            part_start = len(chars)
        else:
            break
        index += 1
    parts.append((part_start, len(chars)))
    if chars:
        yield Segment("word", "".join(chars), spans, parts if len(parts) > 1 else [], start, index)
    return index


def _span_token(text: str, spans: list[tuple[int, int]]) -> Token:
    return Token(_truncate(text), spans[0][0], spans[-1][1], spans[0][1])


def segment_tokens(segment: Segment, *, unigram: bool) -> list[Token]:
    """Surface tokens of one segment; ``unigram`` adds a CJK run's final character alone."""
    chars, spans = segment.chars, segment.spans
    if segment.kind == "word":
        return [_span_token(chars, spans)]
    tokens = [_span_token(chars[i : i + 2], spans[i : i + 2]) for i in range(len(chars) - 1)]
    if unigram or len(chars) == 1:
        tokens.append(_span_token(chars[-1], spans[-1:]))
    return tokens


def normalized_tokens(text: str, *, fold_kana: bool = True) -> list[Token]:
    """Sudachi ``normalized_form`` of each non-symbol word, folded like the surface text."""
    tokenizer = _sudachi_tokenizer()
    if tokenizer is None:
        return []
    source = _analyzer_input(text, fold_kana)
    tokens: list[Token] = []
    for offset, chunk in analyzable_chunks(source.text):
        for morpheme in analyze(tokenizer, chunk):
            pos, normalized = morpheme.part_of_speech()[0], morpheme.normalized_form()
            # The honorific お/ご (→ 御) is optional: お祭り is found as 祭り.
            if pos in _SKIPPED_POS or (pos == "接頭辞" and normalized == "御"):
                continue
            folded = _fold(normalized, fold_kana).text
            form = "".join(c for c in folded if _is_word_char(c) or _is_cjk(c))
            if form:
                first, last = offset + morpheme.begin(), offset + morpheme.end() - 1
                spans = source.spans
                tokens.append(
                    Token(_truncate(form), spans[first][0], spans[last][1], spans[first][1])
                )
    return tokens


@dataclass(frozen=True)
class Tokenizer:
    """The tokenizer's switches; the defaults are what Hiraku indexes with.

    Turning a part off exists to measure what it adds (see tests/search/test_relevance_core.py).
    Documents and queries must be tokenized with the same switches.
    """

    unigrams: bool = True  # a CJK run's last character alone, so 1-char queries find all
    fold_kana: bool = True
    analyzer: bool = True

    def fold(self, text: str) -> Folded:
        return _fold(text, self.fold_kana)

    def streams(self, text: str) -> Streams:
        found = list(segments(self.fold(text)))
        surface = [t for s in found for t in segment_tokens(s, unigram=self.unigrams)]
        parts = [
            _span_token(s.chars[start:end], s.spans[start:end])
            for s in found
            for start, end in s.parts
        ]
        normalized = normalized_tokens(text, fold_kana=self.fold_kana) if self.analyzer else []
        return Streams(surface, parts, normalized)

    def tokens(self, text: str) -> list[str]:
        streams = self.streams(text)
        return [t.text for t in (*streams.surface, *streams.parts, *streams.normalized)]


DEFAULT_TOKENIZER = Tokenizer()


def tokens(text: str, *, analyzer: bool = True) -> list[str]:
    """The index tokens of ``text`` in order: the surface, parts and normalized streams."""
    return Tokenizer(analyzer=analyzer).tokens(text or "")


def document_text(*texts: str | None, analyzer: bool = True) -> str:
    """Space-joined tokens of several texts, for one FTS5 column (``tokenize='unicode61'``).

    Tokens hold only letters and digits (``pm2.5`` is indexed as ``pm25``, its parts ``pm2``
    and ``5`` later), so unicode61 splits this string exactly at the spaces and stores each
    token as it is; no ``tokenchars`` option is needed.
    """
    return " ".join(token for text in texts if text for token in tokens(text, analyzer=analyzer))


def pg_quote(lexeme: str) -> str:
    """A quoted tsvector/tsquery lexeme: quotes and backslashes doubled."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(tokens: Iterable[str], *, weight: str | None = None) -> str:
    """A PostgreSQL tsvector literal with positions: ``'中央':1 '央公':2 '公園':3``.

    Cast it with ``::tsvector`` rather than calling ``to_tsvector``, whose parser would split
    the tokens again. Positions past 16383 share the last one and a lexeme keeps its first 256
    positions, which are PostgreSQL's limits; ``weight`` is A–D.
    """
    if weight is not None and weight not in ("A", "B", "C", "D"):
        raise ValueError(f"tsvector weight must be A, B, C or D, not {weight!r}")
    positions: dict[str, list[int]] = {}
    for index, token in enumerate(tokens, start=1):
        if not token:
            continue
        kept = positions.setdefault(token, [])
        position = min(index, _PG_MAX_POSITION)
        if len(kept) < _PG_MAX_POSITIONS_PER_LEXEME and (not kept or kept[-1] != position):
            kept.append(position)
    suffix = weight or ""
    return " ".join(
        pg_quote(lexeme) + ":" + ",".join(f"{p}{suffix}" for p in kept)
        for lexeme, kept in positions.items()
    )
