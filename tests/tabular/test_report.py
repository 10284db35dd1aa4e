"""The report: its JSON shape, bilingual messages, severities, caps and change names."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from hiraku.tabular import values as values_module
from hiraku.tabular.errors import MESSAGES, Note
from hiraku.tabular.report import (
    CHANGE_NAMES,
    ISSUES_PER_CODE,
    SEVERITY,
    ColumnReport,
    Report,
)
from hiraku.tabular.types import type_label
from tests.tabular.typing_helpers import column


def make_report(**fields: object) -> Report:
    defaults: dict[str, object] = {
        "format": "csv",
        "encoding": "cp932",
        "sheet": None,
        "sheets": [],
        "header_row": 3,
        "title": "令和5年度 施設一覧",
        "metadata": {},
    }
    return Report(**{**defaults, **fields})  # type: ignore[arg-type]


def test_as_dict_has_the_keys_other_tools_rely_on() -> None:
    report = make_report(row_count=4)
    report.columns.append(
        ColumnReport("人口", "integer", 0.995, nonnull=3, nulls=1, examples=["1", "2"])
    )
    report.columns[0].changes["fullwidth_digits"] += 2
    report.issue("type_mismatch", row=5, column="人口", value="不明", type=type_label("integer"))
    data = report.as_dict()
    assert {"encoding", "format", "header_row", "columns", "row_count", "issues"} <= set(data)
    assert (data["encoding"], data["format"], data["header_row"], data["row_count"]) == (
        "cp932",
        "csv",
        3,
        4,
    )
    (column,) = data["columns"]
    assert {"name", "type"} <= set(column)
    assert column["fill_rate"] == 0.75 and column["fit_rate"] == 0.995
    assert column["changes"] == {"fullwidth_digits": 2}
    assert data["changes"] == {"fullwidth_digits": 2}
    (issue,) = data["issues"]
    assert set(issue) >= {"row", "column", "code", "message_ja", "message_en"}
    assert (issue["row"], issue["column"], issue["code"]) == (5, "人口", "type_mismatch")
    assert issue["severity"] == "warning"
    json.dumps(data, ensure_ascii=False)  # serializable as it is


def test_fill_rate_of_an_empty_table_is_zero() -> None:
    report = make_report(row_count=0)
    report.columns.append(ColumnReport("a", "text", 1.0, nonnull=0, nulls=0, examples=[]))
    assert report.as_dict()["columns"][0]["fill_rate"] == 0.0


def test_issues_are_listed_up_to_a_cap_and_counted_in_full() -> None:
    report = make_report()
    for row in range(ISSUES_PER_CODE + 50):
        report.issue("line_break_in_cell", row=row + 2, column="説明")
    report.issue("impossible_date", row=9, column="日付", value="令和5年2月29日")
    assert report.note_counts == Counter({"line_break_in_cell": 150, "impossible_date": 1})
    assert len(report.notes) == ISSUES_PER_CODE + 1
    assert report.as_dict()["issue_counts"]["line_break_in_cell"] == 150
    assert [n.code for n in report.errors()] == ["impossible_date"]


def test_issue_beyond_the_cap_does_not_write_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    report = make_report()
    for row in range(ISSUES_PER_CODE):
        report.issue("line_break_in_cell", row=row, column="説明")
    built: list[str] = []
    monkeypatch.setattr(Note, "of", classmethod(lambda cls, code, **kw: built.append(code)))
    report.issue("line_break_in_cell", row=1000, column="説明")
    assert built == [] and report.note_counts["line_break_in_cell"] == ISSUES_PER_CODE + 1


def test_extend_keeps_the_readers_own_totals() -> None:
    report = make_report()
    notes = [Note.of("blank_row_skipped", row=i) for i in range(3)]
    report.extend(notes, Counter({"blank_row_skipped": 250}))
    assert len(report.notes) == 3 and report.note_counts["blank_row_skipped"] == 250


def test_changes_add_up_over_columns() -> None:
    report = make_report()
    for name, count in (("a", 2), ("b", 3)):
        column = ColumnReport(name, "text", 1.0, nonnull=1, nulls=0, examples=[])
        column.changes["trimmed"] = count
        report.columns.append(column)
    assert report.changes == Counter({"trimmed": 5})


def test_every_severity_names_a_message() -> None:
    assert set(SEVERITY) <= set(MESSAGES)
    assert set(SEVERITY.values()) <= {"info", "warning", "error"}


def test_every_change_has_a_japanese_and_an_english_name() -> None:
    for kind, (ja, en) in CHANGE_NAMES.items():
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", ja), kind
        assert re.search(r"[a-z]", en) and not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", en)


CORPUS = {
    "integer": ["１，２３４", "△1", "5人", "-", "X", "不明", "2.5"],
    "number": ["12.5%", "1,000.5円"],
    "date": ["令和5年4月1日", "2023/4/1", "Ｒ５．４．１", "令和5年2月29日", "-", "X", "?"],
    "datetime": ["2023/4/1 9:00", "?"],
    "time": ["9:00", "９：００", "25:00", "?"],
    "boolean": ["true", "-", "?"],
    "text": [" ｶﾅ ", "１階", "a\nb"],
}
ROLES = {
    "phone": ["(054)626-1139"],
    "url": ["ＨＴＴＰ://a.jp"],
    "lgcode": ["37201", "999999"],
    "latlon": ["34.3, 134.0", "134.0,34.3", "1,1"],
}


def test_every_change_the_rules_can_make_has_a_name() -> None:
    kinds: set[str] = set()
    for type_, cells in CORPUS.items():
        rules = values_module.ValueRules(column(type_))
        kinds |= {kind for cell in cells for kind in rules.outcome(cell)[1]}
    for role, cells in ROLES.items():
        rules = values_module.ValueRules(column("text", role=role))
        kinds |= {kind for cell in cells for kind in rules.outcome(cell)[1]}
    rules = values_module.ValueRules(column("number", "緯度", role="latitude"))
    kinds |= set(rules.outcome("35°39'29\"N")[1])
    assert len(kinds) >= 20
    assert kinds <= set(CHANGE_NAMES), kinds - set(CHANGE_NAMES)


def test_notes_in_the_report_carry_both_languages() -> None:
    report = make_report()
    report.issue("mixed_units", column="事業費", units="円, 千円")
    (issue,) = report.as_dict()["issues"]
    assert "事業費" in issue["message_ja"] and "円, 千円" in issue["message_en"]
    assert issue["message_en"].startswith("Column '事業費' mixes units")
