"""Excel workbooks: sheet choice, merged headers, typed cells, footnotes, and hostile archives."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from hiraku.tabular import TabularError, open_table
from hiraku.tabular.formats import excel_reader
from hiraku.tabular.formats.excel_reader import excel_cell


def population_workbook(path: Path) -> Path:
    """A cover sheet, then a statistics sheet as a ward would make it, then a second table."""
    book = openpyxl.Workbook()
    cover = book.active
    cover.title = "表紙"
    cover["B2"] = "人口統計（令和5年度）"
    sheet = book.create_sheet("データ")
    sheet["B2"] = "令和5年度 地区別人口"
    sheet.merge_cells("B2:G2")
    sheet["B4"], sheet["C4"], sheet["F4"], sheet["G4"] = "地区", "人口", "世帯数", "調査日"
    sheet.merge_cells("C4:E4")
    for column in "BFG":
        sheet.merge_cells(f"{column}4:{column}5")
    sheet["C5"], sheet["D5"], sheet["E5"] = "男", "女", "計"
    sheet.append([None, "中央", 100, 120.0, 220, 0.1 + 0.2, datetime.date(2023, 4, 1)])
    sheet.append([None, "北", 50, 60, 110, 45.5, datetime.datetime(2023, 4, 1, 9, 30)])
    sheet.append([None, "南", 1, 2, 3, True, datetime.time(17, 15)])
    sheet["B10"] = "※ 住民基本台帳による"
    sheet["B11"] = "出典：市民課"
    other = book.create_sheet("施設")
    other.append(["区分", "名称"])
    other.append(["公園", "中央公園"])
    other.append([None, "北公園"])
    other.merge_cells("A2:A3")
    book.save(path)
    return path


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return population_workbook(tmp_path / "population.xlsx")


def test_first_sheet_holding_a_table_is_chosen(workbook: Path) -> None:
    table = open_table(workbook)
    assert (table.format, table.encoding, table.sheet) == ("xlsx", None, "データ")
    assert table.sheets == ["表紙", "データ", "施設"]
    chosen = next(n for n in table.notes if n.code == "sheet_chosen")
    assert "表紙" in chosen.message_ja and "施設" in chosen.message_en


def test_merged_two_row_header_is_joined(workbook: Path) -> None:
    table = open_table(workbook)
    assert table.header_lines == (4, 5) and table.header_row == 4
    assert table.columns == ["地区", "人口_男", "人口_女", "人口_計", "世帯数", "調査日"]
    assert table.title == "令和5年度 地区別人口"
    assert {"title_row_skipped", "header_joined"} <= {n.code for n in table.notes}


def test_typed_cells_become_text_as_excel_shows_them(workbook: Path) -> None:
    rows = list(open_table(workbook).rows())
    assert [row.line for row in rows] == [6, 7, 8]
    assert rows[0].cells == ["中央", "100", "120", "220", "0.3", "2023-04-01"]
    assert rows[1].cells == ["北", "50", "60", "110", "45.5", "2023-04-01T09:30:00"]
    assert rows[2].cells == ["南", "1", "2", "3", "TRUE", "17:15:00"]


def test_footnotes_below_the_table(workbook: Path) -> None:
    stream = open_table(workbook).rows()
    list(stream)
    assert stream.footnotes == ["※ 住民基本台帳による", "出典：市民課"]
    assert [(n.code, n.row) for n in stream.notes if n.code == "footnote_row"] == [
        ("footnote_row", 10),
        ("footnote_row", 11),
    ]


def test_named_sheet_with_vertically_merged_cells_filled(workbook: Path) -> None:
    table = open_table(workbook, sheet="施設")
    stream = table.rows()
    assert [row.cells for row in stream] == [["公園", "中央公園"], ["公園", "北公園"]]
    assert "merged_cells_filled" in {n.code for n in stream.notes}


def test_missing_sheet_lists_the_sheets(workbook: Path) -> None:
    with pytest.raises(TabularError) as caught:
        open_table(workbook, sheet="なし")
    assert caught.value.code == "sheet_not_found"
    assert "データ" in caught.value.message_ja


def test_hidden_sheets_are_not_chosen(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "作業用"
    book.active.append(["a", "b"])
    book.active.sheet_state = "hidden"
    shown = book.create_sheet("公開")
    shown.append(["名称", "住所"])
    shown.append(["A", "B"])
    book.save(tmp_path / "hidden.xlsx")
    assert open_table(tmp_path / "hidden.xlsx").sheet == "公開"


def test_workbook_without_any_table(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.create_sheet("空")
    book.save(tmp_path / "empty.xlsx")
    with pytest.raises(TabularError) as caught:
        open_table(tmp_path / "empty.xlsx")
    assert caught.value.code == "no_table_in_workbook"


def test_xlsx_named_csv_is_read_as_xlsx_with_a_note(workbook: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "population.csv"
    renamed.write_bytes(workbook.read_bytes())
    table = open_table(renamed)
    assert table.format == "xlsx"
    assert "extension_mismatch" in {n.code for n in table.notes}


def test_reading_twice(workbook: Path) -> None:
    table = open_table(workbook)
    assert list(table.rows()) == list(table.rows())


def test_xls_from_excel_97(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("一覧")
    sheet.write(0, 0, "名称")
    sheet.write(0, 1, "開設日")
    sheet.write(0, 2, "定員")
    sheet.write(1, 0, "あおば保育園")
    sheet.write(1, 1, datetime.date(2001, 4, 1), xlwt.easyxf(num_format_str="YYYY/MM/DD"))
    sheet.write(1, 2, 60)
    path = tmp_path / "list.xls"
    book.save(str(path))
    table = open_table(path)
    assert (table.format, table.sheet, table.columns) == ("xls", "一覧", ["名称", "開設日", "定員"])
    assert [row.cells for row in table.rows()] == [["あおば保育園", "2001-04-01", "60"]]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, None),
        ("", None),
        ("髙島", "髙島"),
        (45292.0, "45292"),
        (1e20, "100000000000000000000"),
        (0.1 + 0.2, "0.3"),
        (-2.5, "-2.5"),
        (7, "7"),
        (False, "FALSE"),
        (datetime.date(2019, 5, 1), "2019-05-01"),
        (datetime.datetime(2019, 4, 30, 23, 59, 59), "2019-04-30T23:59:59"),
        (datetime.time(8, 30), "08:30:00"),
        (datetime.timedelta(hours=30, minutes=5), "30:05:00"),
    ],
)
def test_excel_cell_text(value: object, text: str | None) -> None:
    assert excel_cell(value) == text


# --- hostile archives ---------------------------------------------------------------------


def xlsx_with_sheet_xml(path: Path, sheet_xml: bytes) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return path


def test_zip_bomb_posing_as_xlsx_is_refused_from_the_directory(tmp_path: Path) -> None:
    path = xlsx_with_sheet_xml(tmp_path / "bomb.xlsx", b"<row/>" * 2_000_000)  # 12 MB, ~1000:1
    with pytest.raises(TabularError) as caught:
        open_table(path)
    assert caught.value.code == "archive_too_large"
    assert "xl/worksheets/sheet1.xml" in caught.value.message_en


def test_member_over_the_size_cap_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(excel_reader, "MAX_MEMBER_BYTES", 1024 * 1024)
    sheet = bytes(range(256)) * 8192  # 2 MB that does not compress away
    with pytest.raises(TabularError) as caught:
        open_table(xlsx_with_sheet_xml(tmp_path / "big.xlsx", sheet))
    assert caught.value.code == "archive_too_large"


def test_directory_that_lies_about_sizes_is_refused(tmp_path: Path) -> None:
    path = xlsx_with_sheet_xml(tmp_path / "liar.xlsx", b"<x>" + bytes(range(256)) * 512)
    data = bytearray(path.read_bytes())
    # Shrink the declared uncompressed size of the sheet in the central directory.
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(b"PK\x05\x06"))
    data[central + 24 : central + 28] = (100).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    with pytest.raises(TabularError) as caught:
        open_table(path)
    assert caught.value.code in ("archive_too_large", "spreadsheet_unreadable")


def test_damaged_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 100)
    with pytest.raises(TabularError) as caught:
        open_table(path)
    assert caught.value.code == "spreadsheet_unreadable"


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    path = tmp_path / "archive.xlsx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(TabularError) as caught:
        open_table(path)
    assert caught.value.code == "binary_file"


def test_ods_is_refused_with_advice(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    path = tmp_path / "sheet.ods"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(TabularError) as caught:
        open_table(path)
    assert caught.value.code == "unsupported_format" and "xlsx" in caught.value.message_ja
