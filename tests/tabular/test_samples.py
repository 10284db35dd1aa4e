"""The twelve real municipal files read as samples.md describes them (rows × cols, encoding)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hiraku.tabular import open_table

# file, codec, header line, columns, data rows — rows×cols as listed in samples.md
SAMPLES = [
    ("yaizu_222127_public_toilet.csv", "utf-8", 1, 39, 112),
    ("yaizu_222127_fire_hydrant.csv", "utf-8", 1, 16, 193),
    ("yaizu_222127_aed.csv", "utf-8", 1, 22, 82),
    ("yaizu_222127_evacuation_space.csv", "utf-8", 1, 26, 31),
    ("yaizu_222127_preschool.csv", "utf-8", 1, 28, 60),
    ("yaizu_222127_public_wireless_lan.csv", "utf-8", 1, 18, 17),
    ("yaizu_222127_tourism_sights.csv", "utf-8-sig", 1, 49, 28),
    ("yaizu_222127_library.csv", "utf-8-sig", 1, 24, 11),
    ("yaizu_222127_public_facility-59773.csv", "utf-8", 1, 24, 230),
    ("takamatsu_public_toilet_data.csv", "utf-8", 1, 33, 169),
    ("takamatsu_0002_aed_2023-02.csv", "utf-8", 7, 11, 514),
    ("takamatsu_0066_202305_population.csv", "cp932", 1, 49, 235),
]


@pytest.mark.parametrize(("name", "codec", "header_row", "width", "count"), SAMPLES)
def test_sample_reads_as_documented(
    sample_dir: Path, name: str, codec: str, header_row: int, width: int, count: int
) -> None:
    table = open_table(sample_dir / name)
    stream = table.rows()
    rows = list(stream)
    assert (table.format, table.encoding, table.header_row) == ("csv", codec, header_row)
    assert len(table.columns) == width
    assert len(rows) == count == stream.row_count
    assert all(len(row.cells) == width for row in rows)
    assert len(set(table.columns)) == width
    assert not [n for n in stream.notes if n.code in ("row_truncated", "footnote_row")]


def test_all_twelve_samples_are_covered(sample_dir: Path) -> None:
    assert sorted(p.name for p in sample_dir.glob("*.csv")) == sorted(s[0] for s in SAMPLES)


def test_takamatsu_aed_keeps_linkdata_rows_as_metadata(sample_dir: Path) -> None:
    table = open_table(sample_dir / "takamatsu_0002_aed_2023-02.csv")
    assert table.metadata["#license"] == "http://creativecommons.org/licenses/by/3.0/deed.ja"
    assert table.metadata["#lang"] == "ja"
    assert table.metadata["#attribution_name"] == "高松市"
    assert table.metadata["#object_type_xsd"].startswith("string,string")
    assert "#property" not in table.metadata
    assert table.columns[:3] == ["#property", "name", "address"]
    first = next(iter(table.rows()))
    assert first.line == 10  # 9 '#' rows above, the header among them
    assert first.cells[:2] == ["1", "健康増進施設サラマンダーb"]
    assert first.cells[4] == "34.34092056,134.04522972"
    assert {n.code for n in table.notes} >= {"header_from_property_row", "metadata_rows"}


def test_takamatsu_population_is_cp932_with_property_header(sample_dir: Path) -> None:
    table = open_table(sample_dir / "takamatsu_0066_202305_population.csv")
    assert table.columns[:6] == [
        "#property",
        "prefCode",
        "regionCode",
        "prefName",
        "cityName",
        "surveyDate",
    ]
    row = next(iter(table.rows()))
    assert row.cells[3:7] == ["香川県", "高松市", "5/1/2023", "塩屋町"]


def test_tourism_cells_with_line_breaks_keep_their_starting_line(sample_dir: Path) -> None:
    table = open_table(sample_dir / "yaizu_222127_tourism_sights.csv")
    rows = list(table.rows())
    assert [row.line for row in rows[:3]] == [2, 4, 6]  # each of the first rows spans 2 lines
    assert "\n" in rows[0].cells[18]
    assert table.columns[16:18] == ["料金（基本）", "料金（詳細）"]


def test_preschool_header_typo_is_kept_as_written(sample_dir: Path) -> None:
    table = open_table(sample_dir / "yaizu_222127_preschool.csv")
    assert table.columns[0] == "都道府県コ―ド又は市区町村コ―ド"


def test_leading_zero_codes_stay_text(sample_dir: Path) -> None:
    rows = list(open_table(sample_dir / "yaizu_222127_aed.csv").rows())
    assert rows[0].cells[:2] == ["222127", "0000000001"]


def test_reading_twice_gives_the_same_rows_and_notes(sample_dir: Path) -> None:
    table = open_table(sample_dir / "takamatsu_0002_aed_2023-02.csv")
    first, second = table.rows(), table.rows()
    assert list(first) == list(second)
    assert first.notes == second.notes
