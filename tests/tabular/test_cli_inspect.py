"""`hiraku inspect FILE [--sheet NAME] [--json]` in a subprocess: exact JSON keys, exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.tabular.cli_helpers import hiraku
from tests.tabular.test_pipeline import CP932_TABLE, excel_workbook

Writer = Callable[..., Path]


def test_inspect_json_has_the_documented_keys_and_values(write_text: Writer) -> None:
    result = hiraku("inspect", write_text(CP932_TABLE, "population.csv", "cp932"), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert {"encoding", "format", "header_row", "columns", "row_count", "issues"} <= set(report)
    assert (report["encoding"], report["format"]) == ("cp932", "csv")
    assert (report["header_row"], report["row_count"]) == (4, 4)
    columns = report["columns"]
    assert all({"name", "type", "fill_rate", "fit_rate", "examples"} <= set(c) for c in columns)
    assert [(c["name"], c["type"]) for c in columns] == [
        ("地区コード", "text"),
        ("地区名", "text"),
        ("調査日", "date"),
        ("人口", "integer"),
        ("前年比", "integer"),
        ("事業費（千円）", "integer"),
        ("開館時間", "time"),
        ("備考", "text"),
    ]
    assert columns[3]["fill_rate"] == 0.75  # 人口: one of four is "-"
    issues = report["issues"]
    assert all({"row", "column", "code", "message_ja", "message_en"} <= set(i) for i in issues)
    impossible = next(i for i in issues if i["code"] == "impossible_date")
    assert (impossible["row"], impossible["column"]) == (9, "調査日")
    assert "令和5年2月29日" in impossible["message_ja"]
    assert "not a real date" in impossible["message_en"]
    assert report["changes"]["wareki_date"] == 2


def test_inspect_xlsx_sheet_by_name(tmp_path: Path) -> None:
    workbook = excel_workbook(tmp_path / "facilities.xlsx")
    result = hiraku("inspect", workbook, "--sheet", "メモ", "--json")
    report = json.loads(result.stdout)
    assert (report["format"], report["encoding"], report["sheet"]) == ("xlsx", None, "メモ")
    assert [(c["name"], c["type"]) for c in report["columns"]] == [
        ("区分", "text"),
        ("件数", "integer"),
    ]


def test_inspect_text_summary_names_types_and_changes(sample_dir: Path) -> None:
    result = hiraku("inspect", sample_dir / "yaizu_222127_tourism_sights.csv")
    assert result.returncode == 0
    out = result.stdout
    assert "encoding: utf-8-sig" in out and "data rows: 28" in out
    assert "緯度" in out and "number" in out
    assert "セル内の改行" in out and "line breaks inside cells" in out
    assert "row 2:" in out


def test_unreadable_file_exits_2_with_both_languages_and_no_traceback(write_bytes: Writer) -> None:
    png = write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200), "photo.csv")
    result = hiraku("inspect", png, "--json")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "表のファイルではありません" in result.stderr
    assert "This is not a table file (PNG)" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_file_and_missing_sheet_exit_2(tmp_path: Path) -> None:
    missing = hiraku("inspect", tmp_path / "nothing.csv")
    assert missing.returncode == 2
    assert (
        "ファイルを開けませんでした" in missing.stderr and "could not be opened" in missing.stderr
    )
    workbook = excel_workbook(tmp_path / "facilities.xlsx")
    no_sheet = hiraku("inspect", workbook, "--sheet", "ない")
    assert no_sheet.returncode == 2
    assert "シート「ない」がありません" in no_sheet.stderr and "施設" in no_sheet.stderr
    assert "There is no sheet named 'ない'" in no_sheet.stderr


def test_bad_inputs_give_a_bilingual_error_never_a_crash(write_bytes: Writer) -> None:
    wide = write_bytes((",".join(f"c{i}" for i in range(10_000)) + "\n").encode(), "wide.csv")
    mixed = write_bytes(
        ("名称,人口\n" + "地区,1\n" * 20_000).encode("utf-8") + "南区,５\n".encode("cp932"),
        "mixed.csv",
    )
    for path, ja, en in [
        (wide, "列が多すぎます", "too many columns"),
        (mixed, "20002行目", "Line 20002"),
    ]:
        result = hiraku("inspect", path, "--json")
        assert result.returncode == 2, path
        assert ja in result.stderr and en in result.stderr
        assert "Traceback" not in result.stderr


def test_fifty_megabyte_single_line_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "one_line.csv"
    with open(path, "wb") as handle:
        handle.write(b"a,b\n")
        for _ in range(50):
            handle.write(b"x" * 1_000_000)
    result = hiraku("inspect", path)
    assert result.returncode == 2
    assert "2行目が長すぎます" in result.stderr and "Line 2 is too long" in result.stderr


def test_header_only_file_reports_no_rows(write_text: Writer) -> None:
    result = hiraku("inspect", write_text("名称,人口\n"), "--json")
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert report["row_count"] == 0
    (note,) = [i for i in report["issues"] if i["code"] == "no_data_rows"]
    assert "データ行がありません" in note["message_ja"] and "no data rows" in note["message_en"]
