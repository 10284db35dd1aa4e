"""Pass one: column types from every value, the 99.5 % rule, header roles, examples."""

from __future__ import annotations

import pytest

from hiraku.tabular.batch import count_blank
from hiraku.tabular.infer import (
    ALL_TYPES,
    BATCH,
    DATE,
    INTEGER,
    LATLON,
    NULL,
    NUMBER,
    TIME,
    CacheBudget,
    ColumnStats,
    Inference,
    classify,
)
from hiraku.tabular.types import Bilingual, header_role, type_label
from tests.tabular.typing_helpers import infer

# --- numbers ------------------------------------------------------------------------------


def test_plain_integers_are_an_integer_column() -> None:
    column = infer(["1", "22", "333", "-4", "0"])
    assert (column.type, column.fit, column.nonnull, column.nulls) == ("integer", 1.0, 5, 0)


@pytest.mark.parametrize(
    "values",
    [
        ["1,234", "12,345,678", "5"],  # thousands commas
        ["１，２３４", "５６", "７"],  # full-width digits and separators
        ["△123", "▲1,234", "10"],  # 前年比 negatives
        ["100人", "2,000人", "3人"],  # units written in cells
        ["1,234円", "￥500", "0"],
    ],
)
def test_japanese_integer_forms_are_an_integer_column(values: list[str]) -> None:
    assert infer(values).type == "integer"


def test_decimals_make_a_number_column_even_among_integers() -> None:
    assert infer(["1", "2.5", "-0.25", "３．５"]).type == "number"


def test_percent_cells_are_numbers_not_integers() -> None:
    assert infer(["12%", "５％", "100%"]).type == "number"


@pytest.mark.parametrize("mark", ["", " ", "\u3000", "-", "－", "—", "‐", "―", "…"])
def test_null_markers_count_as_empty_not_against_the_type(mark: str) -> None:
    column = infer(["1", mark, "3"])
    assert (column.type, column.nonnull, column.nulls, column.fit) == ("integer", 2, 1, 1.0)


@pytest.mark.parametrize("mark", ["X", "x", "χ", "*", "***", "秘匿"])
def test_suppression_marks_count_as_empty_not_against_the_type(mark: str) -> None:
    column = infer(["10", mark, "12"])
    assert (column.type, column.nulls) == ("integer", 1)


def test_leading_zeros_are_codes_and_keep_the_column_text() -> None:
    assert infer(["001", "002", "010"]).type == "text"
    assert infer(["０１２", "０３４"]).type == "text"
    assert infer(["0", "10", "200"]).type == "integer"  # a lone zero is a number


def test_excel_none_cells_are_nulls() -> None:
    column = infer([None, "1", None, "2"])
    assert (column.type, column.nonnull, column.nulls) == ("integer", 2, 2)


# --- the 99.5 % rule ------------------------------------------------------------------------


def test_a_column_is_typed_when_995_per_mille_fit() -> None:
    column = infer([str(i) for i in range(995)] + ["不明"] * 5)
    assert (column.type, column.fit) == ("integer", 0.995)


def test_a_column_stays_text_when_fewer_fit_and_says_how_close_it_came() -> None:
    column = infer([str(i) for i in range(994)] + ["不明", "未定", "?", "??", "n/a", "-?"])
    assert (column.type, column.fit) == ("text", 1.0)
    assert column.near_miss == ("integer", 0.994, "不明")


def test_mostly_text_columns_have_no_near_miss() -> None:
    assert infer(["1", "2", "東京", "大阪"]).near_miss is None


def test_share_counts_every_value_not_distinct_values() -> None:
    # one distinct misfit repeated makes 1 % of the cells, above the tolerance
    assert infer(["1"] * 990 + ["不明"] * 10).type == "text"
    assert infer([str(i) for i in range(990)] + ["不明"] * 4).type == "integer"


def test_empty_column_is_text() -> None:
    column = infer(["", "-", None])
    assert (column.type, column.nonnull, column.nulls) == ("text", 0, 3)


# --- dates and times -------------------------------------------------------------------------


def test_wareki_and_western_dates_mixed_are_a_date_column() -> None:
    values = ["令和5年4月1日", "R5.4.1", "R05/04/01", "平成31年4月30日", "令和元年5月1日",
              "Ｒ５．４．１", "2023/4/1", "2023年4月1日", "2023-04-01", "昭32. 7. 1"]  # fmt: skip
    assert infer(values).type == "date"


def test_impossible_dates_still_make_a_date_column() -> None:
    # flagged in pass two, not guessed: the column is a date column with a wrong date in it
    column = infer(["令和5年2月28日", "令和5年2月29日", "令和5年3月1日"])
    assert (column.type, column.fit) == ("date", 1.0)


def test_place_names_with_era_words_are_text() -> None:
    assert infer(["昭和町", "明治通り", "平成町1丁目"]).type == "text"


def test_us_style_dates_are_dates_when_the_column_proves_the_order() -> None:
    column = infer(["5/13/2023", "5/1/2023", "12/31/2023"])
    assert (column.type, column.order) == ("date", "mdy")
    column = infer(["13/5/2023", "1/5/2023"])
    assert (column.type, column.order) == ("date", "dmy")


def test_unproven_us_style_dates_stay_text_with_a_warning_example() -> None:
    column = infer(["5/1/2023", "6/1/2023"])
    assert (column.type, column.order, column.ambiguous_example) == ("text", "ymd", "5/1/2023")


def test_dates_proving_both_orders_stay_text() -> None:
    assert infer(["5/13/2023", "13/5/2023"]).type == "text"


def test_one_year_last_date_in_free_text_is_not_a_date_warning() -> None:
    column = infer(["駐車場あり", "5/1/2023", "土日休み", "予約制"])
    assert (column.type, column.ambiguous_example) == ("text", None)


def test_datetimes_and_dates_mixed_are_a_datetime_column() -> None:
    assert infer(["2023/4/1 9:00", "2023-04-01T17:30:00", "令和5年4月2日 10時"]).type == (
        "datetime"
    )
    assert infer(["2023/4/1 9:00", "2023-04-02"]).type == "datetime"
    assert infer(["2023-04-01", "2023-04-02"]).type == "date"


def test_times_in_every_common_form_are_a_time_column() -> None:
    assert infer(["9:00", "９：００", "24:00", "17時30分", "午後1時"]).type == "time"


def test_impossible_times_still_make_a_time_column() -> None:
    assert infer(["9:00", "25:00", "10:00"]).type == "time"


def test_true_false_are_boolean_but_flags_stay_text() -> None:
    assert infer(["true", "FALSE", "True"]).type == "boolean"
    assert infer(["有", "無", "有"]).type == "text"
    assert infer(["1", "0", "1"]).type == "integer"


# --- header roles ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("全国地方公共団体コード", "lgcode"),
        ("都道府県コ―ド又は市区町村コ―ド", "lgcode"),  # U+2015 typo in a real file
        ("prefCode", "lgcode"),
        ("緯度", "latitude"),
        ("緯度（世界測地系）", "latitude"),
        ("所在地_緯度", "latitude"),
        ("latitude", "latitude"),
        ("経度", "longitude"),
        ("lng", "longitude"),
        ("電話番号", "phone"),
        ("FAX番号", "phone"),
        ("TEL", "phone"),
        ("URL", "url"),
        ("ホームページ", "url"),
        ("ID", "code"),
        ("NO", "code"),
        ("町字ID", "code"),
        ("郵便番号", "code"),
        ("法人番号", "code"),
        ("POIコード", "code"),
        ("SSID", "code"),
        ("名称", None),
        ("人口", None),
        ("経度の説明", None),
    ],
)
def test_header_role(header: str, role: str | None) -> None:
    assert header_role(header) == role


@pytest.mark.parametrize(
    "header", ["ID", "NO", "郵便番号", "電話番号", "内線番号", "市区町村コード"]
)
def test_code_headers_keep_digits_as_text(header: str) -> None:
    column = infer(["1", "22", "333"], header)
    assert column.type == "text"


def test_coordinate_headers_read_dms_as_numbers() -> None:
    assert infer(["35°39'29\"N", "35.1", "北緯35度39分29秒"], "緯度").type == "number"
    assert infer(["35°39'29\"N", "35.1"], "備考").type == "text"


def test_lat_lon_in_one_cell_is_text_with_the_latlon_role() -> None:
    column = infer(["34.3409,134.0452", "34.34, 134.05", "(35.6, 139.7)", ""], "location")
    assert (column.type, column.role) == ("text", "latlon")
    assert infer(["1,234", "5,678"], "location").type == "integer"  # thousands, not pairs
    assert infer(["東京, 大阪", "34.3,134.0"], "備考").role is None


# --- overrides, examples, counts -------------------------------------------------------------


def test_override_sets_the_type_whatever_the_values() -> None:
    assert infer(["a", "b"], "値", 値="integer").type == "integer"
    assert infer(["1", "2"], "値", 値="text").type == "text"


def test_unknown_override_is_ignored() -> None:
    assert infer(["1", "2"], "値", 値="bigint").type == "integer"


def test_examples_are_the_first_three_distinct_filled_values() -> None:
    assert infer(["", "b", "b", " a ", "c", "d"]).examples == ("b", "a", "c")
    assert infer(["1", "1", "2", "3", "4"]).examples == ("1", "2", "3")


def test_examples_are_cut_to_80_characters() -> None:
    assert infer(["あ" * 200]).examples == ("あ" * 80,)


def test_rows_shorter_than_the_header_leave_later_columns_empty() -> None:
    inference = Inference(["a", "b"])
    inference.add_rows([["1", "2"], ["3"], ["4", "5"]])
    first, second = inference.result()
    assert (first.type, first.nonnull) == ("integer", 3)
    assert (second.type, second.nonnull, second.nulls) == ("integer", 2, 1)


def test_add_one_row_at_a_time_is_the_same_as_batches() -> None:
    rows = [[str(i), f"R{i % 5 + 1}.4.1", "東京"] for i in range(50)]
    one = Inference(["a", "b", "c"])
    for row in rows:
        one.add(row)
    batch = Inference(["a", "b", "c"])
    batch.add_rows(rows)
    assert one.result() == batch.result()


def test_progress_is_reported_every_ten_thousand_rows() -> None:
    seen: list[int] = []
    count = Inference(["a"]).add_rows([["1"]] * 25_000, seen.append)
    assert count == 25_000
    assert seen == [3 * BATCH, 5 * BATCH]  # the batches that cross 10,000 and 20,000


def test_ruled_out_types_stop_being_tested() -> None:
    stats = ColumnStats("備考", None, alive=ALL_TYPES | LATLON)
    stats.add_values([f"第{i}回" for i in range(BATCH)])
    assert stats.alive == 0
    assert not stats.cache  # text from now on: nothing kept


def test_a_date_column_keeps_only_date_types_alive() -> None:
    stats = ColumnStats("開設日", None)
    stats.add_values([f"令和{i % 5 + 1}年4月{i % 28 + 1}日" for i in range(BATCH)])
    assert stats.alive & DATE and not stats.alive & (INTEGER | NUMBER | TIME)


# --- the building blocks -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "mask"),
    [
        ("12", INTEGER | NUMBER),
        ("１，２３４", INTEGER | NUMBER),
        ("1.5", NUMBER),
        ("012", 0),
        ("2023-04-01", DATE),
        ("令和5年2月29日", DATE),
        ("9:00", TIME),
        ("-", NULL),
        ("X", NULL),
        ("  ", NULL),
        ("東京", 0),
    ],
)
def test_classify(value: str, mask: int) -> None:
    assert classify(value, ALL_TYPES, None) == mask


def test_classify_tests_only_the_types_still_alive() -> None:
    assert classify("12", DATE, None) == 0
    assert classify("20230401", DATE, None) == DATE  # only a date is left to be


def test_count_blank_sees_spaces_only_cells_and_survives_nul() -> None:
    assert count_blank(["", " ", "\u3000\t", "a", " b "]) == 3
    assert count_blank(["a\x00", "", " "]) == 2


def test_type_labels_format_in_each_language() -> None:
    label = type_label("date")
    assert label == Bilingual("日付", "dates")
    assert f"{label:ja}/{label:en}" == "日付/dates"


def test_cache_budget_is_shared_and_a_column_over_it_empties_its_own_cache() -> None:
    budget = CacheBudget(entries=3)
    busy, quiet = {}, {"x": 1}
    budget.left -= 1  # quiet's entry
    for key in "ab":
        assert budget.admit(busy)
        busy[key] = 0
    assert budget.left == 0
    assert budget.admit(busy)  # spent: busy gives its two entries back and starts over
    assert busy == {} and quiet == {"x": 1} and budget.left == 1
    budget.release(quiet)
    assert budget.left == 2 and quiet == {}


def test_what_a_cache_holds_does_not_change_the_outcome() -> None:
    """20230401 is tried as a number first; once numbers are ruled out it is a date. A value
    seen before the ruling must count as one seen after it does, cached or not."""
    dates = [f"2023-04-{day:02}" for day in range(1, 29)] * 100
    batches = [[*dates, *["20230401"] * 100], ["20230401"] * 500]
    cached, uncached = ColumnStats("日付", None), ColumnStats("日付", None, budget=CacheBudget(0))
    for values in batches:
        cached.add_values(values)
        uncached.add_values(values)
    assert cached.alive & DATE and not cached.alive & NUMBER
    assert cached.masks == uncached.masks
    assert cached.fits(DATE) == len(dates) + 500
