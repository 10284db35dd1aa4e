"""End to end: the twelve real municipal files, and generated CP932 / EUC-JP / BOM-TSV / XLSX
files with title rows, merged two-row headers, footnotes and Excel date cells."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from hiraku.tabular.errors import TabularError
from hiraku.tabular.formats import csv_reader
from hiraku.tabular.pipeline import (
    Analysis,
    analyse,
    convert_to_csv,
    csv_cell,
    inspect,
    normalized_rows,
)
from hiraku.tabular.report import Report
from tests.tabular.conftest import SAMPLE_DIR

Writer = Callable[..., Path]


def rows_of(path: Path, **options: object) -> tuple[list[tuple[int, list]], Analysis]:
    """Both passes: the rows as loaded, and the analysis whose report they completed."""
    analysis = analyse(path, **options)  # type: ignore[arg-type]
    rows = list(normalized_rows(analysis))
    return rows, analysis


# --- the twelve real files -----------------------------------------------------------------


def ages(*names: str) -> dict[str, str]:
    return {f"{name}{band}": "integer" for name in names for band in range(1, 19)}


TOILET_COUNTS = [
    "男性トイレ総数", "男性トイレ数（小便器）", "男性トイレ数（和式）", "男性トイレ数（洋式）",
    "女性トイレ総数", "女性トイレ数（和式）", "女性トイレ数（洋式）", "男女共用トイレ総数",
    "男女共用トイレ数（和式）", "男女共用トイレ数（洋式）", "バリアフリートイレ数", "高度の値",
]  # fmt: skip
TAKAMATSU_TOILET_COUNTS = [
    f"{kind}Restroom"
    for kind in (
        "totalMens", "smallMens", "japaneseMens", "westernMens", "totalWoman", "japaneseWoman",
        "westernWoman", "shared", "japaneseShared", "westernShared", "multifunctional",
    )
]  # fmt: skip
COORDINATES = {"緯度": "number", "経度": "number"}
COORDINATE_ROLES = {"緯度": "latitude", "経度": "longitude"}
LEGACY_ROLES = {"都道府県コード又は市区町村コード": "lgcode", "NO": "code", "URL": "url"}


@dataclass
class Sample:
    name: str
    types: dict[str, str]  # every column not typed text
    roles: dict[str, str] = field(default_factory=dict)  # a subset, checked as given
    changes: dict[str, int] = field(default_factory=dict)  # the whole report's counts
    notes: dict[str, int] = field(default_factory=dict)  # every note code with its count


SAMPLES = [
    Sample(
        "takamatsu_0002_aed_2023-02.csv",
        {"#property": "integer", "startTime": "time", "endTime": "time"},
        {"location": "latlon", "telephoneNumber": "phone"},
        {"trimmed": 41, "halfwidth_katakana": 9, "fullwidth_ascii": 143, "latlon_formatted": 91},
        {"header_from_property_row": 1, "metadata_rows": 1},
    ),
    Sample(
        "takamatsu_0066_202305_population.csv",
        {
            "#property": "integer",
            **dict.fromkeys(["totalPopulation", "male", "woman", "numberOfHouseholds"], "integer"),
            **ages("man", "woman"),
        },
        {"prefCode": "lgcode", "regionCode": "code", "location": "latlon"},
        {"lgcode_completed": 235, "fullwidth_ascii": 75, "null_marker": 3},
        {"header_from_property_row": 1, "ambiguous_dates": 1},
    ),
    Sample(
        "takamatsu_public_toilet_data.csv",
        {
            "#property": "integer",
            "latitude": "number",
            "longitude": "number",
            "startTime": "time",
            "endTime": "time",
            **dict.fromkeys(TAKAMATSU_TOILET_COUNTS, "integer"),
        },
        {"latitude": "latitude", "longitude": "longitude", "prefCode": "lgcode"},
        {"lgcode_completed": 169},
        {"header_from_property_row": 1},
    ),
    Sample(
        "yaizu_222127_aed.csv",
        COORDINATES,
        {**LEGACY_ROLES, **COORDINATE_ROLES, "電話番号": "phone", "法人番号": "code"},
        {"halfwidth_katakana": 2, "fullwidth_ascii": 61, "trimmed": 2, "phone_formatted": 82},
    ),
    Sample(
        "yaizu_222127_evacuation_space.csv",
        COORDINATES,
        {"NO": "code", "市区町村コード": "lgcode", "電話番号": "phone", **COORDINATE_ROLES},
        {"phone_formatted": 31},
    ),
    Sample(
        "yaizu_222127_fire_hydrant.csv",
        COORDINATES,
        {"全国地方公共団体コード": "lgcode", "ID": "code", "町字ID": "code", **COORDINATE_ROLES},
        {"trimmed": 11},
    ),
    Sample(
        "yaizu_222127_library.csv",
        COORDINATES,
        {**LEGACY_ROLES, "POIコード": "code", **COORDINATE_ROLES},
        {"fullwidth_ascii": 1},
    ),
    Sample(
        "yaizu_222127_preschool.csv",
        {**COORDINATES, "収容定員": "integer", "開始時間": "time", "終了時間": "time"},
        {"都道府県コ―ド又は市区町村コ―ド": "lgcode", "電話番号": "phone", "FAX番号": "phone"},
        {"fullwidth_ascii": 1, "trimmed": 30, "phone_formatted": 108},
    ),
    Sample(
        "yaizu_222127_public_facility-59773.csv",
        COORDINATES,
        {**LEGACY_ROLES, **COORDINATE_ROLES},
        {"fullwidth_ascii": 31},
    ),
    Sample(
        "yaizu_222127_public_toilet.csv",
        {**COORDINATES, **dict.fromkeys(TOILET_COUNTS, "integer")},
        {"全国地方公共団体コード": "lgcode", "所在地_全国地方公共団体コード": "lgcode"},
        {"fullwidth_ascii": 9},
    ),
    Sample(
        "yaizu_222127_public_wireless_lan.csv",
        COORDINATES,
        {**LEGACY_ROLES, "SSID": "code", "電話番号": "phone"},
        {"fullwidth_ascii": 11, "trimmed": 1, "phone_formatted": 17},
    ),
    Sample(
        "yaizu_222127_tourism_sights.csv",
        COORDINATES,
        {**LEGACY_ROLES, "連絡先電話番号": "phone", "連絡先内線番号": "code"},
        {"trimmed": 19, "fullwidth_ascii": 8, "line_break": 5, "halfwidth_katakana": 2},
        {"line_break_in_cell": 5},
    ),
]


@pytest.fixture(scope="module")
def sample_reports() -> dict[str, Report]:
    """Both passes over each real file, once for all the tests of this module."""
    return {sample.name: inspect(SAMPLE_DIR / sample.name) for sample in SAMPLES}


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.name)
def test_real_file_types_changes_and_notes(
    sample: Sample, sample_reports: dict[str, Report]
) -> None:
    report = sample_reports[sample.name]
    typed = {c.name: c.type for c in report.columns if c.type != "text"}
    assert typed == sample.types
    roles = {c.name: c.role for c in report.columns}
    assert {name: roles[name] for name in sample.roles} == sample.roles
    assert dict(report.changes) == sample.changes
    assert dict(report.note_counts) == sample.notes
    assert report.complete and report.row_count > 0
    assert all(c.fit >= 0.995 for c in report.columns)


def test_every_real_file_is_covered(sample_dir: Path) -> None:
    assert sorted(p.name for p in sample_dir.glob("*.csv")) == sorted(s.name for s in SAMPLES)


def test_takamatsu_aed_values(sample_dir: Path) -> None:
    rows, analysis = rows_of(sample_dir / "takamatsu_0002_aed_2023-02.csv")
    line, values = rows[0]
    names = [c.name for c in analysis.columns]
    first = dict(zip(names, values, strict=True))
    assert line == 10
    assert first["#property"] == 1
    assert first["location"] == "34.34092056,134.04522972"
    assert all(len(v) == 11 for _, v in rows)
    addresses = {values[names.index("address")] for _, values in rows}
    assert "高松市番町1丁目10-16" in addresses  # written 番町１丁目10-16 in the file
    assert not any("１" in address for address in addresses)
    spaced = [v[names.index("location")] for _, v in rows if ", " in v[names.index("location")]]
    assert spaced == []  # "34.28, 134.04" written one way


def test_takamatsu_population_unproven_us_dates_stay_text_and_are_reported(
    sample_dir: Path,
) -> None:
    rows, analysis = rows_of(sample_dir / "takamatsu_0066_202305_population.csv")
    names = [c.name for c in analysis.columns]
    first = dict(zip(names, rows[0][1], strict=True))
    assert first["surveyDate"] == "5/1/2023"
    assert first["prefCode"] == "372013"  # 37201 without its check digit
    assert first["totalPopulation"] == 388
    (note,) = [n for n in analysis.report.notes if n.code == "ambiguous_dates"]
    assert note.column == "surveyDate" and "5/1/2023" in note.message_ja
    assert analysis.report.encoding == "cp932"


def test_takamatsu_toilet_keeps_24_00(sample_dir: Path) -> None:
    rows, analysis = rows_of(sample_dir / "takamatsu_public_toilet_data.csv")
    end = [c.name for c in analysis.columns].index("endTime")
    assert "24:00" in {values[end] for _, values in rows}


def test_yaizu_codes_keep_their_zeros_and_phones_are_formatted(sample_dir: Path) -> None:
    rows, analysis = rows_of(sample_dir / "yaizu_222127_aed.csv")
    names = [c.name for c in analysis.columns]
    first = dict(zip(names, rows[0][1], strict=True))
    assert first["NO"] == "0000000001"
    assert first["電話番号"] == "054-626-1139"
    assert first["都道府県コード又は市区町村コード"] == "222127"
    assert isinstance(first["緯度"], Decimal)
    rows, analysis = rows_of(sample_dir / "yaizu_222127_fire_hydrant.csv")
    town = [c.name for c in analysis.columns].index("町字ID")
    assert rows[0][1][town] == "0003000"


def test_tourism_line_breaks_are_reported_on_the_line_each_row_starts(
    sample_reports: dict[str, Report],
) -> None:
    report = sample_reports["yaizu_222127_tourism_sights.csv"]
    breaks = [(n.row, n.column) for n in report.notes if n.code == "line_break_in_cell"]
    assert breaks == [(2, "説明"), (4, "説明"), (7, "説明"), (12, "説明"), (33, "説明")]


# --- generated files ------------------------------------------------------------------------

CP932_TABLE = (
    "令和5年度 地区別人口と事業費\r\n"
    "作成：ひらく市 総務課\r\n"
    "\r\n"
    "地区コード,地区名,調査日,人口,前年比,事業費（千円）,開館時間,備考\r\n"
    '011002,中央区,令和5年4月1日,"１，２３４",△12,"1,000",9:00,\r\n'
    "011011,北区,R5.4.1,567,▲3,X,９：００,ｶﾅ備考\r\n"
    '011029,南区,2023/4/1,-,5,***,24:00,"改行\r\nあり"\r\n'
    "011037,東区,令和5年2月29日,１０,0,２，０００,10:00, 空白 \r\n"
    "\r\n"
    "※ Xは秘匿\r\n"
    "出典：住民基本台帳\r\n"
)


def test_cp932_file_with_title_rows_and_footnotes(write_text: Writer) -> None:
    path = write_text(CP932_TABLE, "population.csv", "cp932")
    rows, analysis = rows_of(path)
    report = analysis.report
    assert (report.encoding, report.format, report.header_row) == ("cp932", "csv", 4)
    assert report.title == "令和5年度 地区別人口と事業費"
    types = {c.name: c.type for c in analysis.columns}
    assert types == {
        "地区コード": "text",
        "地区名": "text",
        "調査日": "date",
        "人口": "integer",
        "前年比": "integer",
        "事業費（千円）": "integer",
        "開館時間": "time",
        "備考": "text",
    }
    assert [line for line, _ in rows] == [5, 6, 7, 9]
    assert rows[0][1] == ["011002", "中央区", dt.date(2023, 4, 1), 1234, -12, 1000, "09:00", None]
    assert rows[1][1] == ["011011", "北区", dt.date(2023, 4, 1), 567, -3, None, "09:00", "カナ備考"]
    assert rows[2][1] == [
        "011029",
        "南区",
        dt.date(2023, 4, 1),
        None,
        5,
        None,
        "24:00",
        "改行\r\nあり",
    ]
    assert rows[3][1][2:4] == [None, 10]  # 令和5年2月29日 flagged, not guessed
    assert rows[3][1][7] == "空白"
    assert report.footnotes == ["※ Xは秘匿", "出典：住民基本台帳"]
    assert report.columns[5].unit == "千円"
    found = [(n.row, n.column, n.code) for n in report.notes if n.column]
    assert found == [  # in file order, as a publisher reads them
        (6, "事業費（千円）", "suppressed_value"),
        (7, "事業費（千円）", "suppressed_value"),
        (7, "備考", "line_break_in_cell"),
        (9, "調査日", "impossible_date"),
    ]
    codes = report.note_counts
    assert codes["suppressed_value"] == 2 and codes["impossible_date"] == 1
    assert codes["line_break_in_cell"] == 1 and codes["footnote_row"] == 2
    assert codes["title_row_skipped"] == 2
    changes = report.changes
    assert changes["wareki_date"] == 2 and changes["date_format"] == 1
    assert changes["triangle_negative"] == 2 and changes["halfwidth_katakana"] == 1
    assert changes["null_marker"] == 1 and changes["suppressed"] == 2
    assert changes["trimmed"] == 1 and changes["time_format"] == 2


def test_euc_jp_file(write_text: Writer) -> None:
    text = "名称,開設日,定員\n中央保育園,平成30年4月1日,60\n北保育園,令和元年5月1日,１２０\n"
    rows, analysis = rows_of(write_text(text, "hoikuen.csv", "euc_jp"))
    assert analysis.report.encoding == "euc_jp"
    assert rows == [
        (2, ["中央保育園", dt.date(2018, 4, 1), 60]),
        (3, ["北保育園", dt.date(2019, 5, 1), 120]),
    ]


def test_utf8_bom_tsv_file(write_text: Writer) -> None:
    text = (
        "\ufeff名称\t緯度\t経度\t開館\n"
        "図書館\t34.8664\t138.3057\t9:00\n"
        "公民館\t35°39'29\"N\t139.7\t\n"
    )
    rows, analysis = rows_of(write_text(text, "facilities.tsv"))
    report = analysis.report
    assert (report.format, report.encoding) == ("tsv", "utf-8-sig")
    assert [c.type for c in analysis.columns] == ["text", "number", "number", "time"]
    assert rows[0][1] == ["図書館", Decimal("34.8664"), Decimal("138.3057"), "09:00"]
    assert rows[1][1][1] == Decimal("35.65805556")
    assert report.changes["dms_coordinate"] == 1


def excel_workbook(path: Path) -> Path:
    """Title row, a merged two-row header, date cells (real and serial), a footnote."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "施設"
    sheet["A1"] = "令和5年度 施設一覧"
    sheet.append([])
    sheet.append(["施設", "開設日", "利用者数", None, "面積"])
    sheet.append([None, None, "男", "女", None])
    for cells in ("A3:A4", "B3:B4", "C3:D3", "E3:E4"):
        sheet.merge_cells(cells)
    sheet.append(["中央公園", dt.date(2023, 4, 1), 10, 12, 1.5])
    sheet.append(["北公園", dt.datetime(2023, 5, 1), 1000, 2, 2.25])
    sheet.append(["南公園", 45017, 3, 4, 3])  # a serial number shown as a date
    sheet["B7"].number_format = "yyyy/mm/dd"
    sheet.append(["西公園", "令和5年6月1日", "X", 5, None])
    sheet.append([])
    sheet.append(["※ 令和5年4月1日現在"])
    other = book.create_sheet("メモ")
    other.append(["区分", "件数"])
    other.append(["公園", "４"])
    book.save(path)
    return path


def test_xlsx_file_with_title_merged_header_dates_and_footnote(tmp_path: Path) -> None:
    rows, analysis = rows_of(excel_workbook(tmp_path / "facilities.xlsx"))
    report = analysis.report
    assert (report.format, report.encoding, report.sheet, report.header_row) == (
        "xlsx",
        None,
        "施設",
        3,
    )
    assert [(c.name, c.type) for c in analysis.columns] == [
        ("施設", "text"),
        ("開設日", "date"),
        ("利用者数_男", "integer"),
        ("利用者数_女", "integer"),
        ("面積", "number"),
    ]
    assert rows == [
        (5, ["中央公園", dt.date(2023, 4, 1), 10, 12, Decimal("1.5")]),
        (6, ["北公園", dt.date(2023, 5, 1), 1000, 2, Decimal("2.25")]),
        (7, ["南公園", dt.date(2023, 4, 1), 3, 4, Decimal("3")]),
        (8, ["西公園", dt.date(2023, 6, 1), None, 5, None]),
    ]
    assert report.footnotes == ["※ 令和5年4月1日現在"]
    assert report.changes["wareki_date"] == 1 and report.changes["suppressed"] == 1
    assert {"header_joined", "title_row_skipped", "footnote_row", "sheet_chosen"} <= set(
        report.note_counts
    )


def test_xlsx_other_sheet_by_name(tmp_path: Path) -> None:
    rows, analysis = rows_of(excel_workbook(tmp_path / "facilities.xlsx"), sheet="メモ")
    assert analysis.report.sheet == "メモ"
    assert rows == [(2, ["公園", 4])]


# --- coordinates, units, overrides ----------------------------------------------------------


def test_swapped_lat_lon_pairs_are_detected_by_japan_bounds(write_text: Writer) -> None:
    text = "名称,緯度,経度\nA,34.86,138.32\nB,138.30,34.85\nC,0,0\nD,,\n"
    rows, analysis = rows_of(write_text(text))
    assert [values for _, values in rows] == [
        ["A", Decimal("34.86"), Decimal("138.32")],
        ["B", Decimal("34.85"), Decimal("138.30")],
        ["C", Decimal("0"), Decimal("0")],
        ["D", None, None],
    ]
    notes = [(n.row, n.code) for n in analysis.report.notes]
    assert (3, "latlon_swapped") in notes and (4, "coordinate_outside_japan") in notes
    assert analysis.report.columns[1].changes["latlon_swapped"] == 1


def test_swap_check_works_on_encoded_values(write_text: Writer) -> None:
    analysis = analyse(write_text("名称,緯度,経度\nB,138.30,34.85\n"))
    (row,) = list(normalized_rows(analysis, [None, float, float]))
    assert row == (2, ["B", 34.85, 138.30])


def test_mixed_units_in_a_column_are_reported(write_text: Writer) -> None:
    report = inspect(write_text("事業,費用\nA,1000円\nB,2千円\nC,300\n"))
    assert report.columns[1].type == "integer"
    (note,) = [n for n in report.notes if n.code == "mixed_units"]
    assert note.column == "費用" and "円, 千円" in note.message_ja


def test_a_single_unit_in_cells_becomes_the_column_unit(write_text: Writer) -> None:
    report = inspect(write_text("施設,定員\nA,30人\nB,45人\n"))
    assert report.columns[1].unit == "人"
    assert report.changes["unit_removed"] == 2


def test_column_mostly_of_one_type_is_text_with_a_note(write_text: Writer) -> None:
    lines = "".join(f"{i},{i}\n" for i in range(150)) + "150,不明\n"
    report = inspect(write_text("番号,人数\n" + lines))
    assert report.columns[1].type == "text"
    (note,) = [n for n in report.notes if n.code == "mostly_typed"]
    assert "99.3" in note.message_ja and "不明" in note.message_en


def test_type_overrides_from_the_data_dictionary(write_text: Writer) -> None:
    path = write_text("地区,人口\nA,１０\nB,不明\n")
    rows, analysis = rows_of(path, overrides={"人口": "integer", "地区": "nonsense"})
    assert [c.type for c in analysis.columns] == ["text", "integer"]
    assert [values for _, values in rows] == [["A", 10], ["B", None]]
    codes = [n.code for n in analysis.report.notes]
    assert codes.count("type_override_applied") == 1 and "type_mismatch" in codes


# --- whole-file behaviour -------------------------------------------------------------------


def test_header_only_file_has_no_rows_and_says_so(write_text: Writer) -> None:
    rows, analysis = rows_of(write_text("名称,人口\n"))
    assert rows == []
    assert analysis.report.row_count == 0 and analysis.report.complete
    assert [c.type for c in analysis.columns] == ["text", "text"]
    assert analysis.report.note_counts["no_data_rows"] == 1


def test_ten_thousand_columns_are_refused_in_both_languages(write_text: Writer) -> None:
    header = ",".join(f"c{i}" for i in range(10_000))
    with pytest.raises(TabularError) as caught:
        analyse(write_text(header + "\n" + ",".join("1" * 10_000) + "\n"))
    assert caught.value.code == "too_many_columns"
    assert "10000" in caught.value.message_ja and "10000" in caught.value.message_en


def test_a_huge_single_line_is_refused(
    write_bytes: Writer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csv_reader, "MAX_LINE_CHARS", 100_000)  # the real limit is 4 M
    path = write_bytes(b"a,b\n" + b"x" * 3_000_000, "long.csv")
    with pytest.raises(TabularError) as caught:
        list(normalized_rows(analyse(path)))
    assert caught.value.code == "line_too_long" and caught.value.row == 2


def test_mixed_encodings_stop_with_the_line_named(write_bytes: Writer) -> None:
    utf8 = "名称,人口\n" + "".join(f"地区{i},{i}\n" for i in range(30_000))
    data = utf8.encode("utf-8") + "南区,５\n".encode("cp932")
    with pytest.raises(TabularError) as caught:
        analyse(write_bytes(data, "mixed.csv"))
    assert caught.value.code == "decode_error" and caught.value.row == 30_002
    assert "30002行目" in caught.value.message_ja and "Line 30002" in caught.value.message_en


def test_mixed_encodings_inside_the_sniffed_sample_stop_cleanly(write_bytes: Writer) -> None:
    # past the first 8 KB (format sniffing) but inside the 256 KB encoding sample
    data = ("名称,人口\n" + "地区,1\n" * 2_000).encode("utf-8") + "南区,５\n".encode("cp932")
    with pytest.raises(TabularError) as caught:
        analyse(write_bytes(data, "mixed.csv"))
    assert caught.value.code == "decode_error" and caught.value.row == 2_002


def test_progress_reports_both_passes(write_text: Writer) -> None:
    path = write_text("a,b\n" + "1,x\n" * 25_000)
    seen: list[tuple[str, int, int | None]] = []
    analysis = analyse(path, progress=lambda *event: seen.append(event))
    count = sum(1 for _ in normalized_rows(analysis, progress=lambda *e: seen.append(e)))
    assert count == 25_000
    assert [s for s, _, _ in seen] == ["analyse", "analyse", "load", "load"]
    assert all(total == 25_000 for stage, _, total in seen if stage == "load")


def test_rows_come_out_in_file_order_across_batches(write_text: Writer) -> None:
    path = write_text("n,v\n" + "".join(f"{i},{'１' if i % 7 else '-'}\n" for i in range(10_000)))
    rows = list(normalized_rows(analyse(path)))
    assert [line for line, _ in rows] == list(range(2, 10_002))
    assert [values[0] for _, values in rows] == list(range(10_000))
    assert rows[7][1] == [7, None] and rows[8][1] == [8, 1]


def test_a_stopped_load_releases_the_file(write_text: Writer) -> None:
    rows = normalized_rows(analyse(write_text("a\n1\n2\n")))
    assert next(rows) == (2, [1])
    rows.close()  # the loader may stop early on a database error


def test_report_rows_match_what_was_yielded(write_text: Writer) -> None:
    analysis = analyse(write_text("a\n1\n2\n3\n"))
    assert sum(1 for _ in normalized_rows(analysis)) == analysis.report.row_count == 3


# --- the clean CSV ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (True, "true"),
        (Decimal("1234.500"), "1234.5"),
        (Decimal("-0.0"), "0"),
        (Decimal("1E+3"), "1000"),
        (-12, "-12"),
        (dt.date(2023, 4, 1), "2023-04-01"),
        (dt.datetime(2023, 4, 1, 9, 30), "2023-04-01T09:30:00"),
        ("09:00", "09:00"),
    ],
)
def test_csv_cell(value: object, text: str) -> None:
    assert csv_cell(value) == text


def test_convert_to_csv_writes_one_clean_table(write_text: Writer, tmp_path: Path) -> None:
    source = write_text(CP932_TABLE, "population.csv", "cp932")
    out = tmp_path / "clean.csv"
    report = convert_to_csv(source, out)
    assert report.row_count == 4
    assert out.read_bytes().decode("utf-8") == (
        "地区コード,地区名,調査日,人口,前年比,事業費（千円）,開館時間,備考\r\n"
        "011002,中央区,2023-04-01,1234,-12,1000,09:00,\r\n"
        "011011,北区,2023-04-01,567,-3,,09:00,カナ備考\r\n"
        '011029,南区,2023-04-01,,5,,24:00,"改行\r\nあり"\r\n'
        "011037,東区,,10,0,2000,10:00,空白\r\n"
    )
