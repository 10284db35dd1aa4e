"""Ingest benchmark: Hiraku's end-to-end load against two anchors measured in the same run.

    .venv/bin/python bench/ingest.py [--rows 1000000] [--keep DIR]

1. Generates a CP932 CSV (12 columns, Japanese text, 和暦 dates in a third of the rows,
   full-width digits, blanks; fixed seed) and a UTF-8 copy of it for the anchors.
2. Hiraku: analyse → normalized_batches with the SQLite backend's encoders → sqlite3
   executemany in one transaction, the path hiraku.datastore.load takes, without Django
   (with its helper process on a file this big; --one-process-too also times it without).
3. Anchors: `sqlite-utils insert --csv` on the UTF-8 copy (in its own venv, never .venv),
   and a bare csv.reader → sqlite3.executemany text load. The anchor's venv lives in
   bench/.cache (git-ignored) and is made on first use.

Each contender runs in its own child process; wall time is measured around it, CPU time and
peak RSS come from os.wait4 (Hiraku's peak adds its helper's, as if both peaked at once).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / ".cache"  # git-ignored; the anchors' virtual environments live here
SQLITE_UTILS = "sqlite-utils>=4.2,<5"
SEED = 20230401

# Goals from the issue: ≥ 5× faster than sqlite-utils, within 3× of the bare load, < 300 MB.
GOAL_VS_SQLITE_UTILS = 5.0
GOAL_VS_BARE = 3.0
GOAL_RSS_MB = 300

HEADER = [
    "ID",
    "全国地方公共団体コード",
    "名称",
    "名称_カナ",
    "所在地",
    "開設日",
    "人口",
    "面積",
    "開始時間",
    "緯度",
    "経度",
    "備考",
]

_FULLWIDTH_DIGITS = str.maketrans("0123456789,.:", "０１２３４５６７８９，．：")
_HALF_KANA = str.maketrans(
    "アイウエオカキクケコサシスセソタチツテトナニヌネノ", "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉ"
)
_WARDS = [
    "千代田区",
    "中央区",
    "港区",
    "新宿区",
    "文京区",
    "台東区",
    "墨田区",
    "江東区",
    "品川区",
    "目黒区",
    "大田区",
    "世田谷区",
    "渋谷区",
    "中野区",
    "杉並区",
    "豊島区",
]
_TOWNS = ["本町", "栄町", "緑町", "旭町", "中町", "大手町", "桜台", "若葉", "東雲", "富士見"]
_KINDS = ["公園", "児童館", "図書館", "集会所", "保育園", "小学校", "体育館", "自転車駐車場"]
_KANA = ["コウエン", "ジドウカン", "トショカン", "シュウカイジョ", "ホイクエン", "タイイクカン"]
_CODES = ["131016", "131024", "131032", "131041", "131059", "131067", "131075", "131083"]
_NOTES = [
    "駐車場あり",
    "土日祝休み",
    "改修工事中（令和6年3月まで）",
    "バリアフリー対応",
    "※要予約",
    "AED設置",
]


def _date_cell(rng: random.Random, row: int) -> str:
    day = rng.randrange(0, 12_000)  # 1990-01-01 + up to ~33 years
    year, month, dom = _civil(day)
    if row % 3 == 0:  # 和暦 in a third of the rows, in the forms municipal files use
        era, base = ("令和", 2018) if (year, month) >= (2019, 5) else ("平成", 1988)
        number = year - base
        letter = "R" if era == "令和" else "H"
        form = rng.randrange(4)
        if form == 0:
            return f"{era}{'元' if number == 1 else number}年{month}月{dom}日"
        if form == 1:
            return f"{letter}{number}.{month}.{dom}"
        if form == 2:
            return f"{letter}{number:02d}/{month:02d}/{dom:02d}"
        return f"{era}{number}年{month}月{dom}日".translate(_FULLWIDTH_DIGITS)
    if row % 3 == 1:
        return f"{year}-{month:02d}-{dom:02d}"
    return f"{year}/{month}/{dom}"


def _civil(offset: int) -> tuple[int, int, int]:
    import datetime as dt

    day = dt.date(1990, 1, 1) + dt.timedelta(days=offset)
    return day.year, day.month, day.day


def generate(path: Path, rows: int, seed: int = SEED) -> None:
    """The benchmark file: deterministic for a given seed and row count."""
    rng = random.Random(seed)
    with open(path, "w", encoding="cp932", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(HEADER)
        for row in range(1, rows + 1):
            ward, town = rng.choice(_WARDS), rng.choice(_TOWNS)
            kind = rng.randrange(len(_KINDS))
            name = f"{town}{_KINDS[kind]}{rng.randrange(1, 300)}"
            kana = _KANA[kind % len(_KANA)] + str(rng.randrange(1, 300))
            if rng.random() < 0.1:
                kana = kana.translate(_HALF_KANA)
            address = f"東京都{ward}{town}{rng.randrange(1, 6)}丁目{rng.randrange(1, 40)}番"
            if rng.random() < 0.3:
                address = address.translate(_FULLWIDTH_DIGITS)
            population = _population(rng)
            area = "" if rng.random() < 0.05 else f"{rng.uniform(0.1, 9999):.2f}"
            hour = rng.choice((8, 9, 10, 13))
            start = f"{hour}:{rng.choice((0, 30)):02d}"
            if rng.random() < 0.2:
                start = start.translate(_FULLWIDTH_DIGITS)
            lat, lon = rng.uniform(35.5, 35.8), rng.uniform(139.5, 139.9)
            note = rng.choice(_NOTES) if rng.random() < 0.15 else ""
            writer.writerow(
                [
                    row,
                    rng.choice(_CODES),
                    name,
                    kana,
                    address,
                    _date_cell(rng, row),
                    population,
                    area,
                    start,
                    f"{lat:.6f}",
                    f"{lon:.6f}",
                    note,
                ]
            )


def _population(rng: random.Random) -> str:
    draw = rng.random()
    if draw < 0.05:
        return ""
    if draw < 0.07:
        return rng.choice(("-", "－"))
    value = rng.randrange(0, 200_000)
    if draw < 0.25:
        return f"{value:,}".translate(_FULLWIDTH_DIGITS)
    if draw < 0.4:
        return f"{value:,}"
    return str(value)


# --- the contenders, each run as `python bench/ingest.py --child NAME SRC DB` --------------


def child_hiraku(source: str, database: str) -> int:
    """The datastore loader's path (hiraku.datastore.load._write_table) without Django."""
    sys.path.insert(0, os.environ.get("HIRAKU_BENCH_SRC", str(ROOT / "src")))
    from hiraku.datastore.backends.sqlite import SqliteBackend
    from hiraku.tabular.batch import collector_paused
    from hiraku.tabular.pipeline import analyse, normalized_batches, numbered_rows

    helper = False if os.environ.get("HIRAKU_BENCH_ONE_PROCESS") else None

    backend = SqliteBackend()
    started = time.perf_counter()
    analysis = analyse(source, helper=helper)
    analysed = time.perf_counter()
    encoders = [backend.encoder(column.type) for column in analysis.columns]
    types = [backend.sql_type(column.type) for column in analysis.columns]
    spec = ", ".join(f'"c{i}" {t}' for i, t in enumerate(types))
    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute("BEGIN")
    connection.execute(f"CREATE TABLE t (_id {backend.row_id_type}, {spec})")  # as the loader
    rows = numbered_rows(normalized_batches(analysis, encoders, helper=helper))
    with collector_paused():  # as hiraku.datastore.load does around the insert
        backend.insert(connection, "t", [None] * len(types), rows)  # type: ignore[list-item]
    connection.execute("COMMIT")
    connection.close()
    done = time.perf_counter()
    if stats_file := os.environ.get("HIRAKU_BENCH_STATS"):
        import json
        import resource

        helpers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the largest helper
        Path(stats_file).write_text(json.dumps({"helper_kb": helpers}))
    summary = ", ".join(f"{c.name}:{c.type}" for c in analysis.columns)
    print(f"hiraku: pass one (analyse) {analysed - started:.1f} s, pass two + load "
          f"{done - analysed:.1f} s; {analysis.report.row_count:,} rows; {summary}",
          file=sys.stderr)  # fmt: skip
    return analysis.report.row_count


def child_bare(source: str, database: str) -> int:
    """The floor: every cell as text, no detection, no normalization."""
    with open(source, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        spec = ", ".join(f'"c{i}" TEXT' for i in range(len(header)))
        marks = ", ".join("?" * len(header))
        connection = sqlite3.connect(database, isolation_level=None)
        connection.execute("BEGIN")
        connection.execute(f"CREATE TABLE t ({spec})")
        connection.executemany(f"INSERT INTO t VALUES ({marks})", reader)
        connection.execute("COMMIT")
        count = connection.execute("SELECT count(*) FROM t").fetchone()[0]
        connection.close()
    return count


CHILDREN = {"hiraku": child_hiraku, "bare": child_bare}


@dataclass
class Result:
    name: str
    seconds: float  # wall clock
    cpu: float  # user + system seconds: steadier than wall time on a shared machine
    peak_mb: float


def measure(name: str, command: list[str], env: dict[str, str] | None = None) -> Result:
    """Wall time, CPU time (the child's and its helper's) and peak RSS: the child's plus
    its helper's, as if both peaked at once."""
    stats = Path(tempfile.mkstemp(prefix="hiraku-bench-stats-")[1])
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env={**os.environ, **(env or {}), "HIRAKU_BENCH_STATS": str(stats)}
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{name} failed with exit code {process.returncode}: {command}")
    cpu = usage.ru_utime + usage.ru_stime
    helper_kb = json.loads(stats.read_text() or "{}").get("helper_kb", 0)
    stats.unlink()
    # wait4 gives max(child, its helper); adding the helper's again errs on the safe side.
    peak_kb = usage.ru_maxrss + helper_kb
    return Result(name, seconds, cpu, peak_kb / 1024)  # ru_maxrss is in KiB on Linux


def anchor_venv(name: str, requirement: str) -> Path:
    """The bin/ of a virtual environment of the anchor's own, never the project's .venv."""
    home = CACHE / f"venv-{name}"
    if not (home / "bin" / name).exists():
        subprocess.run([sys.executable, "-m", "venv", str(home)], check=True)
        pip = [str(home / "bin" / "python"), "-m", "pip", "install", "-q", requirement]
        subprocess.run(pip, check=True)
    return home / "bin"


def machine_notes() -> list[str]:
    return [f"Python {sys.version.split()[0]}", f"{os.cpu_count()} CPU cores",
            f"load average {os.getloadavg()[0]:.2f} before the run"]  # fmt: skip


def transcode(source: Path, target: Path) -> None:
    with (
        open(source, encoding="cp932", newline="") as src,
        open(target, "w", encoding="utf-8", newline="") as dst,
    ):
        shutil.copyfileobj(src, dst, 1 << 20)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="work in this directory and keep the files")
    parser.add_argument("--repeat", type=int, default=1, help="runs per contender; best counts")
    parser.add_argument("--skip-sqlite-utils", action="store_true")
    parser.add_argument(
        "--one-process-too",
        action="store_true",
        help="also time Hiraku without its helper process (what one core does)",
    )
    parser.add_argument(
        "--compare-src",
        type=Path,
        help="also time the src/ directory of another checkout (before/after a change)",
    )
    parser.add_argument(
        "--child", nargs=3, metavar=("NAME", "SOURCE", "DB"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.child:
        name, source, database = args.child
        CHILDREN[name](source, database)
        return 0

    work = args.keep or Path(tempfile.mkdtemp(prefix="hiraku-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        return _run(args, work)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


def _run(args: argparse.Namespace, work: Path) -> int:
    source, utf8 = work / "bench_cp932.csv", work / "bench_utf8.csv"
    marker = work / "bench_rows.txt"
    if not (source.exists() and utf8.exists() and marker.exists()
            and marker.read_text() == str(args.rows)):  # fmt: skip
        print(f"generating {args.rows:,} rows into {source} …", file=sys.stderr)
        generate(source, args.rows)
        transcode(source, utf8)
        marker.write_text(str(args.rows))
    size_mb = source.stat().st_size / 1e6
    print(f"file: {size_mb:.1f} MB CP932, {args.rows:,} rows × {len(HEADER)} columns",
          file=sys.stderr)  # fmt: skip
    me = [sys.executable, str(Path(__file__).resolve()), "--child"]
    commands = {
        "hiraku": [*me, "hiraku", str(source)],
        "bare": [*me, "bare", str(utf8)],
    }
    envs = {}
    if args.one_process_too:
        commands["hiraku-1"] = [*me, "hiraku", str(source)]
        envs["hiraku-1"] = {"HIRAKU_BENCH_ONE_PROCESS": "1"}
    if args.compare_src:
        commands["compared"] = [*me, "hiraku", str(source)]
        envs["compared"] = {"HIRAKU_BENCH_SRC": str(args.compare_src.resolve())}
    if not args.skip_sqlite_utils:
        exe = anchor_venv("sqlite-utils", SQLITE_UTILS) / "sqlite-utils"
        commands["sqlite-utils"] = [str(exe), "insert", "{db}", "t", str(utf8), "--csv"]
    results: dict[str, Result] = {}
    for _ in range(args.repeat):  # interleaved, so a busy spell hits every contender alike
        for name, command in commands.items():
            database = work / f"{name}.sqlite3"
            database.unlink(missing_ok=True)
            argv = [str(database) if part == "{db}" else part for part in command]
            if name != "sqlite-utils":
                argv.append(str(database))
            result = measure(name, argv, envs.get(name))
            best = results.get(name)
            results[name] = result if best is None or result.seconds < best.seconds else best
    _print(results, args.rows, args.repeat)
    return 0


def _row(label: str, result: Result, rows: int, hiraku: Result | None) -> str:
    wall = f"{result.seconds / hiraku.seconds:6.2f}×" if hiraku else ""
    cpu = f"{result.cpu / hiraku.cpu:6.2f}×" if hiraku else ""
    return (
        f"{label:<27} {result.seconds:8.2f} {result.cpu:8.2f} {rows / result.seconds:>10,.0f} "
        f"{result.peak_mb:7.0f}   {wall:>7} {cpu:>7}"
    )


def _print(results: dict[str, Result], rows: int, repeat: int) -> None:
    hiraku, bare = results["hiraku"], results["bare"]
    anchor = results.get("sqlite-utils")
    best = f" (best of {repeat})" if repeat > 1 else ""
    print()
    print(f"{rows:,} rows{best}; " + "; ".join(machine_notes()))
    print(f"{'':<27} {'wall s':>8} {'CPU s':>8} {'rows/s':>10} {'RSS MB':>7}   "
          f"{'÷Hiraku (wall, CPU)':>15}")  # fmt: skip
    print(_row("Hiraku end-to-end (CP932)", hiraku, rows, None))
    if "compared" in results:
        print(_row("Hiraku, --compare-src tree", results["compared"], rows, hiraku))
    if "hiraku-1" in results:
        print(_row("Hiraku in one process", results["hiraku-1"], rows, hiraku))
    if anchor:
        print(_row("sqlite-utils insert --csv", anchor, rows, hiraku))
    print(_row("bare csv → executemany", bare, rows, hiraku))
    print()
    goals = []
    if anchor:
        wall, cpu = anchor.seconds / hiraku.seconds, anchor.cpu / hiraku.cpu
        goals.append((f"≥ {GOAL_VS_SQLITE_UTILS:g}× faster than sqlite-utils",
                      f"{wall:.2f}× (CPU {cpu:.2f}×)", wall >= GOAL_VS_SQLITE_UTILS))  # fmt: skip
    wall, cpu = hiraku.seconds / bare.seconds, hiraku.cpu / bare.cpu
    goals.append((f"within {GOAL_VS_BARE:g}× of the bare load",
                  f"{wall:.2f}× (CPU {cpu:.2f}×)", wall <= GOAL_VS_BARE))  # fmt: skip
    goals.append((f"peak RSS < {GOAL_RSS_MB} MB", f"{hiraku.peak_mb:.0f} MB",
                  hiraku.peak_mb < GOAL_RSS_MB))  # fmt: skip
    for goal, measured, met in goals:
        print(f"  {'met   ' if met else 'MISSED'}  {goal:<38} {measured}")
    print("\nGoals are judged on wall time; CPU time is shown because other jobs on a shared")
    print("machine stretch wall time unevenly between contenders run one after another.")


if __name__ == "__main__":
    sys.exit(main())
