"""The helper process (hiraku.tabular.helper): sharing columns with it changes nothing in what
a file yields — types, values, report, issues in file order — and its failures are heard."""

from __future__ import annotations

import os
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from hiraku.tabular import helper as helper_module
from hiraku.tabular.helper import (
    Costs,
    Helper,
    HelperFailed,
    columns,
    handover_batch,
    helper_wanted,
    lead_in_batches,
)
from hiraku.tabular.infer import ColumnStats
from hiraku.tabular.pipeline import analyse, normalized_batches, normalized_rows
from hiraku.tabular.read import BATCH_ROWS, open_table

Writer = Callable[..., Path]
ROWS = BATCH_ROWS * 3 + 123


def _mixed_file(rows: int) -> str:
    """Every kind of work both passes do, with problems spread over all batches."""
    lines = ["施設一覧（令和5年4月1日現在）",
             "番号,名称,開設日,人口,面積,緯度,経度,開始時間,備考"]  # fmt: skip
    for n in range(1, rows + 1):
        date = ("令和5年2月29日" if n % 2011 == 0 else  # impossible: reported
                f"R{n % 5 + 1}.{n % 12 + 1}.{n % 28 + 1}" if n % 3 == 0 else
                f"20{n % 20 + 10}/{n % 12 + 1}/{n % 28 + 1}")  # fmt: skip
        people = ("不明" if n % 3001 == 0 else "－" if n % 17 == 0 else
                  f"{n * 7:,}".translate(str.maketrans("0123456789,", "０１２３４５６７８９，"))
                  if n % 5 == 0 else f"{n * 7}人")  # fmt: skip
        lat, lon = f"35.{n % 9000 + 1000}", f"139.{n % 8000 + 1000}"
        if n % 2503 == 0:
            lat, lon = lon, lat  # swapped: put back, and reported
        note = '"一行目\n二行目"' if n % 1999 == 0 else "ｶﾞｲﾄﾞ付き" if n % 7 == 0 else ""
        lines.append(f"{n},施設{n % 700},{date},{people},{n % 97}.5,{lat},{lon},"
                     f"{n % 12 + 8}:00,{note}")  # fmt: skip
        if n % 4000 == 0:
            lines.append(",,,,,,,,")  # a blank row inside the table
    return "\r\n".join([*lines, "※人口は住民基本台帳による"]) + "\r\n"


@pytest.fixture
def mixed(write_text: Writer) -> Path:
    return write_text(_mixed_file(ROWS), encoding="cp932")


def _both_passes(path: Path, helper: bool, encoders: list[Any] | None = None) -> tuple:
    analysis = analyse(path, helper=helper)
    passed = normalized_batches(analysis, encoders, helper=helper)
    batches = [(list(lines), values) for lines, values in passed]
    return analysis.columns, analysis.report.as_dict(), batches


@pytest.mark.parametrize("helper_from", [1, 2, 3], ids=["after-lead-in", "last-batch", "none"])
def test_a_helper_changes_nothing(
    mixed: Path, monkeypatch: pytest.MonkeyPatch, helper_from: int
) -> None:
    """Pass one shares columns; pass two hands the helper the batches from a point that is
    set here (four batches: the main process converts the first two alone, then the helper
    converts batches 3 and 4, only 4, or none)."""
    alone = _both_passes(mixed, helper=False)
    monkeypatch.setattr(
        helper_module, "handover_batch", lambda lead_in, *costs, **named: lead_in + helper_from
    )
    shared = _both_passes(mixed, helper=True)
    assert shared[0] == alone[0]
    assert shared[1] == alone[1]
    assert shared[2] == alone[2]
    types = {column.name: column.type for column in alone[0]}
    assert types["開設日"] == "date" and types["人口"] == "integer"
    codes = {note["code"] for note in alone[1]["issues"]}
    assert {"impossible_date", "latlon_swapped"} <= codes  # the problems were there to see
    assert alone[1]["row_count"] == ROWS
    assert len(alone[2]) == 4


def _changing_file() -> str:
    """Columns that change character after the first half: one process rules types out
    there, which the helper's statistics alone cannot show."""
    lines = ["番号,件数,日付,区分"]
    for n in range(1, BATCH_ROWS * 4):
        late = n > BATCH_ROWS * 2
        count = f"約{n}件" if late and n % 3 else str(n)  # integers, then mostly text
        date = f"{n % 12 + 1}/{n % 28 + 1}/2023" if late else f"2023-{n % 12 + 1:02}-01"
        kind = "A" if n % 2 else "B"
        lines.append(f"{n},{count},{date},{kind}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("helper_from", [1, 2])
def test_a_column_that_changes_late_ends_as_in_one_process(
    write_text: Writer, monkeypatch: pytest.MonkeyPatch, helper_from: int
) -> None:
    path = write_text(_changing_file(), encoding="utf-8")
    alone = _both_passes(path, helper=False)
    monkeypatch.setattr(
        helper_module, "handover_batch", lambda lead_in, *costs, **named: lead_in + helper_from
    )
    again = []
    classify_again = helper_module._classify_again
    monkeypatch.setattr(
        helper_module, "_classify_again",
        lambda stats, indexes, *args: again.append(indexes) or classify_again(
            stats, indexes, *args),
    )  # fmt: skip
    shared = _both_passes(path, helper=True)
    assert shared == alone
    assert again and 1 in again[0]  # 件数 was classified again over the helper's rows
    assert {c.name: c.type for c in alone[0]}["件数"] == "text"


def test_later_rows_are_absorbed_as_if_read_on() -> None:
    one = ColumnStats("件数", None)
    first = ColumnStats("件数", None)
    values = [str(n) for n in range(3000)] + ["-", "不明"] + [f"{n}.5" for n in range(50)]
    one.add_values(values)
    first.add_values(values[:2500])
    later = first.later_rows()
    later.add_values(values[2500:])
    assert first.absorb(later)
    assert (first.nonnull, first.nulls, first.masks, first.examples, first.alive) == (
        one.nonnull, one.nulls, one.masks, one.examples, one.alive
    )
    # text from here on: one process would have ruled the numbers out on the way
    first = ColumnStats("件数", None)
    first.add_values(values[:2500])
    later = first.later_rows()
    later.add_values([f"第{n}号" for n in range(3000)])
    before = (first.nonnull, dict(first.masks))
    assert not first.absorb(later)
    assert (first.nonnull, dict(first.masks)) == before  # nothing changed


def test_the_spill_file_is_removed(mixed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = []
    mkstemp = helper_module.tempfile.mkstemp

    def remembered(*args: Any, **kwargs: Any) -> tuple[int, str]:
        descriptor, path = mkstemp(*args, **kwargs)
        made.append(path)
        return descriptor, path

    monkeypatch.setattr(helper_module.tempfile, "mkstemp", remembered)
    monkeypatch.setattr(helper_module, "handover_batch", lambda lead_in, *_, **__: lead_in + 1)
    _both_passes(mixed, helper=True)  # pass one's kept rows, pass two's spill
    passed = normalized_batches(analyse(mixed, helper=False), helper=True)
    next(passed)
    passed.close()  # a load that stops half-way (an error in the insert)
    assert len(made) == 3
    assert sum("hiraku-rows-" in path for path in made) == 1
    assert not any(map(os.path.exists, made))


@pytest.mark.parametrize("helper_in_pass_two", [True, False])
def test_pass_two_reads_the_rows_pass_one_kept(
    mixed: Path, tmp_path: Path, helper_in_pass_two: bool
) -> None:
    expected = _both_passes(mixed, helper=False)
    source = tmp_path / "gone.csv"
    source.write_bytes(mixed.read_bytes())
    analysis = analyse(source, helper=True)
    assert analysis.kept is not None and analysis.kept.complete
    source.unlink()  # pass two no longer needs the file
    passed = normalized_batches(analysis, helper=helper_in_pass_two)
    batches = [(list(lines), values) for lines, values in passed]
    assert (analysis.columns, analysis.report.as_dict(), batches) == expected
    assert analysis.kept is None  # read back once


def test_kept_rows_go_with_the_analysis(mixed: Path) -> None:
    import gc

    analysis = analyse(mixed, helper=True)  # and no pass two
    assert analysis.kept is not None
    path = analysis.kept.path
    assert os.path.getsize(path) > 0
    del analysis
    gc.collect()
    assert not os.path.exists(path)


def test_kept_batches_come_back_as_written_from_any_batch(tmp_path: Path) -> None:
    written = [(range(3, 5), [["a", "1"], ["b", ""]]),
               ([7, 9], [["改行\nあり", None], ["ｶﾅ", "２"]]),
               (range(10, 11), [["z", "3"]])]  # fmt: skip
    sizes: list[int] = []
    path = str(tmp_path / "kept")
    assert list(helper_module._keeping(iter(written), path, sizes)) == written
    assert len(sizes) == 3
    assert list(helper_module.kept_batches(path, sizes)) == written
    assert list(helper_module.kept_batches(path, sizes, first=2)) == written[1:]
    assert list(helper_module.kept_batches(path, sizes, first=4)) == []


def test_cells_marshal_cannot_write_end_the_keeping(tmp_path: Path) -> None:
    import datetime as dt

    batches = [(range(2, 3), [["a"]]), (range(3, 4), [[dt.date(2023, 4, 1)]]),
               (range(4, 5), [["c"]])]  # fmt: skip
    sizes: list[int] = []
    passed = list(helper_module._keeping(iter(batches), str(tmp_path / "kept"), sizes))
    assert passed == batches  # pass one goes on regardless
    assert sizes == [-1]  # and pass two parses the file again


def test_the_helper_takes_over_where_both_finish_together() -> None:
    # per batch: read 10, convert 40, insert 20, spill 5, unspill 5 (ms). The main process
    # keeps m of the 100 batches after a lead-in of 10: 70m + 25(100 - m) against
    # 10m + 55(100 - m): m = 33.
    assert handover_batch(10, 110, 0.010, 0.040, 0.020, 0.005, 0.005) == 10 + 1 + 33
    # converting is cheaper than handing a batch on: the helper converts all the rest
    assert handover_batch(10, 110, 0.010, 0.001, 0.020, 0.005, 0.005) == 11
    # nothing measured: the helper takes all the rest
    assert handover_batch(2, 4, 0.0, 0.0, 0.0, 0.0, 0.0) == 3


def test_encoders_travel_to_the_helper(mixed: Path) -> None:
    columns_ = analyse(mixed, helper=False).columns
    encoders = [float if c.type == "number" else None for c in columns_]
    alone = _both_passes(mixed, helper=False, encoders=encoders)
    shared = _both_passes(mixed, helper=True, encoders=encoders)
    assert shared == alone
    area = [c.name for c in columns_].index("面積")
    assert isinstance(shared[2][-1][1][area][0], float)


def test_encoders_that_cannot_travel_keep_one_process(mixed: Path) -> None:
    analysis = analyse(mixed, helper=False)
    width = len(analysis.columns)
    encoders = [lambda value: value] * width  # a lambda cannot be sent to another process
    assert not helper_module.encoders_travel(encoders)
    rows = list(normalized_rows(analysis, encoders))
    assert len(rows) == ROWS


def test_without_a_process_to_be_had_one_process_does_it_all(
    mixed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("Resource temporarily unavailable")

    alone = _both_passes(mixed, helper=False)
    monkeypatch.setattr(Helper, "__init__", refuse)
    assert _both_passes(mixed, helper=True) == alone


def test_the_values_come_back_typed(mixed: Path) -> None:
    _, _, batches = _both_passes(mixed, helper=True)
    first_row = [column[0] for column in batches[0][1]]
    assert first_row[3] == 7 and first_row[4] == Decimal("1.5")


# --- when a helper is wanted -------------------------------------------------------------


def test_big_delimited_files_take_a_helper(
    mixed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = open_table(mixed)
    assert not helper_wanted(table)  # small: starting a process costs more than it saves
    assert helper_wanted(table, requested=True)
    monkeypatch.setattr(helper_module, "HELPER_FROM_BYTES", 1024)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    assert helper_wanted(table)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    assert not helper_wanted(table)  # one core: nothing runs beside the main process


def test_a_one_column_table_keeps_one_process(write_text: Writer) -> None:
    table = open_table(write_text("名称\n" + "公園\n" * 10))
    assert not helper_wanted(table, requested=True)


def test_costs_count_new_values_at_the_rate_they_still_arrive() -> None:
    costs = Costs(2)
    for new in (1000, 800, 600, 400, 0, 0, 0, 0):  # a column whose values repeat more and more
        costs.add(0, 0.001 + new * 0.00001, new, new * 0.00001)
        costs.add(1, 0.002, 0, 0.0)  # a column of plain numbers
    repeat, plain = costs.per_batch()
    assert repeat == pytest.approx(0.001)  # its first sights are over
    assert plain == pytest.approx(0.002)


def test_columns_are_taken_one_by_one_or_by_transposing() -> None:
    rows = [[f"{r}-{c}" for c in range(10)] for r in range(3)]
    assert columns(rows, [2]) == [["0-2", "1-2", "2-2"]]
    assert [list(cells) for cells in columns(rows, list(range(8)))][7] == ["0-7", "1-7", "2-7"]
    assert columns([], [0, 1]) == [(), ()]


def test_the_split_is_decided_a_tenth_of_the_way_in() -> None:
    assert lead_in_batches(3) == 2
    assert lead_in_batches(100) == 10
    assert lead_in_batches(10_000) == 24


# --- a helper that fails is heard --------------------------------------------------------


def _fails(inbox: Any, outbox: Any) -> None:
    raise ValueError("broken on purpose")


def _dies(inbox: Any, outbox: Any) -> None:
    os._exit(3)


def _answers(inbox: Any, outbox: Any) -> None:
    outbox.put(("batch", inbox.get() * 2))


@pytest.mark.parametrize(
    ("job", "message"), [(_fails, "ValueError: broken on purpose"), (_dies, "exit code 3")]
)
def test_a_failing_helper_raises_in_the_main_process(job: Callable, message: str) -> None:
    helper = Helper(job)
    try:
        with pytest.raises(HelperFailed, match=message):
            helper.receive("batch")
    finally:
        helper.close()
    assert not helper.process.is_alive()


def test_a_helper_answers_in_kind() -> None:
    helper = Helper(_answers)
    try:
        helper.send(21)
        with pytest.raises(HelperFailed, match="batch where done was due"):
            helper.receive("done")
    finally:
        helper.close()


def test_pass_one_reads_on_when_its_helper_fails(
    mixed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = analyse(mixed, helper=False)
    monkeypatch.setattr(helper_module, "handover_batch", lambda lead_in, *_, **__: lead_in + 1)

    def failed(self: Helper, expected: str) -> None:
        raise HelperFailed("exit code 9")

    monkeypatch.setattr(Helper, "receive", failed)
    shared = analyse(mixed, helper=True)
    assert shared.columns == alone.columns
    assert shared.report.as_dict() == alone.report.as_dict()
