"""User queries → safe FTS5 MATCH and PostgreSQL tsquery expressions, and highlighting.

A query is an AND of terms. Unquoted text splits into terms at spaces (full-width 　 too) and
punctuation; text in quotes ("…", “…”, 「…」, 『…』) is one term. A term matches where its
text occurs (substring semantics): it becomes the phrase of its tokens, OR the phrase of its
Sudachi-normalized words when that differs, so こども finds 子ども. A one-character term is a
prefix query on the tokens (every character starts one token, see ``text``).

Operators are not offered: ``NEAR``, ``*``, ``^``, ``-``, ``(``, column filters and quotes in
the user's text are only separators or words, and every token reaches FTS5 and PostgreSQL
inside quotes, so no input can change the structure of the expression.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

from hiraku.search.text import (
    DEFAULT_TOKENIZER,
    Segment,
    Token,
    Tokenizer,
    normalized_tokens,
    pg_quote,
    segment_tokens,
    segments,
)

MAX_QUERY_CHARS = 256
MAX_TERMS = 16
_COLUMN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_JAPANESE = "\u3041-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f々〆"
_CJK_GAP = re.compile(f"(?<=[{_JAPANESE}])\\s+(?=[{_JAPANESE}])")
_QUOTES = {'"': '"＂“”', "＂": '"＂“”', "“": '"＂“”', "「": "」", "『": "』"}


@dataclass(frozen=True, slots=True)
class Notice:
    """Why a query was changed or cannot run, for the person who typed it."""

    code: str
    message_ja: str
    message_en: str


EMPTY = Notice("empty", "検索語を入力してください。", "Enter a search term.")
NOTHING_SEARCHABLE = Notice(
    "nothing_searchable",
    "検索できる語が含まれていません。記号や助詞だけでなく、語を入力してください。",
    "The query has no searchable words; enter words, not only symbols or particles.",
)
TRUNCATED = Notice(
    "truncated",
    f"検索語が長すぎるため、先頭の{MAX_QUERY_CHARS}文字で検索しました。",
    f"The query was too long; only its first {MAX_QUERY_CHARS} characters were used.",
)
TOO_MANY_TERMS = Notice(
    "too_many_terms",
    f"検索語が多すぎるため、最初の{MAX_TERMS}語で検索しました。",
    f"The query had too many words; only the first {MAX_TERMS} were used.",
)


@dataclass(frozen=True, slots=True)
class Phrase:
    """Tokens that must be adjacent; with ``prefix`` the last one only has to start with it."""

    tokens: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Term:
    text: str  # as the user typed it
    quoted: bool
    alternatives: tuple[Phrase, ...]  # any one of them may match


@dataclass(frozen=True, slots=True)
class Query:
    text: str
    terms: tuple[Term, ...]
    notices: tuple[Notice, ...]
    tokenizer: Tokenizer = DEFAULT_TOKENIZER

    @property
    def empty(self) -> bool:
        return not self.terms


QueryLike = Query | str | None


def parse_query(text: str | None, tokenizer: Tokenizer = DEFAULT_TOKENIZER) -> Query:
    """Terms of a user's query; never raises. An empty result carries a notice saying why."""
    raw = "".join(c for c in (text or "") if not "\ud800" <= c <= "\udfff")
    notices: list[Notice] = []
    if len(raw) > MAX_QUERY_CHARS:
        raw = raw[:MAX_QUERY_CHARS]
        notices.append(TRUNCATED)
    terms: list[Term] = []
    for chunk, quoted in _chunks(raw):
        for term in _terms(chunk, quoted, tokenizer):
            if all(term.alternatives != t.alternatives for t in terms):
                terms.append(term)
    if len(terms) > MAX_TERMS:
        terms = terms[:MAX_TERMS]
        notices.append(TOO_MANY_TERMS)
    if not terms:
        notices.append(EMPTY if not raw.strip() else NOTHING_SEARCHABLE)
    return Query(raw, tuple(terms), tuple(notices), tokenizer)


def _chunks(text: str) -> list[tuple[str, bool]]:
    """Split into (text, quoted) pieces; a quote without its partner is only a separator."""
    chunks: list[tuple[str, bool]] = []
    plain_start = index = 0
    while index < len(text):
        closers = _QUOTES.get(text[index])
        close = _find_any(text, closers, index + 1) if closers else -1
        if close < 0:
            index += 1
            continue
        chunks.append((text[plain_start:index], False))
        chunks.append((text[index + 1 : close], True))
        plain_start = index = close + 1
    chunks.append((text[plain_start:], False))
    return [(chunk, quoted) for chunk, quoted in chunks if chunk.strip()]


def _find_any(text: str, chars: str, start: int) -> int:
    found = [i for i in (text.find(c, start) for c in chars) if i >= 0]
    return min(found) if found else -1


def _terms(chunk: str, quoted: bool, tokenizer: Tokenizer) -> list[Term]:
    groups: list[list[Segment]] = []
    for segment in segments(tokenizer.fold(chunk)):
        # Unquoted, a gap (space or punctuation) between segments starts a new term.
        if groups and (quoted or groups[-1][-1].end == segment.start):
            groups[-1].append(segment)
        else:
            groups.append([segment])
    terms = []
    for group in groups:
        start, end = group[0].spans[0][0], group[-1].spans[-1][1]
        term = _term(chunk[start:end], group, quoted, tokenizer)
        if term is not None:
            terms.append(term)
    return terms


def _term(text: str, group: list[Segment], quoted: bool, tokenizer: Tokenizer) -> Term | None:
    if len(group) == 1 and _is_lone_kana(group[0]):
        return None  # の or を alone would match nearly everything
    alternatives = [_surface_phrase(group, tokenizer)]
    if quoted and _CJK_GAP.search(text):
        # Japanese is written without spaces: "子育て 支援" also means 子育て支援.
        joined = list(segments(tokenizer.fold(_CJK_GAP.sub("", text))))
        alternatives.append(_surface_phrase(joined, tokenizer))
    if tokenizer.analyzer:
        normalized = normalized_tokens(text, fold_kana=tokenizer.fold_kana)
        alternatives.append(Phrase(tuple(t.text for t in normalized)))
    seen = [p.tokens for p in alternatives]
    unique = [p for i, p in enumerate(alternatives) if p.tokens and p.tokens not in seen[:i]]
    return Term(text, quoted, tuple(unique))


def _is_lone_kana(segment: Segment) -> bool:
    char = segment.chars
    return (
        segment.kind == "cjk" and len(char) == 1 and ("ぁ" <= char <= "ゟ" or "ァ" <= char <= "ヿ")
    )


def _surface_phrase(group: list[Segment], tokenizer: Tokenizer) -> Phrase:
    tokens: list[str] = []
    for index, segment in enumerate(group):
        # A CJK run followed by more of the term must end where the document's run ends, so
        # its final unigram joins the phrase; a last run may continue in the document.
        followed = index < len(group) - 1
        tokens.extend(
            t.text for t in segment_tokens(segment, unigram=followed and tokenizer.unigrams)
        )
    last = group[-1]
    # A single character ending a term (駅, 6年) may begin a longer run in the document; with
    # run-end unigrams in the index every occurrence begins a token, so the prefix finds all.
    prefix = last.kind == "cjk" and len(last.chars) == 1
    return Phrase(tuple(tokens), prefix)


def _as_query(query: QueryLike) -> Query:
    return query if isinstance(query, Query) else parse_query(query)


def fts5_match(query: QueryLike, *, columns: Sequence[str] = ()) -> str | None:
    """An FTS5 MATCH expression over columns indexed with ``text.document_text``; None if empty.

    ``中央公園 駅`` → ``"中央 央公 公園" AND "駅"*``. With ``columns`` every term must match
    within those columns (``{title} : (…)``). Rank rows matching that first, then by bm25:
    bm25 saturates term frequency after the column weights, so without it a description
    spelled like the query (サクラ for さくら) can outrank a title that says 桜.
    """
    parsed = _as_query(query)
    if parsed.empty:
        return None

    def phrase(p: Phrase) -> str:
        quoted = '"' + " ".join(t.replace('"', '""') for t in p.tokens) + '"'
        return quoted + "*" if p.prefix else quoted

    expression = " AND ".join(
        _group([phrase(p) for p in t.alternatives], " OR ") for t in parsed.terms
    )
    if columns:
        return "{" + " ".join(_identifier(c) for c in columns) + "} : (" + expression + ")"
    return expression


def tsquery(query: QueryLike, *, weights: str = "") -> str | None:
    """A tsquery for tsvectors built with ``text.tsvector_literal``; None if empty.

    Use it as ``%s::tsquery``: the cast keeps each lexeme as written, exactly like the
    ``::tsvector`` cast of the documents. ``to_tsquery('simple', %s)`` also works for these
    letter-and-digit tokens, but re-parses them. ``weights`` (e.g. ``"A"``) restricts every
    lexeme to positions of those weights, as ``columns`` does for FTS5.
    """
    if weights.strip("ABCD") or len(set(weights)) != len(weights):
        raise ValueError(f"tsquery weights are letters A–D, not {weights!r}")
    parsed = _as_query(query)
    if parsed.empty:
        return None
    label = f":{weights}" if weights else ""

    def phrase(p: Phrase) -> str:
        lexemes = [pg_quote(t) + label for t in p.tokens]
        if p.prefix:
            lexemes[-1] = pg_quote(p.tokens[-1]) + ":*" + weights
        return " <-> ".join(lexemes)

    # <-> binds tighter than &, and & tighter than |: only OR groups need parentheses.
    return " & ".join(_group([phrase(p) for p in t.alternatives], " | ") for t in parsed.terms)


def _identifier(column: str) -> str:
    if not _COLUMN.fullmatch(column):
        raise ValueError(f"not a column name: {column!r}")
    return column


def _group(parts: list[str], operator: str) -> str:
    return parts[0] if len(parts) == 1 else "(" + operator.join(parts) + ")"


def like_patterns(query: QueryLike) -> list[str] | None:
    """One ``LIKE … ESCAPE '\\'`` pattern per term, as typed (for the plain-LIKE anchor)."""
    parsed = _as_query(query)
    if parsed.empty:
        return None
    escaped = (
        t.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for t in parsed.terms
    )
    return [f"%{text}%" for text in escaped]


def highlight(text: str | None, query: QueryLike) -> list[tuple[str, bool]]:
    """``text`` cut into (segment, matched) pieces, in order, for showing why a result matched.

    Works on the original text: matches are found on folded tokens and mapped back, so
    ＡＥＤ is marked for the query aed. Lone surrogates are left out.
    """
    original = text or ""
    parsed = _as_query(query)
    marked = [False] * len(original)
    if not parsed.empty:
        streams = parsed.tokenizer.streams(original)
        for term in parsed.terms:
            for phrase in term.alternatives:
                for stream in (streams.surface, streams.parts, streams.normalized):
                    for start, end in _matches(stream, phrase):
                        marked[start:end] = [True] * (end - start)
    shown = ((c, f) for c, f in zip(original, marked, strict=True) if not "\ud800" <= c <= "\udfff")
    return [("".join(c for c, _ in run), flag) for flag, run in groupby(shown, key=itemgetter(1))]


def _matches(stream: list[Token], phrase: Phrase) -> list[tuple[int, int]]:
    size = len(phrase.tokens)
    found = []
    for i in range(len(stream) - size + 1):
        window = stream[i : i + size]
        if all(a.text == b for a, b in zip(window[:-1], phrase.tokens[:-1], strict=True)):
            last = window[-1]
            if last.text == phrase.tokens[-1]:
                found.append((window[0].start, last.end))
            elif phrase.prefix and last.text.startswith(phrase.tokens[-1]):
                found.append((window[0].start, last.head_end))
    return found
