"""RowStream.batches(): the rows a few thousand at a time, with the lines each row starts on,
exactly as reading them one by one gives them (quoted line breaks, blank and ragged rows,
footnotes, and an error far into the file)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hiraku.tabular.errors import TabularError
from hiraku.tabular.formats import csv_reader
from hiraku.tabular.formats.csv_reader import FIELD_LIMIT, Part, cut_in_two
from hiraku.tabular.read import BATCH_ROWS, PartMisaligned, RawRow, open_table

Writer = Callable[..., Path]
ROWS = BATCH_ROWS * 2 + 500  # three batches


def _lines(rows: int, newline: str = "\r\n") -> list[str]:
    lines = ["市の施設一覧", "", "番号,名称,備考"]
    for n in range(1, rows + 1):
        if n % 997 == 0:
            lines.append(f'{n},施設{n},"一行目{newline}二行目"')  # a line break inside a cell
        elif n % 1499 == 0:
            lines.append(",,")  # a blank row inside the table
        elif n % 1733 == 0:
            lines.append(f"{n},施設{n}")  # a short row, padded
        else:
            lines.append(f"{n},施設{n},")
    return [*lines, "", "※出典：市民課"]


def test_batches_give_the_rows_and_lines_of_single_rows(write_text: Writer) -> None:
    path = write_text("\r\n".join(_lines(ROWS)) + "\r\n", encoding="cp932")
    table = open_table(path)
    single = list(table.rows())
    stream = table.rows()
    batched = [RawRow(line, cells) for lines, rows in stream.batches()
               for line, cells in zip(lines, rows, strict=True)]  # fmt: skip
    assert batched == single
    assert len({len(row.cells) for row in batched}) == 1  # every row the header's width
    assert stream.footnotes == ["※出典：市民課"]
    assert stream.row_count == len(single)


@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"])
def test_rows_after_a_cell_with_line_breaks_keep_their_lines(
    write_text: Writer, newline: str
) -> None:
    text = newline.join(_lines(ROWS, newline)) + newline
    path = write_text(text, encoding="utf-8")
    rows = {cells[0]: line for line, cells in open_table(path).rows()}
    # Three title/header lines, then one line per row, plus one for each break above it.
    for number in (1, 996, 997, 998, 5000, ROWS):
        breaks_before = number // 997 - (1 if number % 997 == 0 else 0)
        assert rows[str(number)] == 3 + number + breaks_before


def test_a_csv_error_far_into_the_file_names_its_line(write_text: Writer) -> None:
    lines = ["番号,名称"] + [f"{n},施設{n}" for n in range(1, 9001)]
    lines[8500] = f"8500,{'長' * (FIELD_LIMIT + 10)}"  # line 8501: a field beyond csv's limit
    path = write_text("\n".join(lines) + "\n")
    stream = open_table(path).rows()
    with pytest.raises(TabularError) as caught:
        for _ in stream.batches():
            pass
    assert caught.value.code == "field_too_large"
    assert caught.value.row == 8501


def test_a_spreadsheet_streams_in_batches_too(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["番号", "名称"])
    for n in range(1, BATCH_ROWS + 11):
        sheet.append([n, f"施設{n}"] if n != 7 else [None, None])
    path = tmp_path / "data.xlsx"
    book.save(path)
    table = open_table(path)
    batches = list(table.rows().batches())
    assert len(batches) == 2
    assert sum(len(rows) for _, rows in batches) == BATCH_ROWS + 9
    lines = [line for batch_lines, _ in batches for line in batch_lines]
    assert lines[:7] == [2, 3, 4, 5, 6, 7, 9]  # sheet rows; the blank row 8 is skipped


# --- a file read in two parts (what pass one's helper does) ------------------------------


def _read_in_parts(table: Any, parts: tuple[Part, Part]) -> tuple:
    """Rows, notes and footnotes of the two parts put together as helper.infer_shared does."""
    first, later = table.rows(parts[0]), table.rows(parts[1])
    rows = [row for batch in first.batches() for row in zip(*batch, strict=True)]
    later_rows = [row for batch in later.batches() for row in zip(*batch, strict=True)]
    outcome = later.outcome()
    if outcome.went_on:
        if (flushed := first.flush_pending()) is not None:
            rows += zip(*flushed, strict=True)
        rows += later_rows
    else:  # the rows the first part held back may be footnotes: read the rest after them
        rest = table.rows(parts[1], first.pending)
        rows += [row for batch in rest.batches() for row in zip(*batch, strict=True)]
        outcome = rest.outcome()
    first.join(outcome)
    return rows, first.notes, first.note_counts, first.footnotes, first.row_count


@pytest.mark.parametrize("newline", ["\r\n", "\n"])
@pytest.mark.parametrize("chunk", [7, 1 << 20], ids=["tiny-chunks", "chunks"])
def test_two_parts_read_as_the_whole_file(
    write_text: Writer, monkeypatch: pytest.MonkeyPatch, newline: str, chunk: int
) -> None:
    """Wherever the cut falls (before a blank row, in a quoted cell with a line break,
    among the footnotes), the parts give the rows, lines, notes and footnotes of the
    whole file; a \\r\\n that the reading chunks split is one line break."""
    monkeypatch.setattr(csv_reader, "CHUNK_BYTES", chunk)
    lines = _lines(BATCH_ROWS + 300, newline)
    lines[-2:] = ["", "※出典：市民課", "注）令和5年4月1日現在"]
    data = newline.join(lines) + newline
    path = write_text(data, encoding="cp932")
    table = open_table(path)
    whole = table.rows()
    rows = [row for batch in whole.batches() for row in zip(*batch, strict=True)]
    expected = (rows, whole.notes, whole.note_counts, whole.footnotes, whole.row_count)
    encoded = data.encode("cp932")
    targets = [encoded.index(f"{newline}{n},".encode()) for n in (2, 997, 1500, 3000)]
    targets += [encoded.index("一行目".encode("cp932")), encoded.index(b",,")]
    targets += [encoded.index("※出典".encode("cp932")) - 1, encoded.rindex(b"\n", 0, -1)]
    for target in targets:
        parts = cut_in_two(path, target)
        assert parts is not None
        assert parts[0].end == parts[1].start and encoded[parts[1].start - 1] == ord("\n")
        assert _read_in_parts(table, parts) == expected, target
    assert cut_in_two(path, len(encoded) - 1) is None  # no line starts after it


def test_a_first_part_that_ends_inside_a_quoted_cell_says_so(write_text: Writer) -> None:
    data = "\r\n".join(_lines(BATCH_ROWS)) + "\r\n"
    path = write_text(data, encoding="cp932")
    encoded = data.encode("cp932")
    inside = encoded.index(b"\n", encoded.index("一行目".encode("cp932"))) + 1
    stream = open_table(path).rows(Part(0, inside, 0))
    with pytest.raises(PartMisaligned):
        for _ in stream.batches():
            pass


def test_a_later_part_of_a_file_with_a_byte_order_mark_keeps_a_zero_width_space(
    write_bytes: Callable[..., Path],
) -> None:
    """U+FEFF is a byte order mark only at the start of the file; a line that starts with
    it after the cut keeps it, as reading the whole file does."""
    lines = ["名称,備考"] + [f"施設{n}," for n in range(50)] + ["\ufeff施設50,注"]
    data = ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")
    path = write_bytes(data, "bom.csv")
    table = open_table(path)
    assert table.encoding == "utf-8-sig"
    parts = cut_in_two(path, data.index("\ufeff施設50".encode()) - 1)
    assert parts is not None
    whole = table.rows()
    rows = [row for batch in whole.batches() for row in zip(*batch, strict=True)]
    assert rows[-1][1][0] == "\ufeff施設50"
    assert _read_in_parts(table, parts)[0] == rows


def test_notes_beyond_the_limit_are_counted_across_both_parts(write_text: Writer) -> None:
    """Blank rows all through the file: each part notes up to the limit per kind; joined,
    the first part's notes come first, the limit holds, and the count stays exact."""
    lines = ["番号,名称"] + [",," if n % 10 == 0 else f"{n},施設{n}" for n in range(1, 5001)]
    data = "\n".join(lines) + "\n"
    path = write_text(data)
    table = open_table(path)
    whole = table.rows()
    rows = [row for batch in whole.batches() for row in zip(*batch, strict=True)]
    parts = cut_in_two(path, len(data) // 2)
    assert parts is not None
    expected = (rows, whole.notes, whole.note_counts, whole.footnotes, whole.row_count)
    assert _read_in_parts(table, parts) == expected
    assert whole.note_counts["blank_row_skipped"] == 500


def test_a_file_with_old_mac_line_breaks_is_not_cut(write_text: Writer) -> None:
    path = write_text("番号,名称\r" + "".join(f"{n},施設{n}\r" for n in range(1000)))
    assert cut_in_two(path, 100) is None  # no \n to cut at: pass one reads it whole
