"""XLSX exports: formulas stay text, Excel's limits are respected, temporary files go away."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import tempfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from hiraku.datastore.exports import export, xlsx_writer
from hiraku.datastore.exports.xlsx_writer import sheet_name

TEXT = [{"name": "c1", "label": "値", "type": "text"}]
ATTACKS = ['=HYPERLINK("http://evil","x")', "+1+1", "-1+1", "@SUM(A1:A9)", "\t=1", "\r=1"]


def _sheet(fields, rows, **options):
    data = b"".join(export("xlsx", fields, iter(rows), **options))
    return load_workbook(io.BytesIO(data))


def test_formula_text_is_a_text_cell_with_excels_quote_prefix():
    sheet = _sheet(TEXT, [(attack,) for attack in ATTACKS]).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    # The text is kept as stored, except that XML reads a carriage return as a line feed
    # (Excel's own line break inside a cell).
    assert [cell.value for cell in cells] == [a.replace("\r", "\n") for a in ATTACKS]
    assert all(cell.data_type == "s" for cell in cells)  # never "f" (formula)
    assert all(cell.quotePrefix for cell in cells)


def test_negative_numbers_stay_numbers_and_plain_text_gets_no_prefix():
    fields = [*TEXT, {"name": "c2", "label": "増減", "type": "integer"}]
    sheet = _sheet(fields, [("中央図書館", -12)]).active
    assert sheet["A2"].value == "中央図書館"
    assert not sheet["A2"].quotePrefix
    assert (sheet["B2"].value, sheet["B2"].data_type) == (-12, "n")


def test_text_that_looks_like_an_excel_error_stays_text():
    cell = _sheet(TEXT, [("#N/A",)]).active["A2"]
    assert (cell.value, cell.data_type) == ("#N/A", "s")


def test_codes_with_leading_zeros_stay_text():
    assert _sheet(TEXT, [("011002",)]).active["A2"].value == "011002"


def test_integers_beyond_excels_15_digits_are_written_as_text_to_keep_every_digit():
    fields = [{"name": "c1", "label": "番号", "type": "integer"}]
    sheet = _sheet(fields, [(123456789012345,), (1234567890123456789,)]).active
    assert sheet["A2"].value == 123456789012345
    assert sheet["A3"].value == "1234567890123456789"


def test_dates_excel_cannot_show_are_written_as_iso_text():
    fields = [{"name": "c1", "label": "日付", "type": "date"}]
    sheet = _sheet(fields, [(dt.date(1868, 10, 23),), ("1900-03-01",)]).active
    assert sheet["A2"].value == "1868-10-23"
    assert sheet["A3"].value == dt.datetime(1900, 3, 1)


def test_aware_datetimes_keep_their_wall_time():
    fields = [{"name": "c1", "label": "日時", "type": "datetime"}]
    jst = dt.timezone(dt.timedelta(hours=9))
    sheet = _sheet(fields, [(dt.datetime(2024, 4, 1, 9, tzinfo=jst),)]).active
    assert sheet["A2"].value == dt.datetime(2024, 4, 1, 9)


def test_non_finite_numbers_become_empty_cells():
    fields = [{"name": "c1", "label": "率", "type": "number"}]
    sheet = _sheet(fields, [(float("nan"),), (Decimal("1.25"),)]).active
    assert sheet["A2"].value is None
    assert sheet["A3"].value == 1.25


def test_control_characters_xml_forbids_are_removed_and_long_text_is_cut_and_counted():
    stream = export("xlsx", TEXT, iter([("改\x0b行\x00",), ("あ" * 40_000,)]))
    sheet = load_workbook(io.BytesIO(b"".join(stream))).active
    assert sheet["A2"].value == "改行"
    assert len(sheet["A3"].value) == 32_767
    assert stream.counts.shortened == 1


@pytest.mark.parametrize(
    ("stem", "name"),
    [
        ("AED設置箇所一覧", "AED設置箇所一覧"),
        ("[令和5年度]:人口/世帯*?", "_令和5年度__人口_世帯__"),
        ("あ" * 40, "あ" * 31),
        ("'quoted'", "quoted"),
        ("", "data"),
    ],
)
def test_sheet_names_are_ones_excel_accepts(stem, name):
    assert sheet_name(stem) == name


def test_continuation_sheet_names_stay_within_31_characters():
    assert sheet_name("あ" * 40, 2) == "あ" * 27 + " (2)"


def test_the_sheet_is_named_after_the_file_and_freezes_a_bold_header():
    book = _sheet(TEXT, [("a",)], filename_stem="AED設置箇所一覧")
    assert book.sheetnames == ["AED設置箇所一覧"]
    sheet = book.active
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].value == "値"
    assert sheet["A1"].font.b


def test_rows_past_excels_limit_continue_on_a_new_sheet(monkeypatch):
    monkeypatch.setattr(xlsx_writer, "ROWS_PER_SHEET", 2)
    stream = export("xlsx", TEXT, iter([(str(i),) for i in range(5)]), filename_stem="表")
    book = load_workbook(io.BytesIO(b"".join(stream)))
    assert book.sheetnames == ["表", "表 (2)", "表 (3)"]
    assert [[c.value for c in row] for row in book["表 (3)"].iter_rows()] == [["値"], ["4"]]
    assert (stream.counts.rows, stream.counts.sheets) == (5, 3)


def _openpyxl_temp_files() -> set[str]:
    return {name for name in os.listdir(tempfile.gettempdir()) if name.startswith("openpyxl.")}


def test_a_failing_row_source_leaves_no_temporary_files():
    before = _openpyxl_temp_files()

    def rows():
        yield ("a",)
        assert _openpyxl_temp_files() - before  # openpyxl is writing a sheet file now
        raise ConnectionError("the database went away")

    with pytest.raises(ConnectionError):
        b"".join(export("xlsx", TEXT, rows()))
    assert _openpyxl_temp_files() == before


def test_closing_an_export_after_the_first_chunk_leaves_no_temporary_files():
    before = _openpyxl_temp_files()
    # Hashes do not compress, so the file takes several chunks.
    rows = [(hashlib.sha256(str(i).encode()).hexdigest(),) for i in range(2_000)]
    stream = export("xlsx", TEXT, iter(rows))
    assert next(stream)[:2] == b"PK"  # a zip
    stream.close()  # the client went away
    assert _openpyxl_temp_files() == before
    with pytest.raises(StopIteration):
        next(stream)


def test_a_finished_export_leaves_no_temporary_files():
    before = _openpyxl_temp_files()
    b"".join(export("xlsx", TEXT, iter([("a",)])))
    assert _openpyxl_temp_files() == before
