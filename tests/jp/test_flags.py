"""Flags: the standard writes 1 or empty."""

import pytest

from hiraku.jp.flags import parse_flag, to_standard_flag


@pytest.mark.parametrize(
    "text",
    ["1", "１", "○", "〇", "◯", "●", "有", "有り", "あり", "はい", "true", "TRUE", "Yes", " ○ "],
)
def test_true_tokens(text):
    assert parse_flag(text) is True


@pytest.mark.parametrize(
    "text", ["", " ", "0", "０", "無", "なし", "無し", "×", "-", "－", "いいえ", "false", "No"]
)
def test_false_tokens(text):
    assert parse_flag(text) is False


@pytest.mark.parametrize("text", ["△", "不明", "2", "たぶん", "要予約"])
def test_unknown_tokens_are_none_not_false(text):
    assert parse_flag(text) is None


def test_to_standard_flag():
    assert to_standard_flag("○") == "1"
    assert to_standard_flag("有") == "1"
    assert to_standard_flag("無") == ""
    assert to_standard_flag("") == ""
    assert to_standard_flag("△") is None
