"""Every message exists in Japanese and English with the same placeholders."""

from __future__ import annotations

import string

import pytest

from hiraku.tabular import MESSAGES, Note, TabularError


def placeholders(template: str) -> set[str]:
    """Names used by a template; a ``_ja``/``_en`` pair counts as one (the type names)."""
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    return {name.removesuffix("_ja").removesuffix("_en") for name in names}


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_message_has_both_languages_with_the_same_placeholders(code: str) -> None:
    ja, en = MESSAGES[code]
    assert ja.strip() and en.strip()
    assert placeholders(ja) == placeholders(en)
    assert any(ord(ch) > 0x3000 for ch in ja), "the Japanese message must be Japanese"
    assert en.isascii() or "列1" in en


def test_tabular_error_carries_code_messages_and_row() -> None:
    error = TabularError.of("decode_error", row=12, line=12, codec="cp932")
    assert (error.code, error.row) == ("decode_error", 12)
    assert error.message_ja.startswith("12行目")
    assert "cp932" in error.message_en and str(error) == error.message_en


def test_note_is_immutable_and_names_row_and_column() -> None:
    note = Note.of("header_empty_named", row=3, column="列2", position=2, name="列2")
    assert (note.row, note.column) == (3, "列2")
    with pytest.raises(AttributeError):
        note.row = 4  # type: ignore[misc]
