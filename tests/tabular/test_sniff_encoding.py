"""Encodings decided by strict decoding: BOM → UTF-8 → CP932/EUC-JP → detector, never mojibake."""

from __future__ import annotations

import codecs
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hiraku.tabular import TabularError, detect_encoding
from hiraku.tabular.sniff import SAMPLE_BYTES, japanese_score

NEC_IBM = "株式会社①㈱髙島屋～山﨑Ⅱ－∥"
SENTENCE = "東京都千代田区の公園です。開館時間は９時から１７時、休館日は月曜日。"


def decodes_back(data: bytes, text: str) -> bool:
    return data.decode(detect_encoding(data).codec) == text


def test_utf8_without_bom() -> None:
    result = detect_encoding(SENTENCE.encode("utf-8"))
    assert (result.codec, result.had_bom, result.how) == ("utf-8", False, "strict")


def test_utf8_bom_reports_utf8_sig() -> None:
    result = detect_encoding(codecs.BOM_UTF8 + SENTENCE.encode("utf-8"))
    assert (result.codec, result.had_bom, result.how) == ("utf-8-sig", True, "bom")


def test_utf16_bom_from_excel_unicode_text() -> None:
    result = detect_encoding("名称\t住所\r\n".encode("utf-16"))
    assert (result.codec, result.how) == ("utf-16", "bom")


def test_cp932_with_nec_and_ibm_extensions_is_cp932_not_shift_jis() -> None:
    data = f"名称,備考\r\n{NEC_IBM},{SENTENCE}\r\n".encode("cp932")
    result = detect_encoding(data)
    assert result.codec == "cp932"
    assert data.decode(result.codec).splitlines()[1].startswith(NEC_IBM)


def test_short_euc_jp_is_not_taken_for_gb18030_or_cp932() -> None:
    data = "名称,住所\n中央公園,千代田区\n".encode("euc_jp")
    assert detect_encoding(data).codec == "euc_jp"


def test_euc_jp_that_also_decodes_as_cp932_reads_as_japanese() -> None:
    data = "あいうえお,カキクケコ\n".encode("euc_jp")
    data.decode("cp932")  # the trap: these bytes are valid CP932 (half-width noise)
    result = detect_encoding(data)
    assert result.codec == "euc_jp"
    assert [n.code for n in result.notes] == ["encoding_ambiguous"]


def test_half_width_katakana_cp932_stays_cp932() -> None:
    data = "ｶﾅ,ﾒｲｼｮｳ\r\nｱｲｳ,ﾄｳｷｮｳﾄ\r\n".encode("cp932")
    assert detect_encoding(data).codec == "cp932"


def test_iso2022jp_is_recognised_by_its_escapes() -> None:
    result = detect_encoding(SENTENCE.encode("iso2022_jp"))
    assert (result.codec, result.how) == ("iso2022_jp", "escape")


def test_sample_cut_in_the_middle_of_a_character_still_decodes(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_bytes(("髙" * (SAMPLE_BYTES // 2 + 1)).encode("cp932"))
    assert detect_encoding(path).codec == "cp932"


def test_cp932_after_megabytes_of_ascii_is_still_cp932(tmp_path: Path) -> None:
    ascii_rows = "".join(f"{i},011002,123.45\r\n" for i in range(200_000))  # ~3.6 MB
    path = tmp_path / "late.csv"
    path.write_bytes(
        ("ID,コード,値\r\n".encode("ascii", "ignore"))
        + ascii_rows.encode()
        + "9,髙島,1\r\n".encode("cp932")
    )
    assert detect_encoding(path).codec == "cp932"


def test_nul_bytes_mean_binary() -> None:
    with pytest.raises(TabularError) as caught:
        detect_encoding(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert caught.value.code == "binary_file"


def test_random_bytes_without_nul_are_refused() -> None:
    rng = random.Random(7)
    noise = bytes(rng.randrange(1, 256) for _ in range(4000))
    with pytest.raises(TabularError) as caught:
        detect_encoding(noise)
    assert caught.value.code in ("binary_file", "encoding_unknown")
    assert caught.value.message_ja and caught.value.message_en


def test_broken_cp932_is_refused_not_guessed() -> None:
    data = f"{SENTENCE}\r\n".encode("cp932") + b"\x81\x20\xff\xfe" + "髙".encode("cp932")
    with pytest.raises(TabularError) as caught:
        detect_encoding(data)
    assert caught.value.code == "encoding_unknown"


def test_non_japanese_encoding_is_left_to_the_detector_with_a_note() -> None:
    text = "Привет, как дела? Это тестовый текст на русском языке. " * 20
    result = detect_encoding(text.encode("cp1251"))
    assert (result.codec, result.how) == ("cp1251", "detector")
    assert [n.code for n in result.notes] == ["encoding_guessed"]


def test_detector_guess_below_confidence_is_refused() -> None:
    text = "Café crème, naïve résumé; Ärger über Öl. " * 40  # chardet: cp1250 at 0.06
    with pytest.raises(TabularError) as caught:
        detect_encoding(text.encode("cp1252"))
    assert caught.value.code == "encoding_unknown"


def test_utf16_without_bom_is_not_decoded_as_cp932() -> None:
    data = "東京都千代田区の公園です".encode("utf-16-le") * 20
    data.decode("cp932")  # the trap: valid CP932, all ASCII letters and control characters
    with pytest.raises(TabularError) as caught:
        detect_encoding(data)
    assert caught.value.code in ("binary_file", "encoding_unknown")


def test_detect_encoding_accepts_a_path(write_text: Callable[..., Path]) -> None:
    assert detect_encoding(write_text(SENTENCE, encoding="euc_jp")).codec == "euc_jp"


def test_missing_file_is_a_tabular_error(tmp_path: Path) -> None:
    with pytest.raises(TabularError) as caught:
        detect_encoding(tmp_path / "nope.csv")
    assert caught.value.code == "file_unreadable"


def test_halfwidth_punctuation_noise_scores_below_japanese() -> None:
    euc = "ありがとうございます".encode("euc_jp")
    assert japanese_score(euc.decode("euc_jp")) > japanese_score(euc.decode("cp932"))


# Realistic cell text: kana always present, common kanji, ASCII digits and punctuation.
KANA = st.characters(min_codepoint=0x3041, max_codepoint=0x3093) | st.characters(
    min_codepoint=0x30A1, max_codepoint=0x30F3
)
COMMON = st.sampled_from(list("東京都千代田区公園図書館市役所人口男女計年月日施設名称住所電話"))
ASCII = st.sampled_from(list("0123456789,-() ABCabc"))
JAPANESE_TEXT = st.tuples(
    st.lists(KANA, min_size=1, max_size=5), st.lists(KANA | COMMON | ASCII, max_size=40)
).map(lambda parts: "".join(parts[0]) + "".join(parts[1]))


@settings(max_examples=150, deadline=None)
@given(JAPANESE_TEXT, st.sampled_from(["utf-8", "cp932", "euc_jp"]))
def test_japanese_text_round_trips_in_every_encoding(text: str, codec: str) -> None:
    assert decodes_back(text.encode(codec), text)


@settings(max_examples=100, deadline=None)
@given(st.binary(min_size=1, max_size=400))
def test_any_bytes_give_a_clean_decoding_or_a_tabular_error(data: bytes) -> None:
    try:
        result = detect_encoding(data)
    except TabularError as error:
        assert error.code in ("binary_file", "encoding_unknown")
        return
    data.decode(result.codec)  # strict: never a silent replacement
