"""match_headers: what each input column fills, and what the header row gets wrong."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hiraku.schemas.headers import match_headers
from hiraku.schemas.model import UnknownLayout
from hiraku.schemas.registry import get_schema
from tests.schemas.sample_headers import BY_FILE

TOILET = get_schema("public-toilet")
AED = get_schema("aed")
TOILET_HEADERS = list(TOILET.field_names)


def issues(match, code: str) -> list:
    return [issue for issue in match.issues if issue.code == code]


def test_a_conforming_header_row_has_nothing_to_report() -> None:
    match = match_headers(list(BY_FILE["yaizu_222127_public_toilet.csv"].headers), TOILET)
    assert match.score == 1.0
    assert match.issues == ()
    assert [c.field for c in match.columns] == TOILET_HEADERS


def test_the_legacy_head_reads_as_the_current_head() -> None:
    match = match_headers(list(BY_FILE["yaizu_222127_aed.csv"].headers), AED, "legacy")
    fields = dict(match.mapping)
    assert fields["都道府県コード又は市区町村コード"] == "全国地方公共団体コード"
    assert fields["NO"] == "ID"
    assert fields["住所"] == "所在地_連結表記"
    assert fields["方書"] == "建物名等(方書)"
    assert fields["名称"] == "名称"
    assert match.columns[0].kinds == ("legacy",)
    assert match.columns[4].kinds == ()
    assert match.score == 1.0


def test_prefecture_and_municipality_names_join_into_the_publisher_name() -> None:
    match = match_headers(list(BY_FILE["yaizu_222127_aed.csv"].headers), AED, "legacy")
    prefecture, municipality = match.columns[2], match.columns[3]
    assert (prefecture.field, prefecture.role) == ("地方公共団体名", "part")
    assert (municipality.field, municipality.role) == ("地方公共団体名", "part")
    assert match.duplicates == ()


def test_legacy_names_are_info_but_misspelt_ones_warn() -> None:
    match = match_headers(list(BY_FILE["yaizu_222127_preschool.csv"].headers), get_schema("05"),
                          "legacy")  # fmt: skip
    variants = {i.original: i for i in issues(match, "header-variant")}
    code = variants["都道府県コ―ド又は市区町村コ―ド"]
    assert (code.kinds, code.severity) == (("lookalike", "legacy"), "warning")
    assert code.canonical == "全国地方公共団体コード"
    assert (variants["NO"].kinds, variants["NO"].severity) == (("legacy",), "info")
    assert "コ―ド" in code.message_ja and "look-alike" in code.message_en


def test_a_legacy_name_inside_a_current_file_warns() -> None:
    headers = ["住所" if h == "所在地_連結表記" else h for h in TOILET_HEADERS]
    match = match_headers(headers, TOILET)
    column = match.columns[TOILET_HEADERS.index("所在地_連結表記")]
    assert (column.field, column.via, column.kinds) == ("所在地_連結表記", "legacy", ("legacy",))
    assert [i.severity for i in issues(match, "header-variant")] == ["warning"]
    assert "所在地_連結表記" not in match.missing_fields


def test_english_location_splits_into_latitude_and_longitude() -> None:
    match = match_headers(list(BY_FILE["takamatsu_0002_aed_2023-02.csv"].headers), AED, "english")
    location = next(c for c in match.columns if c.original == "location")
    assert (location.role, location.targets, location.canonical) == ("split", ("緯度", "経度"),
                                                                     "緯度・経度")  # fmt: skip
    assert location.kinds == ("english",)
    assert match.columns[0].marker and not match.columns[0].is_extra
    assert match.score == 1.0


def test_population_location_has_no_column_to_go_to_but_is_not_extra() -> None:
    headers = list(BY_FILE["takamatsu_0066_202305_population.csv"].headers)
    match = match_headers(headers, get_schema("population"), "english")
    location = next(c for c in match.columns if c.original == "location")
    assert (location.role, location.field, location.is_extra) == ("drop", None, False)
    assert dict(match.mapping)["man18"] == "85歳以上の男性"
    assert match.missing_fields == ()


def test_english_typo_is_reported_with_its_kind() -> None:
    headers = list(BY_FILE["takamatsu_public_toilet_data.csv"].headers)
    match = match_headers(headers, TOILET, "english")
    image = next(c for c in match.columns if c.original == "iamgeLicense")
    assert (image.field, image.kinds) == ("画像_ライセンス", ("typo", "english"))


def test_known_aliases_match_with_their_kind() -> None:
    headers = [
        "小児対応機器設備の有無" if h == "小児対応設備の有無" else h for h in AED.field_names
    ]
    column = match_headers(headers, AED).columns[AED.field("小児対応設備の有無").position]
    assert (column.field, column.kinds) == ("小児対応設備の有無", ("alias",))
    height = match_headers(["高度の域"], TOILET).columns[0]
    assert (height.field, height.kinds) == ("高度の値", ("typo",))


def test_numbered_headers_all_match() -> None:
    headers = [f"{i}.{h}" for i, h in enumerate(TOILET_HEADERS, start=1)]
    match = match_headers(headers, TOILET)
    assert match.score == 1.0
    assert {c.kinds for c in match.columns} == {("numbered",)}


def test_repeated_coordinates_are_duplicates() -> None:
    headers = [*TOILET_HEADERS, "緯度", "経度"]
    match = match_headers(headers, TOILET)
    first = TOILET_HEADERS.index("緯度")
    assert match.duplicates == (len(TOILET_HEADERS), len(TOILET_HEADERS) + 1)
    assert match.columns[-2].duplicate_of == first
    assert [i.column for i in issues(match, "duplicate-column")] == list(match.duplicates)


def test_swapped_columns_are_out_of_order_once() -> None:
    headers = list(TOILET_HEADERS)
    lat, lon = headers.index("緯度"), headers.index("経度")
    headers[lat], headers[lon] = headers[lon], headers[lat]
    match = match_headers(headers, TOILET)
    assert len(match.out_of_order) == 1 and match.out_of_order[0] in (lat, lon)
    assert [i.severity for i in issues(match, "column-order")] == ["warning"]


def test_a_missing_required_column_is_an_error_only_where_the_level_is_official() -> None:
    toilet = match_headers([h for h in TOILET_HEADERS if h != "設置位置"], TOILET)
    aed = match_headers([h for h in AED.field_names if h != "設置位置"], AED)
    (toilet_issue,) = issues(toilet, "missing-column")
    (aed_issue,) = issues(aed, "missing-column")
    assert (toilet_issue.canonical, toilet_issue.severity) == ("設置位置", "error")
    assert (aed_issue.canonical, aed_issue.severity) == ("設置位置", "warning")
    assert "必須" in aed_issue.message_ja and "required" in aed_issue.message_en


def test_a_missing_recommended_column_is_only_info() -> None:
    match = match_headers([h for h in TOILET_HEADERS if h != "名称_カナ"], TOILET)
    (issue,) = issues(match, "missing-column")
    assert (issue.canonical, issue.severity) == ("名称_カナ", "info")


def test_a_missing_legacy_column_names_the_legacy_header() -> None:
    headers = [h for h in BY_FILE["yaizu_222127_aed.csv"].headers if h != "住所"]
    match = match_headers(headers, AED, "legacy")
    assert match.missing == ("住所",)
    (issue,) = [i for i in issues(match, "missing-column") if i.canonical == "所在地_連結表記"]
    assert "「住所」" in issue.message_ja and "住所" in issue.message_en


def test_local_columns_are_kept_as_extras() -> None:
    headers = list(BY_FILE["yaizu_222127_tourism_sights.csv"].headers)
    match = match_headers(headers, get_schema("tourism"), "legacy")
    assert len(match.extras) == 19
    assert match.extras[0].original == "区分1"
    assert {i.severity for i in issues(match, "extra-column")} == {"info"}


def test_blank_headers_warn_without_counting_against_the_schema() -> None:
    match = match_headers([*TOILET_HEADERS, ""], TOILET)
    (issue,) = issues(match, "blank-header")
    assert (issue.column, issue.severity) == (len(TOILET_HEADERS), "warning")
    assert match.score == 1.0


def test_a_layout_the_schema_lacks_is_refused_in_both_languages() -> None:
    with pytest.raises(UnknownLayout) as caught:
        match_headers(["施設名称"], get_schema("food-business"), "legacy")
    assert "legacy" in caught.value.message_en and caught.value.message_ja


HOSTILE = st.lists(
    st.one_of(
        st.text(max_size=40),
        st.sampled_from(['"', "]", ";", "\n", "名称\n", "漢" * 200, "#property", "", "　"]),
    ),
    max_size=12,
)


@given(HOSTILE)
def test_any_header_row_gets_one_answer_per_column(headers: list[str]) -> None:
    match = match_headers(headers, TOILET)
    assert [c.original for c in match.columns] == headers
    assert 0.0 <= match.score <= 1.0
    for issue in match.issues:
        assert issue.message_ja and issue.message_en
