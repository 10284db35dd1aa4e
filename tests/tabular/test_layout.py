"""Finding the table in rows made by people: titles, metadata, multi-row headers, names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hiraku.tabular import TabularError
from hiraku.tabular.layout import (
    MAX_COLUMNS,
    Layout,
    MergedRange,
    Record,
    clean_name,
    detect_layout,
    is_value_like,
    unique_names,
)


def records(*rows: str) -> list[Record]:
    """CSV-ish rows, one string each, cells split on commas; lines numbered from 1."""
    return [Record(i, row.split(",")) for i, row in enumerate(rows, start=1)]


def codes(layout: Layout) -> list[str]:
    return [note.code for note in layout.notes]


def test_plain_header_on_the_first_line() -> None:
    layout = detect_layout(records("名称,住所,電話番号", "中央公園,千代田区1-1,03-1234-5678"))
    assert layout.header_lines == (1,)
    assert layout.columns == ["名称", "住所", "電話番号"]
    assert layout.data_from_line == 2
    assert layout.notes == []


def test_title_and_blank_rows_above_the_header_are_skipped_and_noted() -> None:
    layout = detect_layout(
        records(
            "令和5年度 公園一覧,,",
            ",,",
            "名称,住所,面積",
            "中央公園,千代田区1-1,1200",
        )
    )
    assert layout.header_lines == (3,)
    assert layout.title == "令和5年度 公園一覧"
    assert layout.data_from_line == 4
    assert codes(layout) == ["title_row_skipped", "blank_row_skipped"]
    assert layout.notes[0].row == 1 and "令和5年度 公園一覧" in layout.notes[0].message_ja


def test_two_cell_title_over_a_narrow_table_is_not_the_header() -> None:
    layout = detect_layout(records("令和5年度,人口統計,", "地区,人口,世帯数", "中央,1200,500"))
    assert layout.header_lines == (2,)
    assert layout.columns == ["地区", "人口", "世帯数"]
    assert codes(layout) == ["preamble_row_skipped"]


def test_unit_row_and_date_row_above_the_header_are_preamble() -> None:
    layout = detect_layout(
        records(
            "作成日,2023/4/1,,,",
            ",,,,（単位：人）",
            "地区,0～4歳,5～9歳,10～14歳,計",
            "中央,10,20,30,60",
        )
    )
    assert layout.header_lines == (3,)
    assert codes(layout) == ["preamble_row_skipped", "title_row_skipped"]


def test_two_row_header_in_csv_is_joined_with_underscore() -> None:
    layout = detect_layout(
        records(
            "地区,人口,,,世帯数",
            ",男,女,計,",
            "中央,100,120,220,90",
        )
    )
    assert layout.header_lines == (1, 2)
    assert layout.columns == ["地区", "人口_男", "人口_女", "人口_計", "世帯数"]
    assert layout.data_from_line == 3
    assert codes(layout) == ["header_joined"]
    assert "人口_男" in layout.notes[0].message_ja


def test_two_row_header_where_every_label_is_a_group() -> None:
    layout = detect_layout(records("人口,,,世帯数,", "男,女,計,一般,施設", "1,2,3,4,5"))
    assert layout.columns == ["人口_男", "人口_女", "人口_計", "世帯数_一般", "世帯数_施設"]


def test_three_row_header() -> None:
    layout = detect_layout(
        records(
            "地区,人口,,,,世帯数",
            ",日本人,,外国人,,",
            ",男,女,男,女,",
            "中央,1,2,3,4,5",
        )
    )
    assert layout.header_lines == (1, 2, 3)
    assert layout.columns == [
        "地区",
        "人口_日本人_男",
        "人口_日本人_女",
        "人口_外国人_男",
        "人口_外国人_女",
        "世帯数",
    ]


def test_header_over_a_text_data_row_is_not_joined() -> None:
    # 住所 is followed by an unnamed column; the next row is data, not sub-labels.
    layout = detect_layout(records("名称,住所,,備考", "A公園,中央区1-1,2階,なし", "B公園,,,"))
    assert layout.header_lines == (1,)
    assert layout.columns == ["名称", "住所", "列3", "備考"]
    assert "header_empty_named" in codes(layout)


def test_merged_title_in_excel_is_never_joined_to_the_header() -> None:
    rows = [
        Record(1, ["令和5年度 人口", None, None]),
        Record(2, ["地区", "男", "女"]),
        Record(3, ["中央", "1", "2"]),
    ]
    layout = detect_layout(rows, [MergedRange(1, 1, 0, 2)])
    assert layout.header_lines == (2,)
    assert layout.columns == ["地区", "男", "女"]
    assert layout.title == "令和5年度 人口"


def test_excel_merged_group_header_is_joined() -> None:
    rows = [
        Record(3, ["地区", "人口", None, None, "世帯数"]),
        Record(4, [None, "男", "女", "計", None]),
        Record(5, ["中央", "1", "2", "3", "4"]),
    ]
    merges = [MergedRange(3, 3, 1, 3), MergedRange(3, 4, 0, 0), MergedRange(3, 4, 4, 4)]
    layout = detect_layout(rows, merges)
    assert layout.header_lines == (3, 4)
    assert layout.columns == ["地区", "人口_男", "人口_女", "人口_計", "世帯数"]


def test_property_row_is_the_header_and_hash_rows_are_metadata() -> None:
    layout = detect_layout(
        records(
            "#LINK,,",
            "#license,http://creativecommons.org/licenses/by/4.0/,",
            "#property,name,address",
            "#object_type_xsd,string,string",
            "1,中央公園,千代田区",
        )
    )
    assert layout.header_lines == (3,)
    assert layout.columns == ["#property", "name", "address"]
    assert layout.data_from_line == 5
    assert layout.metadata == {
        "#LINK": "",
        "#license": "http://creativecommons.org/licenses/by/4.0/",
        "#object_type_xsd": "string,string",
    }
    assert codes(layout) == ["header_from_property_row", "metadata_rows"]


def test_hash_rows_without_property_leave_the_header_to_the_first_other_row() -> None:
    layout = detect_layout(records("#lang,ja", "#license,CC BY", "名称,住所", "A,B"))
    assert layout.header_lines == (3,)
    assert layout.metadata == {"#lang": "ja", "#license": "CC BY"}


def test_hash_cells_after_the_data_started_are_data() -> None:
    layout = detect_layout(records("番号,名称", "1,A", "#2,B"))
    assert layout.metadata == {}


def test_numeric_first_row_means_no_header() -> None:
    layout = detect_layout(records("1,2,3", "4,5,6"))
    assert layout.header_lines == ()
    assert layout.columns == ["列1", "列2", "列3"]
    assert layout.data_from_line == 1
    assert codes(layout) == ["header_not_found"]


def test_single_column_file() -> None:
    layout = detect_layout(records("名称", "中央公園", "北公園"))
    assert (layout.header_lines, layout.columns, layout.data_from_line) == ((1,), ["名称"], 2)


def test_header_only() -> None:
    layout = detect_layout(records("名称,住所"))
    assert layout.columns == ["名称", "住所"]
    assert layout.data_from_line == 2


def test_trailing_empty_columns_get_no_name_but_data_beyond_the_header_does() -> None:
    assert detect_layout(records("名称,住所,,,", "A,B,,,")).columns == ["名称", "住所"]
    layout = detect_layout(records("名称,住所,電話", "A,B,C,D"))
    assert layout.columns == ["名称", "住所", "電話", "列4"]


def test_too_many_columns_is_refused() -> None:
    header = ",".join(f"列見出し{i}" for i in range(MAX_COLUMNS + 1))
    with pytest.raises(TabularError) as caught:
        detect_layout(records(header, header))
    assert caught.value.code == "too_many_columns"
    assert str(MAX_COLUMNS) in caught.value.message_ja


def test_duplicate_and_empty_names_become_unique() -> None:
    names, notes = unique_names(["名称", "", "名称", "名称_2", "名称"], row=1)
    assert names == ["名称", "列2", "名称_3", "名称_2", "名称_4"]
    assert [n.code for n in notes] == [
        "header_empty_named",
        "header_duplicate_renamed",
        "header_duplicate_renamed",
    ]
    assert notes[1].column == "名称_3" and notes[1].row == 1


def test_line_breaks_in_header_cells() -> None:
    assert clean_name("利用可能\n曜日") == "利用可能曜日"
    assert clean_name(" Opening\r\nhours ") == "Opening hours"
    assert clean_name("男性トイレ数\n（小便器）") == "男性トイレ数（小便器）"


@pytest.mark.parametrize(
    "cell",
    [
        "1,234",
        "１２３",
        "△123",
        "▲5",
        "-",
        "…",
        "X",
        "***",
        "12.5%",
        "2023/4/1",
        "R5.4.1",
        "9:00",
        "令和5年4月1日",
    ],
)
def test_values_are_value_like(cell: str) -> None:
    assert is_value_like(cell)


@pytest.mark.parametrize("cell", ["名称", "人口_男", "0～4歳", "住所", "TEL", "R&D"])
def test_names_are_not_value_like(cell: str) -> None:
    assert not is_value_like(cell)


@given(st.lists(st.text(max_size=6), min_size=1, max_size=30))
def test_unique_names_are_always_unique_and_non_empty(raw: list[str]) -> None:
    names, _ = unique_names(raw)
    assert len(names) == len(raw)
    assert len(set(names)) == len(names)
    assert all(name.strip() for name in names)
