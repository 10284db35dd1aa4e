"""`hiraku convert FILE -o OUT.csv [--sheet NAME]` in a subprocess: the clean CSV's exact bytes."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from tests.tabular.cli_helpers import hiraku
from tests.tabular.test_pipeline import CP932_TABLE, excel_workbook

Writer = Callable[..., Path]

CLEAN = (
    "地区コード,地区名,調査日,人口,前年比,事業費（千円）,開館時間,備考\r\n"
    "011002,中央区,2023-04-01,1234,-12,1000,09:00,\r\n"
    "011011,北区,2023-04-01,567,-3,,09:00,カナ備考\r\n"
    '011029,南区,2023-04-01,,5,,24:00,"改行\r\nあり"\r\n'
    "011037,東区,,10,0,2000,10:00,空白\r\n"
)


def test_convert_writes_utf8_one_header_data_only_iso_plain_numbers(
    write_text: Writer, tmp_path: Path
) -> None:
    source = write_text(CP932_TABLE, "population.csv", "cp932")
    out = tmp_path / "out" / "clean.csv"
    out.parent.mkdir()
    result = hiraku("convert", source, "-o", out)
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")  # plain UTF-8, no BOM
    assert data.decode("utf-8") == CLEAN  # title rows and footnotes gone
    assert "4 rows, 8 columns" in result.stderr
    assert sorted(p.name for p in out.parent.iterdir()) == ["clean.csv"]  # no .part left
    assert source.read_bytes() == CP932_TABLE.encode("cp932")  # the original is kept


def test_converted_sample_has_half_width_digits_and_iso_values(
    sample_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "population.csv"
    result = hiraku("convert", sample_dir / "takamatsu_0066_202305_population.csv", "-o", out)
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    header, data = rows[0], rows[1:]
    assert len(data) == 235 and all(len(row) == 49 for row in data)
    assert not any("０" <= ch <= "９" for row in data for cell in row for ch in cell)
    assert {row[header.index("prefCode")] for row in data} == {"372013"}
    households = [row[header.index("numberOfHouseholds")] for row in data]
    assert households.count("") == 3 and all(h == "" or h.isdigit() for h in households)


def test_convert_xlsx_sheet_writes_dates_from_excel_cells(tmp_path: Path) -> None:
    out = tmp_path / "facilities.csv"
    result = hiraku("convert", excel_workbook(tmp_path / "facilities.xlsx"), "-o", out)
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8") == (
        "施設,開設日,利用者数_男,利用者数_女,面積\n"
        "中央公園,2023-04-01,10,12,1.5\n"
        "北公園,2023-05-01,1000,2,2.25\n"
        "南公園,2023-04-01,3,4,3\n"
        "西公園,2023-06-01,,5,\n"
    )


def test_unreadable_file_exits_2_and_writes_nothing(write_bytes: Writer, tmp_path: Path) -> None:
    source = write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100), "photo.csv")
    out = tmp_path / "out.csv"
    result = hiraku("convert", source, "-o", out)
    assert result.returncode == 2
    assert "表のファイルではありません" in result.stderr and "not a table file" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists() and not (tmp_path / "out.csv.part").exists()


def test_convert_refuses_to_overwrite_its_input(write_text: Writer) -> None:
    source = write_text("a,b\n1,2\n")
    result = hiraku("convert", source, "-o", source)
    assert result.returncode == 2
    assert "入力ファイルと同じ" in result.stderr and "never overwritten" in result.stderr
    assert source.read_text() == "a,b\n1,2\n"
