"""fix_file: the output is in the current layout, every mechanical fix applied, and
re-validates with no fixable problem left (all 12 real files and crafted ones)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hiraku.schemas.codes import CODES
from hiraku.schemas.fix import NoStandard, fix_file
from hiraku.schemas.registry import get_schema
from hiraku.schemas.validate import validate_file
from tests.schemas.crafted import DEMO_DATA, valid_row, write_standard, write_table
from tests.schemas.test_validate_samples import SAMPLES


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def row_codes(counts) -> dict[str, int]:
    return {code: n for code, n in counts.items() if CODES[code].scope == "row"}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_a_fixed_sample_revalidates_with_nothing_fixable_left(name: str, tmp_path: Path) -> None:
    out = tmp_path / "fixed.csv"
    report = fix_file(DEMO_DATA / name, out)
    again = validate_file(out, schema_id=report.schema.id)
    assert (again.schema.id, again.layout) == (SAMPLES[name].schema, "current")
    assert [p for p in again.problems if p.fixable] == []
    assert again.conforms is report.conforms
    # What the fix report says it could not fix is exactly what is left.
    assert row_codes(again.counts) == row_codes(report.unfixed_counts)
    with out.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    schema = get_schema(report.schema.id)
    assert header[: len(schema.field_names)] == list(schema.field_names)


def test_fixing_twice_changes_nothing(tmp_path: Path) -> None:
    once, twice = tmp_path / "once.csv", tmp_path / "twice.csv"
    fix_file(DEMO_DATA / "yaizu_222127_tourism_sights.csv", once)
    fix_file(once, twice, schema_id="tourism")
    assert twice.read_bytes() == once.read_bytes()


def test_the_legacy_layout_is_mapped_with_its_joins(tmp_path: Path) -> None:
    out = tmp_path / "aed.csv"
    report = fix_file(DEMO_DATA / "yaizu_222127_aed.csv", out)
    first = read_csv(out)[0]
    assert first["全国地方公共団体コード"] == "222127" and first["ID"] == "0000000001"
    assert first["地方公共団体名"] == "静岡県焼津市"
    assert first["所在地_連結表記"] == "静岡県焼津市本町2-16-32"
    assert first["設置位置"] == "２階正面入口"  # free text keeps its full-width digits
    assert any("住所＋方書" in note.message_ja for note in report.notes)
    assert report.fixed == {} and report.conforms


def test_address_and_katagaki_join_with_an_ideographic_space(tmp_path: Path) -> None:
    path = write_standard(tmp_path / "in.csv", "public-toilet",
                          {"住所": "静岡県焼津市本町2-16-32", "方書": "市役所1階"},
                          layout="legacy")  # fmt: skip
    fix_file(path, tmp_path / "out.csv")
    first = read_csv(tmp_path / "out.csv")[0]
    assert first["所在地_連結表記"] == "静岡県焼津市本町2-16-32\u3000市役所1階"
    assert first["建物名等(方書)"] == "市役所1階"


def test_every_mechanical_fix_lands_in_the_output(tmp_path: Path) -> None:
    path = write_standard(
        tmp_path / "in.csv", "public-toilet",
        {"都道府県コード又は市区町村コード": "22212", "名称": "焼津駅\r\n北口トイレ",
         "名称_カナ": "やいづえき", "緯度": "138.323171", "経度": "34.866918",
         "多機能トイレ数": "１", "男性トイレ総数": " 2", "利用開始時間": "9:00",
         "利用終了時間": "終日", "車椅子使用者用トイレ有無": "○"},
        layout="legacy", extra={"管理番号": "A-1"},
    )  # fmt: skip
    out = tmp_path / "out.csv"
    report = fix_file(path, out)
    first = read_csv(out)[0]
    assert {name: first[name] for name in (
        "全国地方公共団体コード", "名称", "名称_カナ", "緯度", "経度", "バリアフリートイレ数",
        "男性トイレ総数", "利用開始時間", "利用終了時間", "車椅子使用者用トイレ有無", "管理番号",
    )} == {
        "全国地方公共団体コード": "222127", "名称": "焼津駅 北口トイレ", "名称_カナ": "ヤイヅエキ",
        "緯度": "34.866918", "経度": "138.323171", "バリアフリートイレ数": "1",
        "男性トイレ総数": "2", "利用開始時間": "09:00", "利用終了時間": "24:00",
        "車椅子使用者用トイレ有無": "有", "管理番号": "A-1",
    }  # fmt: skip
    assert list(first)[-1] == "管理番号"  # local columns at the end
    assert report.conforms and report.unfixed == []
    assert validate_file(out).conforms is True


def test_era_dates_become_iso_and_the_header_is_respelt(tmp_path: Path) -> None:
    path = write_standard(tmp_path / "in.csv", "population", {"調査年月日": "令和5年4月1日"},
                          {"調査年月日": "R5.5.1"}, renames={"総人口": "総 人 口"})  # fmt: skip
    out = tmp_path / "out.csv"
    report = fix_file(path, out)
    assert [row["調査年月日"] for row in read_csv(out)] == ["2023-04-01", "2023-05-01"]
    assert report.fixed["format-date"] == 2
    assert any("総 人 口" in note.message_ja for note in report.notes)


def test_year_last_dates_are_fixed_when_the_column_proves_the_order(tmp_path: Path) -> None:
    path = write_standard(tmp_path / "in.csv", "population", {"調査年月日": "5/1/2023"},
                          {"調査年月日": "12/31/2023"})  # fmt: skip
    out = tmp_path / "out.csv"
    fix_file(path, out)
    assert [row["調査年月日"] for row in read_csv(out)] == ["2023-05-01", "2023-12-31"]


def test_columns_are_reordered_and_repeated_ones_merged(tmp_path: Path) -> None:
    names = list(get_schema("public-toilet").field_names)
    row = {**valid_row("public-toilet"), "緯度": "", "経度": ""}
    order = [names[3], *names[:3], *names[4:]]
    path = write_table(tmp_path / "in.csv", [*order, "緯度", "経度"],
                       [[row[n] for n in order] + ["34.9", "138.3"]])  # fmt: skip
    out = tmp_path / "out.csv"
    fix_file(path, out)
    first = read_csv(out)[0]
    assert list(first) == names
    assert (first["緯度"], first["経度"]) == ("34.9", "138.3")
    assert validate_file(out).counts == {}


def test_what_cannot_be_fixed_is_listed_with_the_original_rows(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    report = fix_file(DEMO_DATA / "takamatsu_0002_aed_2023-02.csv", out)
    phone = next(p for p in report.unfixed if p.code == "phone")
    assert phone.row == 103  # the line in the original file, metadata rows included
    assert not report.conforms
    first = read_csv(out)[0]
    assert (first["緯度"], first["経度"]) == ("34.34092056", "134.04522972")  # location split
    assert "#property" not in first


def test_dropped_and_local_columns_are_reported(tmp_path: Path) -> None:
    report = fix_file(DEMO_DATA / "takamatsu_0066_202305_population.csv", tmp_path / "o.csv")
    notes = " ".join(note.message_en for note in report.notes)
    assert "Left out columns the current standard has no place for: location" in notes
    assert "#property" in notes
    assert read_csv(tmp_path / "o.csv")[0]["全国地方公共団体コード"] == "372013"


def test_a_file_that_follows_no_standard_cannot_be_fixed(tmp_path: Path) -> None:
    path = write_table(tmp_path / "in.csv", ["品目", "数量"], [["りんご", "3"]])
    with pytest.raises(NoStandard) as raised:
        fix_file(path, tmp_path / "out.csv")
    assert "近い候補" in raised.value.message_ja and "Closest" in raised.value.message_en
    assert not (tmp_path / "out.csv").exists()


def test_the_report_lists_fixes_notes_and_what_is_left(tmp_path: Path) -> None:
    report = fix_file(DEMO_DATA / "yaizu_222127_tourism_sights.csv", tmp_path / "o.csv")
    data = report.as_dict()
    assert data["fixed"] == {"line-break": 5}
    assert data["unfixed_counts"] == {"phone": 1}
    assert any("Kept 19 local columns" in note["message_en"] for note in data["notes"])
    assert any("line breaks in 5 cells" in note["message_en"] for note in data["notes"])


CELL = st.lists(
    st.sampled_from(
        ["1", "3", "２", "22212", "222128", "34.8", "138.3", "９：００", "9:00", "終日", "24:00",
         "令和5年4月1日", "○", "有", "無", "てすと", "ﾃｽﾄ", "\n", " ", "、", "-", "(054)626-1139",
         "０５４－６２６－１１３９", "https://", "x.jp", "@", "階", "A-1"]
    ),
    max_size=4,
).map("".join)  # fmt: skip
MUTATED = [
    "全国地方公共団体コード", "ID", "名称", "名称_カナ", "緯度", "経度", "高度の種別",
    "男性トイレ総数", "車椅子使用者用トイレ有無", "利用開始時間", "利用終了時間", "画像",
]  # fmt: skip


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(changes=st.lists(st.fixed_dictionaries({}, optional=dict.fromkeys(MUTATED, CELL)),
                        min_size=1, max_size=3))  # fmt: skip
def test_any_fixed_file_revalidates_with_nothing_fixable(changes, tmp_path: Path) -> None:
    path = write_standard(tmp_path / "in.csv", "public-toilet", *changes)
    out = tmp_path / "out.csv"
    report = fix_file(path, out)
    again = validate_file(out, schema_id="public-toilet")
    assert [(p.code, p.value) for p in again.problems if p.fixable] == []
    assert row_codes(again.counts) == row_codes(report.unfixed_counts)
