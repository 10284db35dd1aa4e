"""normalize_text and friends: width folding without blanket NFKC."""

import pytest

from hiraku.jp.text import (
    has_line_break,
    is_url,
    normalize_text,
    normalize_url,
    to_halfwidth_ascii,
    to_halfwidth_digits,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ｶﾞｯｺｳ", "ガッコウ"),
        ("ｼﾔｸｼｮ ﾎﾝｶﾝ", "シヤクショ ホンカン"),
        ("ﾊﾟﾝ", "パン"),
        ("ｳﾞｧｲｵﾘﾝ", "ヴァイオリン"),
        ("ｺｰﾋｰ｡", "コーヒー。"),
        ("｢ｱｲｳ｣･ｴ", "「アイウ」・エ"),
        ("ﾞ", "゛"),
        ("ｱﾞ", "ア゛"),  # ア has no voiced form: the mark stays visible, not combining
        ("ＡＢＣ１２３", "ABC123"),
        ("ａｂｃ＠ｅｘａｍｐｌｅ．ｊｐ", "abc@example.jp"),
        ("（株）", "（株）"),
        ("（問合せ先：焼津市）", "（問合せ先：焼津市）"),
        ("８：００～１７：１５", "8:00～17:15"),
        ("市役所アトレ庁舎１階", "市役所アトレ庁舎1階"),
        ("  焼津市  ", "焼津市"),
        ("\u3000焼津市\u3000", "焼津市"),
        ("\ufeff焼津市", "焼津市"),
        ("山田\u3000太郎", "山田\u3000太郎"),
        ("焼津市 本町", "焼津市 本町"),
        ("plain ascii", "plain ascii"),
        ("", ""),
    ],
)
def test_normalize_text(text, expected):
    assert normalize_text(text) == expected


@pytest.mark.parametrize(
    "text", ["①", "㈱", "Ⅱ", "髙", "﨑", "㎡", "ガ", "カタカナ", "漢字", "ひらがな"]
)
def test_normalize_text_leaves_what_nfkc_would_break(text):
    assert normalize_text(text) == text


def test_normalize_text_is_idempotent():
    for text in ("ｶﾞｯｺｳ　ＡＢＣ①", " ﾊﾟﾝ ", "ｱﾞﾞ"):
        once = normalize_text(text)
        assert normalize_text(once) == once


def test_halfwidth_helpers_touch_only_their_range():
    assert to_halfwidth_digits("２０２３年ＡＢ") == "2023年ＡＢ"
    assert to_halfwidth_ascii("２０２３年ＡＢ①") == "2023年AB①"


@pytest.mark.parametrize("text", ["a\nb", "a\r\nb", "a\rb", "a\u2028b", "末尾\n"])
def test_line_breaks_are_detected(text):
    assert has_line_break(text)


def test_no_line_break():
    assert not has_line_break("焼津市 本町\t2-16-32")


@pytest.mark.parametrize(
    "text",
    [
        "https://www.city.yaizu.lg.jp/",
        "http://example.jp",
        "https://example.jp:8080/a/b?c=d#e",
        "HTTPS://EXAMPLE.JP",
        "ｈｔｔｐｓ：／／ｗｗｗ．ｃｉｔｙ．ｙａｉｚｕ．ｌｇ．ｊｐ／",
        "  https://example.jp/path  ",
        "https://日本語.jp/",
    ],
)
def test_urls(text):
    assert is_url(text)


@pytest.mark.parametrize(
    "text",
    ["", "www.example.jp", "ftp://example.jp", "https://", "https://a b.jp", "mailto:a@b.jp"],
)
def test_not_urls(text):
    assert not is_url(text)


def test_normalize_url_folds_and_trims_but_keeps_path_case():
    assert normalize_url(" ＨＴＴＰＳ：／／Ｅｘａｍｐｌｅ．ｊｐ／Ａ ") == "https://Example.jp/A"
