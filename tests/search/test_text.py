"""hiraku.search.text: folding, tokens, FTS5 document text and tsvector literals."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hiraku.search import text as search_text
from hiraku.search.text import (
    MAX_TOKEN_CHARS,
    Tokenizer,
    analyzer_available,
    document_text,
    fold,
    tokens,
    tsvector_literal,
)

needs_analyzer = pytest.mark.skipif(not analyzer_available(), reason="SudachiPy not installed")

# Japanese-looking text with the characters that make folding hard.
JAPANESE = st.text(
    alphabet=st.sampled_from(
        list("公園駅人口保育避難所待機児童子供食堂附属図書館東京都中央区")
        + list("こどもごみのをはがぱっゃー")
        + list("ゴミコドモセンターデータカービルッヮヴヶヵ")
        + list("ｺｳｴﾝｶﾞﾊﾟｰ")
        + list("ＡＥＤａｚ０９")
        + list("AEDwifiPM25az09")
        + list(" 　・、。（）()-.'_/〜～－々〻\u3099\u0301")
    ),
    max_size=40,
)
ANY_TEXT = st.text(max_size=40)


def test_fold_width_case_and_nfkc():
    assert fold("ＡＥＤ") == "aed"
    assert fold("ＰＭ２．５") == "pm2.5"
    assert fold("①") == "1"
    assert fold("Straße") == "strasse"


def test_fold_half_width_katakana_composes_voiced_marks():
    assert fold("ｶﾞｯｺｳ") == fold("ガッコウ") == "がっこう"
    assert fold("ﾊﾟｰｸ") == fold("パーク")


def test_fold_katakana_to_hiragana_so_gomi_meets_gomi():
    assert fold("ゴミ") == fold("ごみ") == "ごみ"
    assert fold("ヴ") == "ゔ"


def test_fold_drops_word_final_long_vowel_after_three_kana():
    assert fold("コンピューター") == fold("コンピュータ") == "こんぴゅーた"
    assert fold("センター長") == fold("センタ長")
    assert fold("データー") == fold("データ")
    assert fold("カー") == "かー"  # short words keep it: カー is not カ
    assert fold("ビール") != fold("ビル")  # only word-final ー goes


def test_fold_reads_a_hyphen_inside_katakana_as_long_vowel():
    assert fold("コンピュ－タ") == fold("コンピュータ")
    assert fold("A-1") == "a-1"


def test_fold_spells_out_the_kanji_iteration_mark():
    assert fold("人々") == "人人"
    assert fold("々") == "々"  # nothing to repeat


def test_fold_small_ke_and_ka():
    assert fold("霞ヶ関") == fold("霞ケ関")
    assert fold("3ヵ月") == fold("3カ月")


def test_fold_removes_lone_surrogates():
    assert fold("a\ud800b\udfff") == "ab"


@given(JAPANESE)
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


def test_cjk_runs_become_bigrams_and_a_final_unigram():
    assert tokens("中央公園", analyzer=False) == ["中央", "央公", "公園", "園"]
    assert tokens("駅", analyzer=False) == ["駅"]
    assert tokens("中央公園", analyzer=False)[:3] == ["中央", "央公", "公園"]


def test_without_run_end_unigrams_a_lone_character_is_still_kept():
    tokenizer = Tokenizer(unigrams=False, analyzer=False)
    assert tokenizer.tokens("中央公園 駅") == ["中央", "央公", "公園", "駅"]


def test_latin_words_and_numbers_stay_whole():
    assert tokens("AED設置箇所 2024年", analyzer=False) == [
        "aed",
        "設置",
        "置箇",
        "箇所",
        "所",
        "2024",
        "年",
    ]


def test_wifi_spellings_share_one_token():
    for spelling in ("Wi-Fi", "WiFi", "wifi", "ＷｉＦｉ", "Wi‐Fi"):
        assert tokens(spelling, analyzer=False)[0] == "wifi", spelling


def test_joined_words_keep_their_parts_after_the_surface_tokens():
    assert tokens("PM2.5の測定", analyzer=False) == ["pm25", "の測", "測定", "定", "pm2", "5"]
    assert tokens("COVID-19", analyzer=False) == ["covid19", "covid", "19"]


def test_tokens_are_capped_in_length():
    assert tokens("x" * 500, analyzer=False) == ["x" * MAX_TOKEN_CHARS]


def test_empty_and_symbol_only_text_has_no_tokens():
    assert tokens("") == []
    assert tokens("・、。！？ -- ()") == []


@needs_analyzer
def test_kodomo_spellings_meet_in_the_normalized_form():
    for spelling in ("子供", "子ども", "こども"):
        assert "子供" in tokens(spelling + "食堂"), spelling


@needs_analyzer
def test_sudachi_normalizes_itaiji_and_misspellings():
    assert "付属" in tokens("附属機関")
    assert fold("シミュレーション") in tokens("シュミレーション結果")
    assert "障害" in tokens("障がい福祉")


@needs_analyzer
def test_sudachi_mode_a_splits_compounds_so_parts_are_words():
    assert {"待機", "児童"} <= set(tokens("待機児童数の推移"))


@needs_analyzer
def test_honorific_prefix_is_left_out_of_normalized_forms():
    assert "御" not in tokens("お祭り")
    assert "祭" in tokens("お祭り")


def test_tokens_work_without_the_analyzer(monkeypatch):
    monkeypatch.setattr(search_text, "_sudachi_tokenizer", lambda: None)
    assert tokens("子ども食堂") == tokens("子ども食堂", analyzer=False)


@needs_analyzer
def test_long_documents_are_analyzed_in_chunks():
    text = "公園の利用者数。" * 4000 + "附属機関"  # beyond Sudachi's 49,149-byte limit
    assert "付属" in tokens(text)


@given(JAPANESE)
def test_tokens_hold_only_letters_and_digits(text):
    for token in tokens(text, analyzer=False):
        assert token and all(c.isalnum() for c in token)


def unicode61_tokens(body: str) -> list[str]:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='unicode61 remove_diacritics 0')")
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    db.execute("INSERT INTO t VALUES (?)", (body,))
    return [row[0] for row in db.execute("SELECT term FROM v ORDER BY offset")]


@settings(max_examples=150, deadline=None)
@given(st.one_of(JAPANESE, ANY_TEXT))
def test_fts5_unicode61_keeps_every_token_whole(text):
    expected = tokens(text, analyzer=False)
    assert unicode61_tokens(document_text(text, analyzer=False)) == expected


@needs_analyzer
def test_fts5_finds_dotted_and_hyphenated_words():
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(body)")  # the default unicode61
    for body in ("大気汚染（PM2.5）", "公衆無線LAN（Wi-Fi）", "PM2 5 wi fi"):
        db.execute("INSERT INTO t VALUES (?)", (document_text(body),))
    hits = {
        word: [r[0] for r in db.execute("SELECT rowid FROM t WHERE t MATCH ?", (f'"{word}"',))]
        for word in ("pm25", "wifi")
    }
    assert hits == {"pm25": [1], "wifi": [2]}


def test_document_text_joins_several_texts_and_skips_missing_ones():
    assert document_text("公園", None, "", "AED", analyzer=False) == "公園 園 aed"


def test_tsvector_literal_has_positions():
    assert tsvector_literal(["中央", "央公", "公園"]) == "'中央':1 '央公':2 '公園':3"


def test_tsvector_literal_groups_repeated_lexemes():
    assert tsvector_literal(["公園", "園", "公園"]) == "'公園':1,3 '園':2"


def test_tsvector_literal_escapes_quotes_and_backslashes():
    assert tsvector_literal(["it's", "a\\b"]) == "'it''s':1 'a\\\\b':2"


def test_tsvector_literal_weights_every_position():
    assert tsvector_literal(["公園", "公園"], weight="A") == "'公園':1A,2A"
    with pytest.raises(ValueError):
        tsvector_literal(["x"], weight="E")


def test_tsvector_literal_respects_postgresql_limits():
    many = tsvector_literal(["a"] * 300)
    assert many.count(",") == 255  # 256 positions per lexeme
    far = tsvector_literal(["x"] * 16390 + ["y", "z"])
    assert "'y':16383" in far and "'z':16383" in far
    assert tsvector_literal([]) == ""
