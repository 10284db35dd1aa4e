"""Every problem code: a crafted file that has the problem, and one that does not.

Each case writes both files in tmp_path (a valid row of the standard with one thing changed),
validates them, and checks the code, its severity and its fix. A test also proves every code
in CODES has a case, so a new code cannot go untested.
"""

from __future__ import annotations

import ast
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from hiraku.schemas.codes import CODES, Problem
from hiraku.schemas.registry import get_schema
from hiraku.schemas.validate import MAX_PER_CODE, validate_file
from hiraku.tabular import TabularError
from tests.schemas.crafted import valid_row, write_standard, write_table

TOILET, EVACUATION, FACILITY, POPULATION = (
    "public-toilet", "evacuation-space", "public-facility", "population"
)  # fmt: skip
TOILET_FIELDS = list(get_schema(TOILET).field_names)

Writer = Callable[[Path], Path]


def standard(schema_id: str, *changes: dict[str, str], **options) -> Writer:
    return lambda path: write_standard(path, schema_id, *changes, **options)


def swapped(names: list[str], first: str, second: str) -> list[str]:
    i, j = names.index(first), names.index(second)
    names = list(names)
    names[i], names[j] = names[j], names[i]
    return names


def unrelated(path: Path) -> Path:
    return write_table(path, ["品目", "数量", "単価"], [["りんご", "3", "120"]])


@dataclass(frozen=True)
class Case:
    bad: Writer
    good: Writer
    severity: str
    fix: str | None = None
    schema_id: str | None = None
    column: str | None = None
    extra: dict = field(default_factory=dict)


CASES: dict[str, Case] = {
    "no-standard": Case(unrelated, standard(TOILET), "info"),
    "schema-mismatch": Case(unrelated, standard("aed"), "error", schema_id="aed"),
    "legacy-layout": Case(standard("aed", layout="legacy"), standard("aed"), "warning"),
    "english-layout": Case(standard(TOILET, layout="english"), standard(TOILET), "warning"),
    "header-variant": Case(
        standard(TOILET, renames={"所在地_連結表記": "所在地＿連結表記"}), standard(TOILET),
        "warning", fix="所在地_連結表記", column="所在地＿連結表記",
    ),
    "extra-column": Case(standard(TOILET, extra={"管理番号": "A-1"}), standard(TOILET), "info"),
    "blank-header": Case(standard(TOILET, extra={"": "x"}), standard(TOILET), "warning",
                         fix=f"列{len(TOILET_FIELDS) + 1}"),
    "missing-column": Case(
        standard(TOILET, columns=[n for n in TOILET_FIELDS if n != "名称"]), standard(TOILET),
        "error", column="名称",
    ),
    "column-order": Case(standard(TOILET, columns=swapped(TOILET_FIELDS, "ID", "名称")),
                         standard(TOILET), "warning"),
    "duplicate-column": Case(standard(TOILET, columns=[*TOILET_FIELDS, "緯度"]),
                             standard(TOILET), "warning"),
    "required-missing": Case(standard(TOILET, {"名称": ""}), standard(TOILET), "error",
                             column="名称"),
    "type": Case(standard(TOILET, {"男性トイレ総数": "約3"}), standard(TOILET), "error"),
    "fullwidth": Case(standard(TOILET, {"男性トイレ総数": "３"}), standard(TOILET), "error",
                      fix="3"),
    "whitespace": Case(standard(TOILET, {"男性トイレ総数": " 3"}), standard(TOILET), "warning",
                       fix="3"),
    "out-of-range": Case(standard(TOILET, {"男性トイレ総数": "-1"}), standard(TOILET), "error"),
    "pattern": Case(standard(TOILET, {"ID": "A-1"}), standard(TOILET, {"ID": "LL0100022200"}),
                    "error"),
    "enum": Case(standard(TOILET, {"高度の種別": "階"}), standard(TOILET, {"高度の種別": "階数"}),
                 "error"),
    "format-date": Case(standard(POPULATION, {"調査年月日": "令和5年4月1日"}),
                        standard(POPULATION), "error", fix="2023-04-01"),
    "format-time": Case(standard(TOILET, {"利用開始時間": "9:00"}),
                        standard(TOILET, {"利用終了時間": "24:00"}), "error", fix="09:00"),
    "lgcode-format": Case(standard(TOILET, {"全国地方公共団体コード": "22212"}),
                          standard(TOILET), "error", fix="222127"),
    "lgcode-check-digit": Case(standard(TOILET, {"全国地方公共団体コード": "222128"}),
                               standard(TOILET, {"全国地方公共団体コード": "011002"}), "error"),
    # A common rule in a sheet whose levels are only inferred is still an error.
    "corporate-number-format": Case(standard(FACILITY, {"法人番号": "7-0000-1205-0002"}),
                                    standard(FACILITY), "error", fix="7000012050002"),
    "corporate-number-check-digit": Case(standard(FACILITY, {"法人番号": "1000012050002"}),
                                         standard(FACILITY), "error"),
    "postal-code": Case(standard(EVACUATION, {"郵便番号": "425-0021"}), standard(EVACUATION),
                        "error", fix="4250021"),
    "phone": Case(standard(EVACUATION, {"電話番号": "０５４－６２６－１１３９"}),
                  standard(EVACUATION, {"電話番号": "(054)626-1139"}), "error",
                  fix="054-626-1139"),
    "lat-out-of-range": Case(standard(TOILET, {"緯度": "50.1"}), standard(TOILET), "error",
                             column="緯度"),
    "lon-out-of-range": Case(standard(TOILET, {"経度": "160.2"}), standard(TOILET), "error",
                             column="経度"),
    "latlon-swapped": Case(standard(TOILET, {"緯度": "138.323171", "経度": "34.866918"}),
                           standard(TOILET), "error", fix="34.866918", column="緯度"),
    "cell-split": Case(standard("aed", {"location": "34.3409"}, layout="english"),
                       standard("aed", {"location": "34.3409,134.0452"}, layout="english"),
                       "error", column="location"),
    "flag": Case(standard(EVACUATION, {"災害種別_洪水": "○"}),
                 standard(EVACUATION, {"災害種別_洪水": ""}), "error", fix="1"),
    "multi-value": Case(standard(EVACUATION, {"対象となる町会・自治会": "本町、栄町"}),
                        standard(EVACUATION), "warning", fix="本町;栄町"),
    "katakana": Case(standard(TOILET, {"名称_カナ": "てすと"}), standard(TOILET), "error",
                     fix="テスト"),
    "weekdays": Case(standard(FACILITY, {"利用可能曜日": "月～金"}), standard(FACILITY),
                     "warning", fix="月火水木金"),
    "url": Case(standard(TOILET, {"画像": "www.example.jp/a.png"}), standard(TOILET), "error"),
    "email": Case(standard(EVACUATION, {"連絡先メールアドレス": "info@city"}),
                  standard(EVACUATION), "error"),
    "line-break": Case(standard(TOILET, {"名称": "焼津駅\n北口トイレ"}), standard(TOILET),
                       "error", fix="焼津駅 北口トイレ", column="名称"),
}  # fmt: skip


def test_every_documented_code_has_a_crafted_case() -> None:
    assert set(CASES) == set(CODES)


@pytest.mark.parametrize("code", sorted(CASES))
def test_the_failing_file_reports_the_code(code: str, tmp_path: Path) -> None:
    case = CASES[code]
    report = validate_file(case.bad(tmp_path / "bad.csv"), schema_id=case.schema_id)
    found = [p for p in report.problems if p.code == code]
    assert found, report.counts
    problem = found[0]
    assert problem.severity == case.severity
    assert problem.message_ja and problem.message_en and problem.message_ja != problem.message_en
    assert problem.fix == case.fix
    if case.column is not None:
        assert problem.column == case.column
    assert report.conforms is (None if code == "no-standard" else case.severity != "error")


@pytest.mark.parametrize("code", sorted(CASES))
def test_the_passing_file_does_not(code: str, tmp_path: Path) -> None:
    case = CASES[code]
    report = validate_file(case.good(tmp_path / "good.csv"), schema_id=case.schema_id)
    assert code not in report.counts
    assert report.conforms is True


@pytest.mark.parametrize(
    ("schema", "layout"),
    [(s, layout) for s in (TOILET, "aed", POPULATION, EVACUATION)
     for layout in get_schema(s).layouts],
)  # fmt: skip
def test_a_valid_row_in_any_layout_has_only_the_layout_warning(schema, layout, tmp_path) -> None:
    report = validate_file(write_standard(tmp_path / "f.csv", schema, layout=layout))
    assert (report.schema.id, report.layout, report.conforms) == (schema, layout, True)
    assert {c for c, n in report.counts.items() if c != "header-variant"} == (
        set() if layout == "current" else {f"{layout}-layout"}
    )


def test_an_inferred_required_level_only_warns(tmp_path: Path) -> None:
    # 08 AED: 設置位置 is required, but the level is inferred (x-hiraku-level-provenance I).
    report = validate_file(write_standard(tmp_path / "aed.csv", "aed", {"設置位置": ""}))
    (problem,) = report.problems
    assert (problem.code, problem.severity) == ("required-missing", "warning")
    assert report.conforms is True


def test_an_open_vocabulary_only_warns(tmp_path: Path) -> None:
    preschool = get_schema("preschool")
    kind = next(f for f in preschool.fields if f.enum_open)
    path = write_standard(tmp_path / "p.csv", "preschool", {kind.name: "認定公立保育所"})
    (problem,) = validate_file(path).problems
    assert (problem.code, problem.severity) == ("enum", "warning")


def test_rows_are_lines_in_the_file_even_after_a_multi_line_cell(tmp_path: Path) -> None:
    path = write_standard(tmp_path / "t.csv", TOILET, {"名称": "一行目\n二行目"},
                          {"全国地方公共団体コード": "222128"})  # fmt: skip
    rows = {p.code: p.row for p in validate_file(path).problems}
    assert rows == {"line-break": 2, "lgcode-check-digit": 4}


def test_problems_are_capped_per_code_but_counted_in_full(tmp_path: Path) -> None:
    rows = [{"全国地方公共団体コード": "222128"}] * (MAX_PER_CODE + 20)
    report = validate_file(write_standard(tmp_path / "t.csv", TOILET, *rows))
    assert report.counts["lgcode-check-digit"] == MAX_PER_CODE + 20
    assert len(report.problems) == MAX_PER_CODE
    assert report.as_dict()["omitted"] == {"lgcode-check-digit": 20}


def test_a_coordinate_that_is_no_number_is_an_error_even_where_levels_are_inferred(
    tmp_path: Path,
) -> None:
    report = validate_file(write_standard(tmp_path / "a.csv", "aed", {"緯度": "不明"}))
    assert [(p.code, p.severity) for p in report.problems] == [("type", "error")]


def test_a_repeated_column_takes_its_first_non_empty_value(tmp_path: Path) -> None:
    # 熊谷市: an empty 緯度/経度 pair first, the real one (in lon/lat order) after it.
    row = {**valid_row(TOILET), "緯度": "", "経度": ""}
    path = write_table(tmp_path / "t.csv", [*TOILET_FIELDS, "緯度", "経度"],
                       [[*row.values(), "138.323171", "34.866918"]])  # fmt: skip
    codes = [p.code for p in validate_file(path).problems]
    assert codes.count("duplicate-column") == 2 and codes.count("latlon-swapped") == 2


def test_the_report_has_the_documented_keys(tmp_path: Path) -> None:
    report = validate_file(write_standard(tmp_path / "t.csv", TOILET, {"名称": ""}))
    data = report.as_dict()
    assert {"schema", "layout", "score", "candidates", "conforms", "counts", "problems",
            "rows", "detected", "header_row", "message_ja", "message_en"} <= set(data)  # fmt: skip
    assert data["schema"]["id"] == TOILET and data["counts"]["by_severity"]["error"] == 1
    problem = data["problems"][0]
    assert {"code", "row", "column", "value", "message_ja", "message_en", "severity"} <= set(
        problem
    )
    assert "fix" not in problem  # only when one exists


def test_a_standard_can_be_named_by_number(tmp_path: Path) -> None:
    report = validate_file(write_standard(tmp_path / "a.csv", "aed"), schema_id="08")
    assert (report.schema.id, report.resolution.forced, report.as_dict()["detected"]) == (
        "aed",
        True,
        False,
    )


def test_an_unreadable_file_raises_a_bilingual_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(TabularError) as raised:
        validate_file(empty)
    assert raised.value.message_ja and raised.value.message_en


# Where codes are written in the source: the call and the position of its code argument.
CODE_ARGUMENT = {"finding": 0, "Finding": 0, "Problem": 0, "HeaderIssue": 0, "_about": 1,
                 "_problem": 3}  # fmt: skip
SOURCES = ["rules", "number_rules", "checks", "engine", "validate", "fix", "header_report"]


def codes_written_in_source() -> set[str]:
    package = Path(importlib.util.find_spec("hiraku.schemas").origin).parent
    found = set()
    for module in SOURCES:
        tree = ast.parse((package / f"{module}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            position = CODE_ARGUMENT.get(name)
            if position is None or len(node.args) <= position:
                continue
            argument = node.args[position]
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                found.add(argument.value)
    return found


def test_every_code_the_validator_can_emit_is_documented() -> None:
    written = codes_written_in_source()
    assert len(written) >= 30  # the walk finds the call sites
    assert written <= set(CODES)
    assert {f"{layout}-layout" for layout in ("legacy", "english")} <= set(CODES)


def test_an_undocumented_code_cannot_be_reported() -> None:
    with pytest.raises(ValueError, match="undocumented"):
        Problem("made-up", "error", "ja", "en")


def test_every_code_is_in_the_readme_table() -> None:
    readme = Path(importlib.util.find_spec("hiraku.schemas").origin).parent / "README.md"
    table = readme.read_text(encoding="utf-8").split("### Problem codes", 1)[1]
    for code, meaning in CODES.items():
        row = next((line for line in table.splitlines() if line.startswith(f"| `{code}` |")),
                   None)  # fmt: skip
        assert row is not None, code
        assert f"| {meaning.severity} |" in row, code
