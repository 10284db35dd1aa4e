"""The records benchmark's data: a deterministic 12-column CSV with Japanese text, loaded into
Hiraku (`hiraku migrate`, `hiraku ingest` in a throw-away data directory) and into an SQLite
file for Datasette with the same rows, column names and declared types."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from _common import ROOT

SEED = 20240401
DATASETTE_TABLE = "records"
CODE_COLUMN = "施設コード"
CODE_VALUES = 20_000  # 50 rows per code at 1,000,000 rows
CODE_STEP = 7919  # prime, coprime with CODE_VALUES: every code gets the same number of rows
FILTER_CODE = 1234
DATASETTE_TABLE = "records"

ID_COLUMN = "連番"  # not "ID": Hiraku rightly keeps identifier-named columns as text
HEADER = [
    ID_COLUMN,
    CODE_COLUMN,
    "全国地方公共団体コード",
    "名称",
    "名称_カナ",
    "種別",
    "所在地",
    "開設日",
    "定員",
    "面積",
    "緯度",
    "備考",
]
MUNICIPALITIES = [
    ("012025", "北海道函館市"),
    ("042021", "宮城県石巻市"),
    ("082031", "茨城県土浦市"),
    ("131016", "東京都千代田区"),
    ("141003", "神奈川県横浜市"),
    ("221121", "静岡県焼津市"),
    ("232017", "愛知県豊橋市"),
    ("271004", "大阪府大阪市"),
    ("372013", "香川県高松市"),
    ("401005", "福岡県北九州市"),
    ("472018", "沖縄県那覇市"),
    ("062014", "山形県山形市"),
]
KINDS = [
    ("公園", "コウエン"),
    ("保育所", "ホイクショ"),
    ("図書館", "トショカン"),
    ("公民館", "コウミンカン"),
    ("避難所", "ヒナンジョ"),
    ("体育館", "タイイクカン"),
    ("児童館", "ジドウカン"),
    ("診療所", "シンリョウジョ"),
]
PLACES = [
    ("中央", "チュウオウ"),
    ("東", "ヒガシ"),
    ("西", "ニシ"),
    ("南", "ミナミ"),
    ("北", "キタ"),
    ("駅前", "エキマエ"),
    ("港", "ミナト"),
    ("桜ヶ丘", "サクラガオカ"),
    ("若葉", "ワカバ"),
    ("緑町", "ミドリチョウ"),
]
NOTES = [
    "",
    "",
    "",
    "駐車場あり",
    "車椅子対応トイレあり",
    "土日祝休館",
    "AED設置",
    "授乳室あり、要予約",
    "令和5年度に改修済み",
    "指定緊急避難場所（洪水・土砂災害）",
]


def facility_code(row: int) -> str:
    return f"S{row * CODE_STEP % CODE_VALUES:05d}"


def write_csv(path: Path, rows: int) -> None:
    rng = random.Random(SEED)
    base = 730_000  # an ordinal near 2000-01-01
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for row in range(1, rows + 1):
            code, city = MUNICIPALITIES[rng.randrange(len(MUNICIPALITIES))]
            kind, kind_kana = KINDS[rng.randrange(len(KINDS))]
            place, place_kana = PLACES[rng.randrange(len(PLACES))]
            number = rng.randrange(1, 40)
            opened = _date(base + rng.randrange(9000))
            capacity = "" if rng.random() < 0.1 else str(rng.randrange(10, 2000))
            writer.writerow(
                [
                    row,
                    facility_code(row),
                    code,
                    f"{place}第{number}{kind}",
                    f"{place_kana}ダイ{number}{kind_kana}",
                    kind,
                    f"{city}{place}{rng.randrange(1, 9)}丁目"
                    f"{rng.randrange(1, 30)}番{rng.randrange(1, 20)}号",
                    opened,
                    capacity,
                    f"{rng.uniform(10, 5000):.2f}",
                    f"{rng.uniform(24, 45):.6f}",
                    NOTES[rng.randrange(len(NOTES))],
                ]
            )
    tmp.replace(path)


def _date(ordinal: int) -> str:
    return dt.date.fromordinal(ordinal).isoformat()


# --- building the two databases -------------------------------------------------------------


@dataclass(frozen=True)
class Built:
    resource_id: str
    physical_table: str
    columns: list[tuple[str, str]]  # (name, declared type) in table order, without _id
    datastore: Path  # Hiraku's datastore SQLite file
    datasette_db: Path
    hiraku_indexed_already: bool


def hiraku_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HIRAKU_")}
    env.update(
        {
            "HIRAKU_DATA_DIR": str(data_dir),
            "HIRAKU_API_RATE_ANONYMOUS": "",  # the benchmark is one client hammering from one IP
            "HIRAKU_EMBEDDED_WORKER": "0",  # nothing to load; keep the task poller off the CPU
            "HIRAKU_LOG_LEVEL": "WARNING",  # no access log line per request
            "HIRAKU_MAX_UPLOAD_MB": "2000",  # the 1M-row CSV is ~180 MB, over the 100 MB default
        }
    )
    return env


def _hiraku(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "hiraku"), *args], env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.exit(f"hiraku {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def _indexed_columns(db: sqlite3.Connection, table: str) -> set[str]:
    """Columns that lead some index of the table (what an equality filter can use)."""
    leading = set()
    for index in db.execute(f'PRAGMA index_list("{table}")').fetchall():
        info = db.execute(f'PRAGMA index_info("{index[1]}")').fetchall()
        if info:
            leading.add(info[0][2])
    return leading


def build(work: Path, rows: int, skip: bool) -> Built:
    csv_path = work / f"records-{rows}.csv"
    data_dir = work / "hiraku-data"
    datastore = data_dir / "datastore.sqlite3"
    datasette_db = work / "bench.db"
    state_file = work / "state.json"
    if skip and state_file.exists() and datasette_db.exists() and datastore.exists():
        state = json.loads(state_file.read_text())
        print(f"Reusing {work} (--skip-build)")
        _hiraku(hiraku_env(data_dir), "migrate", "--no-input")  # the code may be newer
        return Built(
            state["resource_id"],
            state["physical_table"],
            [tuple(c) for c in state["columns"]],
            datastore,
            datasette_db,
            state["hiraku_indexed_already"],
        )
    if not csv_path.exists():
        started = time.perf_counter()
        write_csv(csv_path, rows)
        print(
            f"CSV: {rows:,} rows, {csv_path.stat().st_size / 1e6:.0f} MB "
            f"({time.perf_counter() - started:.0f} s)"
        )
    shutil.rmtree(data_dir, ignore_errors=True)
    env = hiraku_env(data_dir)
    _hiraku(env, "migrate", "--no-input")
    started = time.perf_counter()
    out = _hiraku(env, "ingest", str(csv_path), "--dataset", "bench", "--org", "bench")
    print(f"hiraku ingest: {out.strip()} ({time.perf_counter() - started:.0f} s)")

    with sqlite3.connect(datastore) as db:
        views = db.execute("SELECT name FROM sqlite_master WHERE type = 'view'").fetchall()
        tables = db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 't\\_%' ESCAPE '\\'"
        ).fetchall()
        if len(views) != 1 or len(tables) != 1:
            sys.exit(f"expected one resource view and table, found {views} and {tables}")
        resource_id, physical = views[0][0], tables[0][0]
        columns = [
            (c[1], c[2]) for c in db.execute(f'PRAGMA table_info("{physical}")') if c[1] != "_id"
        ]
        already = CODE_COLUMN in _indexed_columns(db, physical)
        if not already:
            started = time.perf_counter()
            db.execute(f'CREATE INDEX bench_code ON "{physical}" ("{CODE_COLUMN}")')
            print(f"Hiraku: indexed {CODE_COLUMN} by hand ({time.perf_counter() - started:.1f} s)")
    if [name for name, _ in columns] != HEADER:
        sys.exit(f"Hiraku's columns differ from the CSV header: {columns}")

    started = time.perf_counter()
    datasette_db.unlink(missing_ok=True)
    with sqlite3.connect(datasette_db) as db, csv_path.open(newline="", encoding="utf-8") as f:
        spec = ", ".join(f'"{name}" {kind}' for name, kind in columns)
        db.execute(f"CREATE TABLE {DATASETTE_TABLE} ({spec})")  # a rowid table, as Datasette's
        reader = csv.reader(f)  # own tools (sqlite-utils, csvs-to-sqlite) make
        next(reader)
        marks = ", ".join("?" * len(columns))
        # The declared types' affinity turns digits into INTEGER/REAL as Hiraku's load does;
        # blanks are NULL in both.
        db.executemany(
            f"INSERT INTO {DATASETTE_TABLE} VALUES ({marks})",
            ([v if v != "" else None for v in row] for row in reader),
        )
        db.execute(f'CREATE INDEX bench_code ON {DATASETTE_TABLE} ("{CODE_COLUMN}")')
    print(
        f"Datasette database: {datasette_db.stat().st_size / 1e6:.0f} MB "
        f"({time.perf_counter() - started:.0f} s)"
    )
    _check_same_rows(datastore, physical, datasette_db, rows)
    state_file.write_text(
        json.dumps(
            {
                "resource_id": resource_id,
                "physical_table": physical,
                "columns": columns,
                "hiraku_indexed_already": already,
            }
        )
    )
    return Built(resource_id, physical, columns, datastore, datasette_db, already)


def _check_same_rows(datastore: Path, physical: str, datasette_db: Path, rows: int) -> None:
    """Both tables hold the same values, spot-checked at a few rows."""
    with sqlite3.connect(datastore) as a, sqlite3.connect(datasette_db) as b:
        for row in (1, 2, rows // 2, rows):
            left = a.execute(f'SELECT * FROM "{physical}" WHERE _id = ?', [row]).fetchone()[1:]
            right = b.execute(f"SELECT * FROM {DATASETTE_TABLE} WHERE rowid = ?", [row]).fetchone()
            if tuple(left) != tuple(right):
                sys.exit(f"row {row} differs:\nHiraku    {left}\nDatasette {right}")
