"""CSV and TSV files as municipalities make them, read into header + rows with line numbers."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hiraku.tabular import TabularError, open_table
from hiraku.tabular.formats import csv_reader
from hiraku.tabular.layout import MAX_COLUMNS
from hiraku.tabular.read import NOTES_PER_CODE

Writer = Callable[..., Path]


def read(path: Path, **kwargs: object) -> tuple[object, list, object]:
    table = open_table(path, **kwargs)
    stream = table.rows()
    return table, list(stream), stream


def test_cp932_with_nec_and_ibm_characters_reads_exactly(write_text: Writer) -> None:
    path = write_text("名称,備考\r\n㈱髙島屋①,９時～１７時 山﨑\r\n", encoding="cp932")
    table, rows, _ = read(path)
    assert table.encoding == "cp932"
    assert rows[0].cells == ["㈱髙島屋①", "９時～１７時 山﨑"]
    assert rows[0].line == 2


def test_euc_jp_file(write_text: Writer) -> None:
    path = write_text(
        "名称,住所\n中央公園,千代田区丸の内\nあおば保育園,青葉区\n", encoding="euc_jp"
    )
    table, rows, _ = read(path)
    assert table.encoding == "euc_jp"
    assert [row.cells for row in rows] == [
        ["中央公園", "千代田区丸の内"],
        ["あおば保育園", "青葉区"],
    ]


def test_utf8_bom_tsv(write_text: Writer) -> None:
    path = write_text("\ufeff名称\t住所\t備考\r\nA公園\t中央区1-2,3\t\r\n", name="d.tsv")
    table, rows, _ = read(path)
    assert (table.format, table.encoding) == ("tsv", "utf-8-sig")
    assert table.columns == ["名称", "住所", "備考"]
    assert rows[0].cells == ["A公園", "中央区1-2,3", ""]


def test_tsv_content_in_a_file_named_csv_is_still_tsv(write_text: Writer) -> None:
    table, rows, _ = read(write_text("名称\t住所\nA,1\tB\n"))
    assert table.format == "tsv"
    assert rows[0].cells == ["A,1", "B"]


def test_semicolon_delimiter(write_text: Writer) -> None:
    table, rows, _ = read(write_text("名称;住所;定員\nA;B;10\nC;D;20\n"))
    assert table.columns == ["名称", "住所", "定員"] and rows[1].cells == ["C", "D", "20"]


def test_title_rows_blank_rows_and_footnotes(write_text: Writer) -> None:
    text = (
        "令和5年度 公園一覧,,\r\n"
        ",,\r\n"
        "名称,住所,面積\r\n"
        "中央公園,千代田区1-1,1200\r\n"
        ",,\r\n"
        "北公園,北区2-2,800\r\n"
        ",,\r\n"
        "※面積の単位は㎡,,\r\n"
        "出典：公園台帳,,\r\n"
    )
    table, rows, stream = read(write_text(text))
    assert table.header_row == 3 and table.title == "令和5年度 公園一覧"
    assert [row.line for row in rows] == [4, 6]
    assert stream.footnotes == ["※面積の単位は㎡", "出典：公園台帳"]
    notes = [(n.code, n.row) for n in stream.notes]
    assert ("title_row_skipped", 1) in notes and ("blank_row_skipped", 2) in notes
    assert ("blank_row_skipped", 5) in notes and ("blank_row_skipped", 7) in notes
    assert ("footnote_row", 8) in notes and ("footnote_row", 9) in notes


def test_footnote_written_alone_right_after_the_data(write_text: Writer) -> None:
    _, rows, stream = read(write_text("名称,住所,面積\nA,B,1\nC,D,2\n出典：総務省\n"))
    assert len(rows) == 2 and stream.footnotes == ["出典：総務省"]


def test_one_cell_last_row_of_a_padded_table_is_data(write_text: Writer) -> None:
    _, rows, stream = read(write_text("名称,住所,面積\nA,B,1\nE公園,,\n"))
    assert [row.cells for row in rows] == [["A", "B", "1"], ["E公園", "", ""]]
    assert stream.footnotes == []


def test_one_cell_rows_inside_the_table_are_data(write_text: Writer) -> None:
    _, rows, _ = read(write_text("名称,住所,面積\nA,B,1\n※印は休止中,,\nC,D,2\n"))
    assert [row.line for row in rows] == [2, 3, 4]


def test_ragged_rows_are_padded_or_cut_and_reported(write_text: Writer) -> None:
    text = "名称,住所,面積\nA,B\nC,D,3,extra,more\nE,F,5,,\n"
    _, rows, stream = read(write_text(text))
    assert [row.cells for row in rows] == [["A", "B", None], ["C", "D", "3"], ["E", "F", "5"]]
    notes = {(n.code, n.row) for n in stream.notes}
    assert notes == {("row_padded", 2), ("row_truncated", 3)}
    truncated = next(n for n in stream.notes if n.code == "row_truncated")
    assert "extra" in truncated.message_ja and "2" in truncated.message_en


def test_cells_with_line_breaks_keep_the_line_the_row_starts_on(write_text: Writer) -> None:
    text = 'ID,説明\r\n1,"一行目\r\n二行目"\r\n2,"a\r\nb\r\nc"\r\n3,x\r\n'
    _, rows, _ = read(write_text(text))
    assert [row.line for row in rows] == [2, 4, 7]
    assert rows[0].cells[1] == "一行目\r\n二行目"


def test_old_mac_line_endings(write_text: Writer) -> None:
    _, rows, _ = read(write_text("名称,住所\rA,B\rC,D\r"))
    assert [(row.line, row.cells) for row in rows] == [(2, ["A", "B"]), (3, ["C", "D"])]


def test_header_only_file_has_zero_rows_and_says_so(write_text: Writer) -> None:
    table, rows, stream = read(write_text("名称,住所,電話番号\r\n"))
    assert table.columns == ["名称", "住所", "電話番号"]
    assert rows == [] and stream.row_count == 0 and stream.done
    assert [n.code for n in stream.notes] == ["no_data_rows"]


def test_duplicate_and_empty_headers_are_renamed_and_reported(write_text: Writer) -> None:
    table, _, _ = read(write_text("名称,,名称,備考\nA,B,C,D\n"))
    assert table.columns == ["名称", "列2", "名称_2", "備考"]
    assert {n.code for n in table.notes} == {"header_empty_named", "header_duplicate_renamed"}


def test_two_row_header_from_excel_csv_export(write_text: Writer) -> None:
    text = "令和5年4月1日現在,,,,\n地区,人口,,,世帯数\n,男,女,計,\n中央,100,120,220,90\n"
    table, rows, _ = read(write_text(text, encoding="cp932"))
    assert table.header_lines == (2, 3) and table.header_row == 2
    assert table.columns == ["地区", "人口_男", "人口_女", "人口_計", "世帯数"]
    assert rows[0].line == 4


def test_two_passes_give_the_same_rows_and_notes(write_text: Writer) -> None:
    table = open_table(write_text("名称,住所\nA,B\n,\nC\n"))
    notes_before = list(table.notes)
    first, second = table.rows(), table.rows()
    assert list(first) == list(second)
    assert first.notes == second.notes
    assert table.notes == notes_before  # a pass never changes what opening found


def test_notes_per_kind_are_capped_with_a_summary(write_text: Writer) -> None:
    text = "名称,住所,面積\n" + "A,B\n" * (NOTES_PER_CODE + 50)
    _, rows, stream = read(write_text(text))
    assert len(rows) == NOTES_PER_CODE + 50
    assert stream.note_counts["row_padded"] == NOTES_PER_CODE + 50
    assert sum(n.code == "row_padded" for n in stream.notes) == NOTES_PER_CODE
    assert stream.notes[-1].code == "more_notes" and "50" in stream.notes[-1].message_ja


def test_stream_can_be_closed_early(write_text: Writer) -> None:
    stream = open_table(write_text("a,b\n1,2\n3,4\n")).rows()
    assert next(stream).cells == ["1", "2"]
    stream.close()
    assert not stream.done


# --- bad input ----------------------------------------------------------------------------


def error_of(path: Path, **kwargs: object) -> TabularError:
    with pytest.raises(TabularError) as caught:
        table = open_table(path, **kwargs)
        list(table.rows())
    error = caught.value
    assert error.message_ja and error.message_en and error.code
    return error


def test_empty_file(write_bytes: Writer) -> None:
    assert error_of(write_bytes(b"", "empty.csv")).code == "empty_file"


def test_file_of_blank_lines_is_empty(write_bytes: Writer) -> None:
    assert error_of(write_bytes(b"\xef\xbb\xbf\r\n\r\n  \r\n", "blank.csv")).code == "empty_file"
    assert error_of(write_bytes(b",,,\r\n,,\r\n", "commas.csv")).code == "empty_file"


def test_mixed_encodings_name_the_line(write_bytes: Writer) -> None:
    utf8 = (
        "名称,住所\r\n".encode()
        + "".join(f"施設{i},千代田区{i}\r\n" for i in range(20_000)).encode()
    )  # well past the 256 KB the sniffer reads
    data = utf8 + "髙島屋,港区\r\n".encode("cp932") + b"tail,row\r\n"
    error = error_of(write_bytes(data, "mixed.csv"))
    assert error.code == "decode_error"
    assert error.row == 20_002
    assert "20002" in error.message_ja and "utf-8" in error.message_en


def test_mixed_encodings_inside_the_sample_are_refused(write_bytes: Writer) -> None:
    data = "名称,住所\r\n東京,丸の内\r\n".encode() + "髙島屋,港区\r\n".encode("cp932")
    error = error_of(write_bytes(data, "mixed.csv"))
    assert error.code == "decode_error" and error.row == 3  # the first CP932 line


def test_ten_thousand_columns_are_refused(write_text: Writer) -> None:
    header = ",".join(f"c{i}" for i in range(10_000))
    error = error_of(write_text(f"{header}\n{header}\n"))
    assert error.code == "too_many_columns" and str(MAX_COLUMNS) in error.message_en


def test_fifty_megabyte_single_line_is_refused_without_memory_error(write_bytes: Writer) -> None:
    error = error_of(write_bytes(b"a," * 25_000_000, "one_line.csv"))
    assert error.code == "line_too_long" and error.row == 1


def test_unclosed_quote_swallowing_the_file_is_refused(write_text: Writer) -> None:
    text = 'ID,説明\n1,"開いたまま\n' + ("ながい説明の行です。" * 10 + "\n") * 2000
    error = error_of(write_text(text))
    assert error.code == "field_too_large" and error.row == 2


def test_png_posing_as_csv(write_bytes: Writer) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    error = error_of(write_bytes(png, "photo.csv"))
    assert (error.code, "PNG" in error.message_en) == ("binary_file", True)


def test_random_bytes(write_bytes: Writer) -> None:
    import random

    rng = random.Random(3)
    noise = bytes(rng.randrange(256) for _ in range(20_000))
    assert error_of(write_bytes(noise, "noise.csv")).code in ("binary_file", "encoding_unknown")


def test_forcing_csv_on_binary_still_fails_cleanly(write_bytes: Writer) -> None:
    noise = b"\x00\x01\x02" * 1000
    assert error_of(write_bytes(noise, "x.csv"), format="csv").code == "binary_file"


def test_unknown_format_name_is_refused(write_text: Writer) -> None:
    assert error_of(write_text("a,b\n"), format="parquet").code == "unsupported_format"


def test_missing_file(tmp_path: Path) -> None:
    assert error_of(tmp_path / "missing.csv").code == "file_unreadable"


# --- decoding across chunk boundaries (property) ------------------------------------------

CELL = st.text(
    alphabet=st.sampled_from(list('あいう漢字髙①㈱～ｶﾅabc 12,"\n')), min_size=1, max_size=12
).filter(str.strip)  # no blank cells: every row stays a plain data row


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(st.lists(CELL, min_size=3, max_size=3), min_size=1, max_size=15),
    codec=st.sampled_from(["utf-8", "cp932", "utf-8-sig"]),
    newline=st.sampled_from(["\r\n", "\n"]),
    chunk=st.integers(min_value=1, max_value=17),
)
def test_rows_survive_any_chunk_size(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    rows: list[list[str]],
    codec: str,
    newline: str,
    chunk: int,
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline, quoting=csv.QUOTE_ALL)
    writer.writerow(["名称", "住所", "備考"])
    writer.writerows(rows)
    path = tmp_path / "chunked.csv"
    path.write_bytes(buffer.getvalue().encode(codec))
    monkeypatch.setattr(csv_reader, "CHUNK_BYTES", chunk)
    table = open_table(path)
    assert [row.cells for row in table.rows()] == rows


def test_excel_unicode_text_is_utf16_tsv(write_text: Writer) -> None:
    table, rows, _ = read(write_text("名称\t住所\r\n髙島屋\t高松市\r\n", encoding="utf-16"))
    assert (table.format, table.encoding) == ("tsv", "utf-16")
    assert rows[0].cells == ["髙島屋", "高松市"]
