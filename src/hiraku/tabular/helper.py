"""A helper process for big files: a second core for both passes.

A load spends its time on every column of every batch (pass one classifies values, pass
two converts them) and on inserting rows, all on one core. For a big file a second process
opens the same file and works on part of it; only results cross between the processes,
never the raw cells.

- Pass one (``infer_shared``) cuts a delimited file in two at a line start
  (``csv_reader.cut_in_two``): the main process reads and classifies the first part, the
  helper the second, each keeping the rows it reads in a temporary file (``KeptRows``).
  The helper starts from what the main process had ruled out after its first batches; each
  column then ``absorb``s the helper's statistics, ending as if it had read on itself.
- Pass two (``SharedConversion``) splits by batches: the main process converts the first
  batches alone (the lead-in), timing them, and from those times decides the batch from
  which the helper takes over, so that both finish together (``handover_batch``). Both read
  the rows pass one kept (or parse the file again); the helper converts the later rows into
  a spill file, and the main process hands them on after its own.

What crosses is merged in file order, so the outcome is the one a single process reaches
reading the same batches: types, values, counts of changes, and issues in file order.
"""

from __future__ import annotations

import codecs
import contextlib
import gc
import itertools
import logging
import marshal
import multiprocessing
import os
import pickle
import queue
import tempfile
import weakref
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from operator import itemgetter
from time import perf_counter
from typing import Any, TypeVar

from hiraku.tabular.batch import collector_paused
from hiraku.tabular.convert import ColumnConverter, PendingIssues, convert_columns
from hiraku.tabular.formats.csv_reader import CUTTABLE_CODECS, Part, cut_in_two
from hiraku.tabular.infer import (
    CACHE_ENTRIES,
    PRUNE_AFTER,
    CacheBudget,
    ColumnStats,
    ColumnType,
    Inference,
)
from hiraku.tabular.read import (
    BATCH_ROWS,
    Batch,
    ColumnBatch,
    PartMisaligned,
    RawTable,
    RowStream,
    column_batches,
    open_table,
)

log = logging.getLogger(__name__)
AnyBatch = TypeVar("AnyBatch", Batch, ColumnBatch)

# Below this size a second process saves too little for what it costs (measured with
# bench/ingest.py against one process: 1.04× faster at 6 MB, 1.08× at 13 MB, 1.31× at 25 MB,
# 1.6× at 127 MB, each time for about 1.5× the CPU time and 70 MB more memory): starting it
# and the lead-in it cannot share weigh more in a small file.
HELPER_FROM_BYTES = 24 * 1024 * 1024
POLL_SECONDS = 1.0
# Pass one's helper keeps the rows it reads for pass two (KeptRows) in a temporary file of
# about 1.5 times the source's size; beyond this source size, pass two parses again.
KEEP_ROWS_UP_TO_BYTES = 1 << 30
# Pass one cuts the file in two. The helper starts a moment after the main process (a new
# interpreter, its imports, opening the file: 0.2 s measured), in which the main process
# reads about this many bytes.
HELPER_START_BYTES = 3 * 1024 * 1024
# Batches the main process classifies before it tells the helper which types are still alive
# (most columns rule types out in their first batch, see infer.PRUNE_AFTER).
SEND_STATS_AFTER = 2
# Cells of an unsettled column the helper records for the main process (_record).
RECORDED_VALUES = 100_000
# Pass two: the main process works alone on the first batches (the lead-in), timing them,
# and decides the split after them: about a tenth of the file in, when costs have settled
# (the first batches cost more: every value is new), but never later than this batch.
LATEST_SPLIT = 24


class HelperFailed(RuntimeError):
    """The helper process stopped without finishing (a bug, or the machine killed it)."""


def helper_wanted(table: RawTable, requested: bool | None = None) -> bool:
    """Whether a pass over ``table`` should take a helper: ``requested`` decides when given;
    otherwise big delimited files do, on a machine with a second core for it."""
    if len(table.columns) < 2 or multiprocessing.current_process().daemon:
        return False  # nothing to share, or no child processes allowed here
    if requested is not None:
        return requested
    if table.format not in ("csv", "tsv") or table.opened_with is None:
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cores or 1) >= 2 and _file_bytes(table) >= HELPER_FROM_BYTES


def _file_bytes(table: RawTable) -> int:
    return os.path.getsize(table.opened_with["path"]) if table.opened_with else 0


def lead_in_batches(batches: int) -> int:
    """How many batches the main process works on alone before the split is decided."""
    return max(2, min(LATEST_SPLIT, batches // 10))


class Costs:
    """What each column will cost a batch for the rest of the file, from the batches timed:
    the time spent on values seen before, plus the time new values take at the rate they
    still arrived over the last quarter of those batches (the first batches bring mostly
    new values, the cost of which fades as the caches fill)."""

    def __init__(self, width: int) -> None:
        self.batches: list[list[tuple[float, int, float]]] = [[] for _ in range(width)]

    def add(self, index: int, seconds: float, new_values: int, new_seconds: float) -> None:
        self.batches[index].append((seconds, new_values, new_seconds))

    def per_batch(self) -> list[float]:
        return [self._estimate(timed) for timed in self.batches]

    @staticmethod
    def _estimate(timed: list[tuple[float, int, float]]) -> float:
        if not timed:
            return 0.0
        seen_before = sum(seconds - new_seconds for seconds, _, new_seconds in timed) / len(timed)
        new_values = sum(new for _, new, _ in timed)
        per_new = sum(new_seconds for *_, new_seconds in timed) / new_values if new_values else 0
        recent = timed[-max(1, len(timed) // 4):]
        return max(seen_before, 0.0) + per_new * sum(new for _, new, _ in recent) / len(recent)


def read_paused(batches: Iterator[AnyBatch]) -> Iterator[AnyBatch]:
    """Batches read with the collector paused, as pass one and two read theirs (batch.py)."""
    while True:
        with collector_paused():
            batch = next(batches, None)
        if batch is None:
            return
        yield batch


def _by_column(rows: list[Any]) -> list[tuple[Any, ...]]:
    return list(zip(*rows, strict=True))


def columns(rows: list[Any], indexes: list[int]) -> list[Sequence[Any]]:
    """The cells of the columns at ``indexes``. Transposing every column in one sweep costs
    less per cell than taking a column at a time (which jumps from row to row in memory),
    so a few columns are taken one by one and many through a whole transposition."""
    if not rows or len(indexes) * 10 >= len(rows[0]) * 7:
        every = list(zip(*rows, strict=True))
        return [every[index] for index in indexes] if every else [() for _ in indexes]
    return [list(map(itemgetter(index), rows)) for index in indexes]


class Helper:
    """``job(inbox, outbox, *args)`` in a fresh process: ``send()`` puts in its inbox,
    ``receive()`` takes from its outbox.

    Processes are spawned, not forked: the caller may run threads (a web server's task
    worker) or hold database connections, which a fork would copy half-way.
    """

    def __init__(self, job: Callable[..., None], *args: Any) -> None:
        context = multiprocessing.get_context("spawn")
        self.inbox = context.Queue()
        self.outbox = context.Queue()  # small messages only: results travel in files
        self.process = context.Process(
            target=_run, args=(job, self.inbox, self.outbox, *args), daemon=True
        )
        self.process.start()

    def send(self, message: Any) -> None:
        self.inbox.put(message)

    def receive(self, expected: str) -> Any:
        """The next thing the helper put, which must be of the ``expected`` kind."""
        while True:
            try:
                kind, payload = self.outbox.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if not self.process.is_alive():
                    raise HelperFailed(f"exit code {self.process.exitcode}") from None
                continue
            if kind == "error":
                raise HelperFailed(payload)
            if kind != expected:
                raise HelperFailed(f"{kind} where {expected} was due")
            return payload

    def close(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(5)
        self.inbox.cancel_join_thread()  # a message the helper never took must not block exit
        self.inbox.close()
        self.outbox.close()


def _run(job: Callable[..., None], inbox: Any, outbox: Any, *args: Any) -> None:
    # The helper lives for one pass and its work makes no reference cycles: the collector
    # would only walk its caches over and over.
    gc.disable()
    try:
        job(inbox, outbox, *args)
    except BaseException as exc:  # whatever stops the job, the main process must hear of it
        outbox.put(("error", f"{type(exc).__name__}: {exc}"))


def _handed_over(inbox: Any, batches: Iterator[Batch], lead_in: int) -> Iterator[Batch]:
    """The helper's side of pass two without kept rows: the batches from the handover on,
    which the main process sends after its lead-in. The batches before are read (reading
    is what keeps both processes on the same rows) and passed over."""
    handover = 0
    for number, batch in enumerate(batches, 1):
        if number <= lead_in:
            continue
        if not handover:
            handover = inbox.get()
        if number >= handover:
            yield batch


# --- the rows of pass one, kept for pass two ---------------------------------------------


class KeptRows:
    """The batches of a file as pass one read them, column by column (as both passes work
    on them), kept in private temporary files (one per process, in file order) for pass
    two, which then reads them back instead of parsing the file again in each process and
    turning rows into columns again. marshal writes a million rows in about 0.9 s and reads
    them in 1.5 s, where parsing the CSV again costs 4.3 s.

    The files go with ``close()``, or with this object, whichever comes first.
    """

    def __init__(self) -> None:
        self.parts: list[tuple[str, list[int]]] = []  # (file, bytes of each batch)
        self._paths: list[str] = []
        self._remove = weakref.finalize(self, _remove_files, self._paths)

    def new_file(self) -> str:
        descriptor, path = tempfile.mkstemp(prefix="hiraku-rows-")
        os.close(descriptor)
        self._paths.append(path)
        return path

    def add(self, path: str, sizes: list[int]) -> None:
        """Take a file of ``dump_batch`` bytes, in file order."""
        self.parts.append((path, sizes))

    @property
    def complete(self) -> bool:
        return bool(self.parts) and all(os.path.exists(path) for path, _ in self.parts)

    @property
    def batch_count(self) -> int:
        return sum(len(sizes) for _, sizes in self.parts)

    def batches(self, first: int = 1) -> Iterator[ColumnBatch]:
        return kept_batches(self.parts, first)

    def close(self) -> None:
        self._remove()


def _remove_files(paths: list[str]) -> None:
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


def dump_batch(batch: ColumnBatch) -> bytes:
    """A batch as marshal bytes: lines as a range's ends when they are one (nearly always),
    each column's cells joined into one text (``_joined``). Only text and None cells (what
    delimited files hold), which marshal always writes."""
    lines, by_column = batch
    joined = list(map(_joined, by_column))
    if isinstance(lines, range) and lines.step == 1:
        return marshal.dumps((lines.start, lines.stop, None, joined))
    return marshal.dumps((0, 0, list(lines), joined))


def _joined(cells: Sequence[str | None]) -> str | Sequence[str | None]:
    """A column's cells as one text, split again when read back: writing and reading one
    text per column costs half of what a few thousand each do (4.1 → 1.6 ms a batch to
    write, 4.2 → 2.1 ms to read). A column with a None (a padded row) or with a cell that
    holds the separator stays as it is."""
    try:
        joined = _SEPARATOR.join(cells)  # type: ignore[arg-type]
    except TypeError:  # a None: asking first would cost a comparison a cell
        return cells
    return joined if joined.count(_SEPARATOR) == len(cells) - 1 else cells


_SEPARATOR = "\x00"


def kept_batches(
    parts: Sequence[tuple[str, Sequence[int]]], first: int = 1
) -> Iterator[ColumnBatch]:
    """The batches in files of ``dump_batch`` bytes, from batch number ``first`` (from 1)."""
    skip = first - 1
    for path, sizes in parts:
        if skip >= len(sizes):
            skip -= len(sizes)
            continue
        with open(path, "rb") as kept:
            kept.seek(sum(sizes[:skip]))
            for size in sizes[skip:]:
                # Private (mkstemp: mode 0600) and written by our own processes only.
                start, stop, listed, joined = marshal.loads(kept.read(size))  # noqa: S302
                by_column = [
                    cells.split(_SEPARATOR) if isinstance(cells, str) else cells
                    for cells in joined
                ]
                yield (range(start, stop) if listed is None else listed), by_column
        skip = 0


class _Keeping:
    """Column batches added to a kept file as they are read (``dump_batch``), their sizes
    in ``sizes``."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.sizes: list[int] = []

    def add(self, batch: ColumnBatch) -> None:
        data = dump_batch(batch)
        with open(self.path, "ab") as kept:  # a few hundred times a file: nothing to hold
            kept.write(data)
        self.sizes.append(len(data))


def _may_keep_rows(table: RawTable) -> bool:
    return _file_bytes(table) <= KEEP_ROWS_UP_TO_BYTES


# --- pass one ----------------------------------------------------------------------------


def cut_target(size: int) -> int:
    """Where to cut a file of ``size`` bytes: the main process starts at once and the helper
    a moment later (HELPER_START_BYTES), and both then read at the same pace."""
    return (size + HELPER_START_BYTES) // 2


def _parts(table: RawTable) -> tuple[Part, Part] | None:
    """The file in two parts, or None where it cannot be cut (an encoding whose line breaks
    can be part of a character, or no line start after the header)."""
    if not table.encoding or codecs.lookup(table.encoding).name not in CUTTABLE_CODECS:
        return None
    path = table.opened_with["path"] if table.opened_with else None
    parts = cut_in_two(path, cut_target(_file_bytes(table))) if path else None
    if parts is None or parts[1].lines_before < table.data_from:
        return None
    return parts


def infer_shared(
    inference: Inference,
    table: RawTable,
    progress: Callable[[int], None] | None = None,
    keep_rows: bool = True,
) -> tuple[int, KeptRows | None, RowStream] | None:
    """Pass one with a helper: the row count, with ``keep_rows`` the rows as read
    (``KeptRows``, for pass two), and the stream, complete as if it had read the whole
    file. None when the file cannot be read in two parts; ``inference`` must then start
    afresh.

    The file is cut in two at a line start (``_parts``); the main process classifies the
    first part and the helper the second. After two batches the main process sends the
    helper empty statistics for the later rows (``_for_later_rows``): the types still
    alive, no pruning. Each column then takes the helper's statistics in (``_take_in``),
    ending as one process would. If the helper fails, or its part has no full row (then
    the rows the first part held back at its end may be footnotes), the main process
    reads the second part itself.
    """
    parts = _parts(table)
    if parts is None:
        return None
    first_part, second_part = parts
    kept = KeptRows() if keep_rows and _may_keep_rows(table) else None
    mine = _Keeping(kept.new_file()) if kept is not None else None  # first in the file
    theirs = kept.new_file() if kept is not None else None
    try:
        helper = Helper(_infer_job, table.opened_with, second_part, theirs)
    except OSError:  # no process to be had (limits, memory): one process does it all
        log.warning("no helper process for pass one", exc_info=True)
        if kept is not None:
            kept.close()
        return None
    stats = inference.stats
    counted = _Counted(progress)

    def take(lines: Sequence[int], rows: list[Any]) -> None:
        """Classify a batch of the first part and keep it."""
        by_column = _by_column(rows)
        for own, cells in zip(stats, by_column, strict=True):
            own.add_values(cells)
        if mine is not None:
            mine.add((lines, by_column))
        counted(counted.rows + len(rows))

    stream = table.rows(first_part)
    try:
        sent = False
        # The collector stays paused for the whole part, as in the helper. Paused batch by
        # batch, it ran as soon as anything was made between two batches, while the batch
        # just read was still alive: 118 collections walking a batch each, 0.35 s a million
        # rows (measured with gc.callbacks).
        with collector_paused():
            for number, (lines, rows) in enumerate(stream.batches(), 1):
                take(lines, rows)
                if number == SEND_STATS_AFTER:
                    helper.send(_for_later_rows(stats))
                    sent = True
        if not sent:
            helper.send(_for_later_rows(stats))
        try:
            later_rows, later, recorded, outcome, sizes = helper.receive("done")
        except HelperFailed:
            log.warning("the helper of pass one failed; the main process reads on", exc_info=True)
            outcome = None
    except PartMisaligned:  # a quoted cell goes on past the cut: read the file whole
        if kept is not None:
            kept.close()
        return None
    finally:
        stream.close()
        helper.close()
    if outcome is None or not outcome.went_on:
        if kept is not None:
            kept.close()
        rest = table.rows(second_part, stream.pending)  # the rows held back first
        try:
            done = counted.rows
            count = inference.add_batches(
                map(itemgetter(1), rest.batches()), lambda rows: counted(done + rows)
            )
        finally:
            rest.close()
        stream.join(rest.outcome())
        return done + count, None, stream
    if (flushed := stream.flush_pending()) is not None:  # inside the table after all
        take(*flushed)
    stream.join(outcome)
    if kept is not None:
        kept.add(mine.path, mine.sizes)
        kept.add(theirs, sizes)
    again = _take_in(stats, later, recorded)
    if again:
        rows_again = kept.batches(len(mine.sizes) + 1) if kept else None
        _classify_again(stats, again, table, second_part, rows_again)
    counted(counted.rows + later_rows)
    return counted.rows, kept, stream


def _take_in(
    stats: list[ColumnStats], later: list[ColumnStats],
    recorded: dict[int, list[tuple[int, int, list[str]]] | None],
) -> list[int]:  # fmt: skip
    """Each column ``absorb``s the helper's statistics or, where it cannot (it ruled a type
    out after telling the helper), classifies the cells the helper recorded of it; the
    columns left (dense ones that changed late) are returned, to be classified again."""
    again = []
    for index, own in enumerate(stats):
        if own.absorb(later[index]):
            continue
        if (batches := recorded.get(index)) is not None:
            for compact in batches:
                _add_compact(own, *compact)
        else:
            again.append(index)
    return again


class _Counted:
    """Rows counted so far, passed on to ``progress`` every 10,000."""

    def __init__(self, progress: Callable[[int], None] | None) -> None:
        self.progress = progress
        self.rows = 0

    def __call__(self, rows: int) -> None:
        before, self.rows = self.rows, rows
        if self.progress is not None and rows // 10_000 > before // 10_000:
            self.progress(rows)


def _classify_again(
    stats: list[ColumnStats], indexes: list[int], table: RawTable, part: Part,
    kept: Iterator[ColumnBatch] | None,
) -> None:  # fmt: skip
    """Go on through the rows of ``part`` (as kept, or read again) for the columns at
    ``indexes``."""
    stream = table.rows(part) if kept is None else None
    try:
        if stream is not None:
            for _, rows in read_paused(stream.batches()):
                with collector_paused():
                    for index, cells in zip(indexes, columns(rows, indexes), strict=True):
                        stats[index].add_values(cells)
        else:
            for _, by_column in read_paused(kept):
                with collector_paused():
                    for index in indexes:
                        stats[index].add_values(by_column[index])
    finally:
        if stream is not None:
            stream.close()


def _for_later_rows(stats: list[ColumnStats]) -> tuple[list[ColumnStats], list[int]]:
    """What the helper starts from: ``later_rows`` of each column, and the columns that
    have not yet seen enough values to rule types out (sparse ones: a 備考 column filled
    in one row of fifty), which the main process will likely still do on its part, so that
    their statistics from the helper cannot be absorbed. The helper records their cells."""
    unsettled = [i for i, own in enumerate(stats) if own.alive and own.nonnull < PRUNE_AFTER]
    return [own.later_rows() for own in stats], unsettled


def _compact(cells: Sequence[str | None]) -> tuple[int, int, list[str]]:
    """A batch of one column's cells as (cells that are None, empty cells, the others in
    order): all that ``ColumnStats.add_values`` depends on, since an empty cell counts as
    a null wherever it stands."""
    filled = list(filter(None, cells))
    nones = cells.count(None)
    return nones, len(cells) - nones - len(filled), filled


def _add_compact(stats: ColumnStats, nones: int, empty: int, filled: list[str]) -> None:
    """``stats.add_values`` of the batch that ``_compact`` made this of."""
    stats.nulls += nones
    stats.add_values([*filled, *[""] * empty])


def _infer_job(
    inbox: Any, outbox: Any, opened_with: dict[str, Any], part: Part, kept_path: str | None
) -> None:
    stats: list[ColumnStats] | None = None
    recorded: dict[int, list[tuple[int, int, list[str]]] | None] = {}
    classified = 0
    stream = open_table(**opened_with).rows(part)
    keeping = _Keeping(kept_path) if kept_path is not None else None
    try:
        for lines, rows in stream.batches():
            if stats is None:  # what the main process has ruled out so far
                stats, recorded = _later_stats(inbox)
            classified += len(rows)
            by_column = _by_column(rows)
            del rows
            for own, cells in zip(stats, by_column, strict=True):
                own.add_values(cells)
            _record(recorded, by_column)
            if keeping is not None:
                keeping.add((lines, by_column))
        if stats is None:
            stats, recorded = _later_stats(inbox)
        for own in stats:
            own.budget.release(own.cache)  # nothing to send back in it
        sizes = keeping.sizes if keeping is not None else None
        outbox.put(("done", (classified, stats, recorded, stream.outcome(), sizes)))
    finally:
        stream.close()


def _later_stats(
    inbox: Any,
) -> tuple[list[ColumnStats], dict[int, list[tuple[int, int, list[str]]] | None]]:
    stats, unsettled = inbox.get()
    budget = CacheBudget(CACHE_ENTRIES)
    for own in stats:
        own.budget = budget
    return stats, {index: [] for index in unsettled}


def _record(
    recorded: dict[int, list[tuple[int, int, list[str]]] | None],
    cells_by_column: list[Sequence[str | None]],
) -> None:
    """Add a batch to the cells recorded of each unsettled column, up to RECORDED_VALUES a
    column (beyond, a column that cannot absorb is classified again: see infer_shared)."""
    for index, batches in recorded.items():
        if batches is None:
            continue
        batches.append(_compact(cells_by_column[index]))
        if len(batches) % 16 == 0 and sum(len(b[2]) for b in batches) > RECORDED_VALUES:
            recorded[index] = None


# --- pass two ----------------------------------------------------------------------------


def encoders_travel(encoders: Sequence[Any]) -> bool:
    """Whether the encoders can be sent to another process (module-level functions can)."""
    try:
        pickle.dumps(list(encoders))
    except (pickle.PicklingError, AttributeError, TypeError):
        return False
    return True


def start_conversion(
    table: RawTable, columns: list[ColumnType], encoders: Sequence[Any], total: int,
    kept: KeptRows | None = None,
) -> SharedConversion | None:  # fmt: skip
    """A shared pass two, or None when no helper process can be had (then one does it)."""
    try:
        return SharedConversion(table, columns, encoders, total, kept)
    except OSError:
        log.warning("no helper process for pass two", exc_info=True)
        return None


def handover_batch(
    lead_in: int, batches: int, read: float, convert: float, caller: float, spill: float,
    unspill: float, skip: float | None = None,
) -> int:  # fmt: skip
    """The first batch the helper converts, so that both processes finish together.

    After the lead-in the main process converts ``m`` more batches, each costing it
    read + convert + caller (whatever else a batch costs it: the insert, checks, reports);
    for the rest it only unspills and hands on what the helper wrote (unspill + caller).
    The helper passes over the main process's batches (``skip``: reading them, unless it
    can seek past them) and converts and spills the rest (read + convert + spill). Equal
    totals give ``m``.
    """
    rest = batches - lead_in
    mine, helpers = read + convert + caller, unspill + caller  # the main process, per batch
    skip, own = (read if skip is None else skip), read + convert + spill  # the helper
    gain = own - helpers  # each batch the main process keeps saves the helper this much ...
    cost = mine - skip  # ... and costs the main process this much more
    if gain <= 0:
        return lead_in + 1  # the helper's batch costs no more than handing one on
    kept = round(rest * gain / (gain + cost))
    return lead_in + 1 + max(0, min(rest, kept))


class SharedConversion:
    """Pass two with a helper that converts the end of the file.

    The main process converts the first batches (the lead-in) alone, timing how long it
    takes to read a batch, convert it, and everything else until it reads the next one
    (what its caller does with the batch: the insert). From those it decides where the
    helper takes over (``handover_batch``). The helper reads
    the same file, passes over the batches before that one and converts all the rest,
    every column, into a spill file, while the main process converts the batches up to
    the handover. Then the main process hands on the helper's batches in order. Every batch
    is converted exactly as one process would convert it, so the outcome is the same;
    only the counts of changes, the units and the issues found cross over.
    """

    def __init__(
        self, table: RawTable, columns: list[ColumnType], encoders: Sequence[Any], total: int,
        kept: KeptRows | None = None,
    ) -> None:  # fmt: skip
        self.batches = kept.batch_count if kept else -(-total // BATCH_ROWS)
        self.lead_in = lead_in_batches(self.batches)
        # Reading pass one's kept rows, the helper seeks past the main process's batches.
        self.seeks = kept is not None
        self.costs = Costs(len(columns))
        self.reads: list[float] = []
        self.caller: list[float] = []  # seconds between converting a batch and the next
        self.handover: int | None = None
        descriptor, self.spill_path = tempfile.mkstemp(prefix="hiraku-pass-two-")
        os.close(descriptor)
        try:
            self.helper = Helper(
                _convert_job, table.opened_with, columns, list(encoders), self.lead_in,
                self.spill_path, kept.parts if kept else None,
            )  # fmt: skip
        except OSError:
            os.unlink(self.spill_path)
            raise

    def converted(
        self, batches: Iterator[ColumnBatch], converters: list[ColumnConverter],
        issues: PendingIssues,
    ) -> Iterator[tuple[Sequence[int], list[list[Any]]]]:  # fmt: skip
        """(lines, values column by column) per batch, as ``pipeline._converted`` gives them;
        the helper's issues join ``issues`` batch by batch."""
        converted_at = None
        for number in itertools.count(1):
            started = perf_counter()
            if converted_at is not None and self.timing(number - 1):
                self.caller.append(started - converted_at)
            with collector_paused():
                batch = next(batches, None)
                if batch is None:
                    break  # the main process's part was the whole file
                read = perf_counter() - started
                lines, by_column = batch
                del batch
                converted = self._convert_timed(number, converters, by_column, lines)
                del by_column
            if self.timing(number):
                self.reads.append(read)
            converted_at = perf_counter()
            yield lines, converted
            if number == self.lead_in:
                self.handover = self._handover(converted)
                self.helper.send(self.handover)
            if self.handover is not None and number + 1 >= self.handover:
                break
        yield from self._unspilled(issues)

    def timing(self, number: int) -> bool:
        """Whether batch ``number`` counts towards the costs (the first costs too much)."""
        return 1 < number <= self.lead_in

    def _convert_timed(
        self, number: int, converters: list[ColumnConverter], by_column: list[Any],
        lines: Sequence[int],
    ) -> list[list[Any]]:  # fmt: skip
        if not self.timing(number):
            return convert_columns(converters, by_column, lines)
        converted = []
        for index, values in enumerate(by_column):
            own = converters[index]
            new_values, new_seconds, started = own.new_values, own.new_seconds, perf_counter()
            converted.append(own.convert(values, lines))
            self.costs.add(index, perf_counter() - started, own.new_values - new_values,
                           own.new_seconds - new_seconds)  # fmt: skip
        return converted

    def _handover(self, converted: list[list[Any]]) -> int:
        started = perf_counter()
        spilled = pickle.dumps(converted, protocol=pickle.HIGHEST_PROTOCOL)
        spill = perf_counter() - started
        pickle.loads(spilled)  # noqa: S301 (made just above)
        unspill = perf_counter() - started - spill
        return handover_batch(
            self.lead_in, self.batches, _mean(self.reads), sum(self.costs.per_batch()),
            _mean(self.caller), spill, unspill, skip=0.0 if self.seeks else None,
        )  # fmt: skip

    def _unspilled(self, issues: PendingIssues) -> Iterator[tuple[Sequence[int], list[list[Any]]]]:
        # The spill file is private (mkstemp: mode 0600) and written by our own helper only.
        with open(self.spill_path, "rb") as spill:
            while (size := self.helper.receive("batch")) is not None:
                with collector_paused():
                    lines, found, converted = pickle.loads(spill.read(size))  # noqa: S301
                issues.extend(found)
                yield lines, converted

    def finish(self, converters: list[ColumnConverter]) -> None:
        """Add the helper's counts and units to the main process's converters."""
        changes, units = self.helper.receive("done")
        for converter, counted, seen in zip(converters, changes, units, strict=True):
            converter.changes.update(counted)
            converter.units.update(seen)

    def close(self) -> None:
        self.helper.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.spill_path)


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _convert_job(
    inbox: Any,
    outbox: Any,
    opened_with: dict[str, Any],
    types: list[ColumnType],
    encoders: list[Any],
    lead_in: int,
    spill_path: str,
    kept: list[tuple[str, list[int]]] | None,
) -> None:
    issues = PendingIssues([c.name for c in types])
    budget = CacheBudget(CACHE_ENTRIES)
    converters = [
        ColumnConverter(column, Counter(), issues, encoder, budget)
        for column, encoder in zip(types, encoders, strict=True)
    ]
    stream = open_table(**opened_with).rows() if kept is None else None
    if stream is not None:
        handed_over = column_batches(_handed_over(inbox, stream.batches(), lead_in))
    else:  # pass one's rows: no reading past the main process's batches
        handover = inbox.get()
        handed_over = kept_batches(kept, first=handover)
    try:
        with open(spill_path, "wb") as spill:
            for lines, by_column in handed_over:
                converted = convert_columns(converters, by_column, lines)
                spilled = pickle.dumps((lines, issues.take(), converted), pickle.HIGHEST_PROTOCOL)
                spill.write(spilled)
                spill.flush()  # before the main process hears of it
                outbox.put(("batch", len(spilled)))
    finally:
        if stream is not None:
            stream.close()
    outbox.put(("batch", None))
    outbox.put(("done", ([dict(c.changes) for c in converters], [c.units for c in converters])))
