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
from hiraku.tabular import pipeline as pipeline_module
from hiraku.tabular.errors import TabularError
from hiraku.tabular.formats.csv_reader import Part, cut_in_two
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
from hiraku.tabular.read import BATCH_ROWS, RowStream, open_table

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
    return analysis.columns, analysis.report.as_dict(), _rebatched(batches)


def _rebatched(batches: list[tuple[list[int], list[list[Any]]]]) -> list[tuple]:
    """(line, values) per row: the rows without where the batches happen to end (a cut file
    reads its first part to the cut, so the batch before the cut is short)."""
    return [
        (line, row)
        for lines, columns_ in batches
        for line, row in zip(lines, zip(*columns_, strict=True), strict=True)
    ]


def _cut_at(monkeypatch: pytest.MonkeyPatch, share: float) -> None:
    """Pass one cuts the file ``share`` of the way in (at the next line start)."""
    monkeypatch.setattr(helper_module, "cut_target", lambda size: int(size * share))


@pytest.fixture(autouse=True)
def _cut_in_the_middle(monkeypatch: pytest.MonkeyPatch) -> None:
    """The files here are small, which the real cut would leave whole."""
    _cut_at(monkeypatch, 0.5)


@pytest.mark.parametrize("cut", [0.3, 0.7])
@pytest.mark.parametrize("helper_from", [1, 2, 3], ids=["after-lead-in", "last-batch", "none"])
def test_a_helper_changes_nothing(
    mixed: Path, monkeypatch: pytest.MonkeyPatch, helper_from: int, cut: float
) -> None:
    """Pass one cuts the file in two where set here; pass two hands the helper the batches
    from a point that is set here (the main process converts the first two alone, then
    the helper converts the rest, only the last, or none)."""
    alone = _both_passes(mixed, helper=False)
    _cut_at(monkeypatch, cut)
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
    assert len(alone[2]) == ROWS


def _cut_before(monkeypatch: pytest.MonkeyPatch, data: bytes, text: str, encoding: str) -> int:
    """Pass one cuts the file just before the line starting with ``text``: its offset."""
    start = data.index(b"\n" + text.encode(encoding)) + 1
    monkeypatch.setattr(helper_module, "cut_target", lambda size: start - 1)
    return start


def _infer_shared_outcomes(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """What each pass one with a helper returns from here on (None: the file read whole)."""
    outcomes: list[Any] = []
    infer_shared = pipeline_module.infer_shared
    monkeypatch.setattr(
        pipeline_module, "infer_shared",
        lambda *args: outcomes.append(infer_shared(*args)) or outcomes[-1],
    )  # fmt: skip
    return outcomes


@pytest.mark.parametrize(
    ("before", "held_back"),
    [("4001,", [1]), ("※人口は", []), ("3998,施設", [0])],
    ids=["after-a-blank-row", "only-footnotes-after", "before-a-multi-line-cell"],
)
def test_a_cut_anywhere_changes_nothing(
    mixed: Path, monkeypatch: pytest.MonkeyPatch, before: str, held_back: list[int]
) -> None:
    """A first part that ends holding back a blank row (the table goes on after it), a
    second part with only footnotes (read on here, the rows held back first), a cut just
    before a quoted cell with a line break."""
    alone = _both_passes(mixed, helper=False)
    _cut_before(monkeypatch, mixed.read_bytes(), before, "cp932")
    flushed: list[int] = []
    flush = RowStream.flush_pending
    monkeypatch.setattr(
        RowStream, "flush_pending", lambda self: flushed.append(len(self.pending)) or flush(self)
    )
    shared = _both_passes(mixed, helper=True)
    assert shared == alone
    assert flushed == held_back  # rows held back at the cut, once the helper's part showed
    assert any(n["code"] == "blank_row_skipped" and n["row"] == 4005 for n in alone[1]["issues"])
    assert alone[1]["footnotes"] == ["※人口は住民基本台帳による"]


def test_a_cut_inside_a_quoted_cell_reads_the_file_whole(
    mixed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Quotes that pair up move the cut past a cell with a line break; where they do not
    (a file quoted otherwise), the first part finds it has ended inside a cell, and pass
    one reads the whole file in one process."""
    data = mixed.read_bytes()
    inside = data.index("二行目".encode("cp932"))  # the second line of a quoted cell
    parts = cut_in_two(mixed, inside - 3)
    assert parts is not None and parts[1].start > inside
    assert data[parts[1].start - 2: parts[1].start] == b"\r\n"
    alone = _both_passes(mixed, helper=False)
    wrong = (Part(0, inside, 0), Part(inside, None, data[:inside].count(b"\n")))
    monkeypatch.setattr(helper_module, "cut_in_two", lambda path, target: wrong)
    outcomes = _infer_shared_outcomes(monkeypatch)
    assert _both_passes(mixed, helper=True) == alone
    assert outcomes == [None]  # read whole


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


@pytest.mark.parametrize("keep_rows", [True, False], ids=["rows-kept", "rows-read-again"])
def test_a_column_that_changes_late_ends_as_in_one_process(
    write_text: Writer, monkeypatch: pytest.MonkeyPatch, keep_rows: bool
) -> None:
    """The main process tells the helper what it has ruled out after two batches; a column
    it rules a type out of later (in the third of four) is classified again over the
    helper's rows, as kept or read from the file again."""
    path = write_text(_changing_file(), encoding="utf-8")
    alone = _both_passes(path, helper=False)
    _cut_at(monkeypatch, 0.8)
    if not keep_rows:
        monkeypatch.setattr(helper_module, "KEEP_ROWS_UP_TO_BYTES", 0)
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
    assert len(made) == 4
    assert sum("hiraku-rows-" in path for path in made) == 2  # one per process
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
    batches = _rebatched([(list(lines), values) for lines, values in passed])
    assert (analysis.columns, analysis.report.as_dict(), batches) == expected
    assert analysis.kept is None  # read back once


def test_kept_rows_go_with_the_analysis(mixed: Path) -> None:
    import gc

    analysis = analyse(mixed, helper=True)  # and no pass two
    assert analysis.kept is not None
    paths = [path for path, _ in analysis.kept.parts]
    assert len(paths) == 2 and all(os.path.getsize(path) > 0 for path in paths)
    del analysis
    gc.collect()
    assert not any(map(os.path.exists, paths))


def test_kept_batches_come_back_as_written_from_any_batch(tmp_path: Path) -> None:
    written = [(range(3, 5), [["a", "b"], ["1", ""]]),
               ([7, 9], [["改行\nあり", "ｶﾅ"], [None, "２"]]),  # a padded row's None
               (range(10, 11), [["z\x00NUL"], ["3"]])]  # the separator inside a cell
    first = helper_module._Keeping(str(tmp_path / "kept"))
    for batch in written:
        first.add(batch)
    assert len(first.sizes) == 3
    kept = [(first.path, first.sizes)]

    def read(first: int = 1) -> list:
        return [(lines, [list(cells) for cells in by_column])
                for lines, by_column in helper_module.kept_batches(kept, first=first)]

    assert read() == written
    assert read(2) == written[1:]
    assert read(4) == []
    # a second file (the helper's part) follows the first
    more = [(range(11, 12), [["y"], ["4"]]), (range(12, 14), [["x", "w"], ["", "5"]])]
    later = helper_module._Keeping(str(tmp_path / "later"))
    for batch in more:
        later.add(batch)
    kept.append((later.path, later.sizes))
    assert read() == written + more
    assert read(3) == written[2:] + more
    assert read(4) == more
    assert read(5) == more[1:]


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
    assert isinstance(shared[2][-1][1][area], float)  # the last row's, from the helper


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
    _, _, rows = _both_passes(mixed, helper=True)
    first_row = rows[0][1]
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

    def failed(self: Helper, expected: str) -> None:
        raise HelperFailed("exit code 9")

    monkeypatch.setattr(Helper, "receive", failed)
    shared = analyse(mixed, helper=True)
    assert shared.columns == alone.columns
    assert shared.report.as_dict() == alone.report.as_dict()


def test_a_file_whose_encoding_cannot_be_cut_is_read_whole(
    write_text: Writer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In UTF-16 a line break's byte can be half of another character: no cut."""
    path = write_text(_mixed_file(BATCH_ROWS * 2), encoding="utf-16")
    assert open_table(path).encoding == "utf-16"
    outcomes = _infer_shared_outcomes(monkeypatch)
    assert _both_passes(path, helper=True) == _both_passes(path, helper=False)
    assert outcomes == [None]


def test_a_sparse_column_is_taken_from_what_the_helper_recorded(
    write_text: Writer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """備考 filled in one row of ten has too few values after two batches to rule types
    out; the main process rules them out later, on its part, so the helper's statistics
    cannot be absorbed: the cells the helper recorded are classified instead of the
    helper's rows being read again."""
    lines = ["番号,件数,備考"]
    lines += [f"{n},{n * 3},{'要確認' if n % 10 == 0 else ''}" for n in range(1, BATCH_ROWS * 8)]
    path = write_text("\n".join(lines) + "\n")
    alone = _both_passes(path, helper=False)
    _cut_at(monkeypatch, 0.8)
    again = []
    monkeypatch.setattr(helper_module, "_classify_again", lambda *args: again.append(args))
    recorded = []
    add_compact = helper_module._add_compact
    monkeypatch.setattr(
        helper_module, "_add_compact",
        lambda stats, *compact: recorded.append(stats.name) or add_compact(stats, *compact),
    )  # fmt: skip
    assert _both_passes(path, helper=True) == alone
    assert not again
    assert recorded and set(recorded) == {"備考"}
    types = {c.name: c.type for c in alone[0]}
    assert types["件数"] == "integer" and types["備考"] == "text"


@pytest.mark.parametrize("where", [0.45, 0.8], ids=["in-the-main-part", "in-the-helpers-part"])
def test_mixed_encodings_stop_with_the_line_named_in_either_part(
    write_bytes: Callable[..., Path], caplog: pytest.LogCaptureFixture, where: float
) -> None:
    """A CP932 line in a UTF-8 file (past the first MiB read to find the layout) stops pass
    one with the line named, whichever process reads it: a helper that fails hands its
    part back to the main process, which reads it and names the same line."""
    rows = 200_000
    bad = int(rows * where)
    lines = [f"地区{i},{i}\r\n".encode() for i in range(rows)]
    lines[bad] = "南区,５\r\n".encode("cp932")
    path = write_bytes(b"name,count\r\n" + b"".join(lines), "mixed.csv")
    with pytest.raises(TabularError) as alone:
        analyse(path, helper=False)
    with pytest.raises(TabularError) as shared:
        analyse(path, helper=True)
    assert alone.value.code == shared.value.code == "decode_error"
    assert alone.value.row == shared.value.row == bad + 2
    helper_failed = "the helper of pass one failed" in caplog.text
    assert helper_failed == (where > 0.5)
