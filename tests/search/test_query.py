"""hiraku.search.query: parsing, safe FTS5/tsquery expressions, LIKE patterns, highlighting."""

from __future__ import annotations

import itertools
import re
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hiraku.search.query import (
    EMPTY,
    MAX_QUERY_CHARS,
    MAX_TERMS,
    NOTHING_SEARCHABLE,
    TOO_MANY_TERMS,
    TRUNCATED,
    fts5_match,
    highlight,
    like_patterns,
    parse_query,
    tsquery,
)
from hiraku.search.text import Tokenizer, analyzer_available, document_text

needs_analyzer = pytest.mark.skipif(not analyzer_available(), reason="SudachiPy not installed")
PLAIN = Tokenizer(analyzer=False)
HOSTILE = [
    "",
    "   　 ",
    '"',
    '""',
    "\"'",
    "*",
    "NEAR(公園 駅, 2)",
    "^公園",
    "-公園",
    "公園 NOT 駅",
    "title:公園",
    "{title}: 公園",
    "(((",
    "'; DROP TABLE docs; --",
    "%_\\",
    "\ud800\udfff公園\udc00",
    "公" * 10_000,
    "a b " * 5_000,
]
TEXT = st.text(
    alphabet=st.sampled_from(
        list("公園駅人口保育子供ども附属東京ゴミごみセンターｺｳｴﾝＡＥＤAEDwifi2.5-")
        + list(" 　\"“”「」『』*^():{}'\\%_;NEARORANDNOT\ud800")
    ),
    max_size=50,
)


def terms(text: str, tokenizer: Tokenizer = PLAIN) -> list[str]:
    return [term.text for term in parse_query(text, tokenizer).terms]


def test_spaces_of_both_widths_separate_terms():
    assert terms("保育園 空き") == terms("保育園　空き") == ["保育園", "空き"]


def test_punctuation_separates_terms_but_word_joiners_do_not():
    assert terms("子ども・子育て、支援") == ["子ども", "子育て", "支援"]
    assert terms("PM2.5 Wi-Fi") == ["PM2.5", "Wi-Fi"]


def test_mixed_scripts_without_a_gap_stay_one_term():
    assert terms("令和6年度") == ["令和6年度"]
    assert terms("AED設置") == ["AED設置"]


def test_quotes_of_every_kind_make_one_phrase_term():
    for query in ('"子育て 支援"', "“子育て 支援”", "「子育て 支援」", "『子育て 支援』"):
        parsed = parse_query(query, PLAIN)
        assert [(t.text, t.quoted) for t in parsed.terms] == [("子育て 支援", True)], query


def test_an_unmatched_quote_is_only_a_separator():
    assert terms('公園"駅') == ["公園", "駅"]


def test_lone_kana_and_symbols_are_not_searchable():
    parsed = parse_query("の ・ ー !!", PLAIN)
    assert parsed.empty and parsed.notices == (NOTHING_SEARCHABLE,)
    assert terms("の 公園") == ["公園"]


def test_empty_query_says_so():
    for query in ("", "  　", None):
        parsed = parse_query(query)
        assert parsed.empty and parsed.notices == (EMPTY,)
        assert fts5_match(parsed) is None and tsquery(parsed) is None
        assert like_patterns(parsed) is None


def test_notices_carry_japanese_and_english():
    for notice in (EMPTY, NOTHING_SEARCHABLE, TRUNCATED, TOO_MANY_TERMS):
        assert notice.message_ja and notice.message_en and notice.message_ja != notice.message_en


def test_long_queries_are_truncated_with_a_notice():
    parsed = parse_query("公" * 10_000, PLAIN)
    assert parsed.notices == (TRUNCATED,)
    assert len(parsed.terms[0].text) == MAX_QUERY_CHARS


def test_too_many_terms_are_cut_with_a_notice():
    parsed = parse_query(" ".join(f"w{i}" for i in range(40)), PLAIN)
    assert len(parsed.terms) == MAX_TERMS and TOO_MANY_TERMS in parsed.notices


def test_repeated_terms_count_once():
    assert terms("公園 公園 公園") == ["公園"]


def test_fts5_terms_are_and_of_phrases():
    assert fts5_match(parse_query("中央公園 駅", PLAIN)) == '"中央 央公 公園" AND "駅"*'


def test_fts5_one_character_term_is_a_prefix_query():
    assert fts5_match(parse_query("6年", PLAIN)) == '"6 年"*'


def test_fts5_a_run_followed_by_more_keeps_its_final_unigram():
    assert fts5_match(parse_query("令和6年度", PLAIN)) == '"令和 和 6 年度"'


@needs_analyzer
def test_fts5_spelling_variant_is_an_alternative():
    assert fts5_match("こども") == '("こど ども" OR "子供")'
    assert fts5_match("子供") == '"子供"'  # same as its normalized form: one phrase


def test_fts5_column_filter_is_ours_to_add_never_the_users():
    assert fts5_match(parse_query("公園", PLAIN), columns=["title"]) == '{title} : ("公園")'
    assert fts5_match(parse_query("title:公園", PLAIN)) == '"title" AND "公園"'
    with pytest.raises(ValueError):
        fts5_match("公園", columns=["title} : x OR {y"])


def fts5_table() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE docs (id INTEGER PRIMARY KEY, body TEXT)")
    db.execute("CREATE VIRTUAL TABLE fts USING fts5(title, body)")
    rows = [
        "中央公園の利用者数",
        "最寄り駅と駅前広場",
        "公衆無線LAN（Wi-Fi）アクセスポイント",
        "大気汚染（PM2.5）",
        "子ども食堂一覧",
        "令和6年度当初予算",
    ]
    for rowid, body in enumerate(rows, start=1):
        db.execute("INSERT INTO docs VALUES (?, ?)", (rowid, body))
        db.execute(
            "INSERT INTO fts(rowid, title, body) VALUES (?, ?, ?)",
            (rowid, document_text(body), document_text(body)),
        )
    return db


def search(db: sqlite3.Connection, query: str) -> list[int]:
    match = fts5_match(query)
    if match is None:
        return []
    return [
        r[0] for r in db.execute("SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rowid", (match,))
    ]


@needs_analyzer
def test_fts5_queries_find_what_residents_type():
    db = fts5_table()
    assert search(db, "公園") == [1]
    assert search(db, "駅") == [2]
    assert search(db, "wifi") == search(db, "WiFi") == search(db, "Ｗｉ－Ｆｉ") == [3]
    assert search(db, "pm2.5") == search(db, "ＰＭ２．５") == [4]
    assert search(db, "こども食堂") == search(db, "子供 食堂") == [5]
    assert search(db, "令和6年度 予算") == [6]
    assert search(db, '"公園 利用"') == []  # a phrase: adjacent, not just both present


@needs_analyzer
@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_run_or_return_none_and_never_raise(query):
    db = fts5_table()
    search(db, query)
    assert db.execute("SELECT count(*) FROM docs").fetchone() == (6,)
    tsquery(query)
    like_patterns(query)
    highlight("中央公園の利用者数", query)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_any_query_is_valid_fts5_syntax(query):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE fts USING fts5(title, body)")
    for columns in ((), ("title",)):
        match = fts5_match(parse_query(query, PLAIN), columns=columns)
        if match is not None:
            db.execute("SELECT * FROM fts WHERE fts MATCH ?", (match,)).fetchall()


ALPHANUMERIC = st.text(
    alphabet=st.sampled_from(list("公園駅子ども食堂センターｺｳｴﾝAEDwifi2.5-ー・ 　")),
    min_size=1,
    max_size=30,
)


@settings(max_examples=150, deadline=None)
@given(ALPHANUMERIC)
def test_every_text_finds_itself(text):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE fts USING fts5(body)")
    db.execute("INSERT INTO fts VALUES (?)", (" ".join(PLAIN.tokens(text)),))
    match = fts5_match(parse_query(text, PLAIN))
    if match is not None:
        assert db.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (match,)).fetchone() == (1,)


def test_tsquery_uses_phrases_ands_and_prefixes():
    assert tsquery(parse_query("中央公園 駅", PLAIN)) == "'中央' <-> '央公' <-> '公園' & '駅':*"


@needs_analyzer
def test_tsquery_ors_spelling_variants():
    assert tsquery("こども") == "('こど' <-> 'ども' | '子供')"


def test_tsquery_can_be_restricted_to_weights():
    assert tsquery(parse_query("公園 駅", PLAIN), weights="A") == "'公園':A & '駅':*A"
    with pytest.raises(ValueError):
        tsquery("公園", weights="Z")


# The tsquery grammar we emit: quoted lexemes with optional :* and weights, <-> & | ( ).
TSQUERY_TOKEN = re.compile(r"\s*(?:'(?:[^'\\]|''|\\\\)*'(?::\*?[A-D]*)?|<->|[&|()])")


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_any_query_is_well_formed_tsquery(query):
    text = tsquery(query)
    if text is None:
        return
    position, depth = 0, 0
    while position < len(text):
        token = TSQUERY_TOKEN.match(text, position)
        assert token, text[position:]
        depth += token.group().strip() == "("
        depth -= token.group().strip() == ")"
        assert depth >= 0
        position = token.end()
    assert depth == 0


def test_like_patterns_escape_wildcards():
    # Unquoted, % _ \ only separate terms; inside a quoted phrase they are kept, escaped.
    assert like_patterns(parse_query("100% 税_込", PLAIN)) == ["%100%", "%税%", "%込%"]
    assert like_patterns(parse_query('"100%_a\\b"', PLAIN)) == ["%100\\%\\_a\\\\b%"]


def test_like_patterns_keep_the_text_as_typed():
    assert like_patterns(parse_query("ＡＥＤ 公園", PLAIN)) == ["%ＡＥＤ%", "%公園%"]


def marked(pieces: list[tuple[str, bool]]) -> list[str]:
    return [text for text, flag in pieces if flag]


def test_highlight_marks_the_original_text_for_a_folded_match():
    assert marked(highlight("ＡＥＤ設置箇所一覧", parse_query("aed", PLAIN))) == ["ＡＥＤ"]
    assert marked(highlight("ｺｳｴﾝ案内", parse_query("コウエン", PLAIN))) == ["ｺｳｴﾝ"]


def test_highlight_marks_whole_phrases_and_every_term():
    pieces = highlight("中央公園の利用者数と公園", parse_query("公園 利用", PLAIN))
    assert pieces == [
        ("中央", False),
        ("公園", True),
        ("の", False),
        ("利用", True),
        ("者数と", False),
        ("公園", True),
    ]


def test_highlight_marks_only_the_character_of_a_one_character_query():
    assert marked(highlight("駅前広場・最寄り駅", parse_query("駅", PLAIN))) == ["駅", "駅"]


@needs_analyzer
def test_highlight_marks_spelling_variants():
    assert marked(highlight("子ども食堂の一覧", "こども")) == ["子ども"]
    assert marked(highlight("公衆無線LAN（WiFi）", "Wi-Fi")) == ["WiFi"]


def test_highlight_without_a_query_or_text():
    assert highlight("公園", "") == [("公園", False)]
    assert highlight(None, "公園") == []


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40), TEXT)
def test_highlight_pieces_put_together_give_the_text_back(text, query):
    pieces = highlight(text, parse_query(query, PLAIN))
    assert "".join(piece for piece, _ in pieces) == text
    assert all(piece for piece, _ in pieces)
    assert all(a[1] != b[1] for a, b in itertools.pairwise(pieces))


def test_highlight_leaves_out_lone_surrogates():
    assert highlight("公\ud800園", parse_query("公園", PLAIN)) == [("公園", True)]
