"""Records API benchmark: Hiraku against Datasette 0.65 on the same 1,000,000-row table.

    .venv/bin/python bench/api.py [--rows 1000000] [--duration 10] [--connections 16]
                                  [--skip-build] [--no-extra]

1. Generates a deterministic UTF-8 CSV (12 columns: an id, a code column, a municipality code
   with leading zeros, Japanese names and addresses, a category, a date, an integer, numbers,
   a note) under bench/.cache/api-<rows>/.
2. Hiraku: a throw-away HIRAKU_DATA_DIR (SQLite), `hiraku migrate`, `hiraku ingest`.
   Datasette: the same rows, column names and declared types (read back from Hiraku's
   physical table) in an SQLite file, loaded with sqlite3.executemany. The filtered column
   gets a B-tree index in both, unless Hiraku's load already made one.
3. Serves both (Hiraku: `hiraku serve`, one worker per core, rate limit off; Datasette in its
   own venv, one process) and checks each query's answer once: status, row count, total.
4. Runs wrk (1 thread, --connections, --duration, after a short warm-up) per query and prints
   req/s, p50 and p99 for each server configuration, then the comparison with the goals:
   Hiraku at least 3x Datasette's req/s and a p99 under 50 ms on every query.

Queries: the first page of 100 rows (Hiraku always counts the exact total; Datasette with
`_nocount=1`, its fastest, and once with its default count), a keyset page at row 500,000,
an equality filter on the indexed code column (50 rows), and a 100-row SQL query.
"""

from __future__ import annotations

import argparse
import base64
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
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import CACHE, ROOT, Server, WrkResult, anchor_venv, free_port, run_wrk  # noqa: E402

SEED = 20240401
DATASETTE = "datasette>=0.65,<0.66"
GOAL_RATIO = 3.0
GOAL_P99_MS = 50.0
PAGE = 100
KEYSET_ROW = 500_000

CODE_COLUMN = "施設コード"
CODE_VALUES = 20_000  # 50 rows per code at 1,000,000 rows
CODE_STEP = 7919  # prime, coprime with CODE_VALUES: every code gets the same number of rows
FILTER_CODE = 1234
DATASETTE_TABLE = "records"

ID_COLUMN = "連番"  # not "ID": Hiraku rightly keeps identifier-named columns as text
HEADER = [ID_COLUMN, CODE_COLUMN, "全国地方公共団体コード", "名称", "名称_カナ", "種別", "所在地",
          "開設日", "定員", "面積", "緯度", "備考"]
MUNICIPALITIES = [("012025", "北海道函館市"), ("042021", "宮城県石巻市"), ("082031", "茨城県土浦市"),
                  ("131016", "東京都千代田区"), ("141003", "神奈川県横浜市"), ("221121", "静岡県焼津市"),
                  ("232017", "愛知県豊橋市"), ("271004", "大阪府大阪市"), ("372013", "香川県高松市"),
                  ("401005", "福岡県北九州市"), ("472018", "沖縄県那覇市"), ("062014", "山形県山形市")]
KINDS = [("公園", "コウエン"), ("保育所", "ホイクショ"), ("図書館", "トショカン"), ("公民館", "コウミンカン"),
         ("避難所", "ヒナンジョ"), ("体育館", "タイイクカン"), ("児童館", "ジドウカン"), ("診療所", "シンリョウジョ")]
PLACES = [("中央", "チュウオウ"), ("東", "ヒガシ"), ("西", "ニシ"), ("南", "ミナミ"), ("北", "キタ"),
          ("駅前", "エキマエ"), ("港", "ミナト"), ("桜ヶ丘", "サクラガオカ"), ("若葉", "ワカバ"), ("緑町", "ミドリチョウ")]
NOTES = ["", "", "", "駐車場あり", "車椅子対応トイレあり", "土日祝休館", "AED設置", "授乳室あり、要予約",
         "令和5年度に改修済み", "指定緊急避難場所（洪水・土砂災害）"]


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
            writer.writerow([
                row, facility_code(row), code, f"{place}第{number}{kind}",
                f"{place_kana}ダイ{number}{kind_kana}", kind,
                f"{city}{place}{rng.randrange(1, 9)}丁目{rng.randrange(1, 30)}番{rng.randrange(1, 20)}号",
                opened, capacity, f"{rng.uniform(10, 5000):.2f}", f"{rng.uniform(24, 45):.6f}",
                NOTES[rng.randrange(len(NOTES))],
            ])
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
    env.update({
        "HIRAKU_DATA_DIR": str(data_dir),
        "HIRAKU_API_RATE_ANONYMOUS": "",  # the benchmark is one client hammering from one IP
        "HIRAKU_EMBEDDED_WORKER": "0",  # nothing to load; keep the task poller off the CPU
        "HIRAKU_LOG_LEVEL": "WARNING",  # no access log line per request
        "HIRAKU_MAX_UPLOAD_MB": "2000",  # the 1M-row CSV is ~180 MB, over the 100 MB default
    })
    return env


def _hiraku(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([str(ROOT / ".venv" / "bin" / "hiraku"), *args], env=env,
                          capture_output=True, text=True)
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
        return Built(state["resource_id"], state["physical_table"],
                     [tuple(c) for c in state["columns"]], datastore, datasette_db,
                     state["hiraku_indexed_already"])
    if not csv_path.exists():
        started = time.perf_counter()
        write_csv(csv_path, rows)
        print(f"CSV: {rows:,} rows, {csv_path.stat().st_size / 1e6:.0f} MB "
              f"({time.perf_counter() - started:.0f} s)")
    shutil.rmtree(data_dir, ignore_errors=True)
    env = hiraku_env(data_dir)
    _hiraku(env, "migrate", "--no-input")
    started = time.perf_counter()
    out = _hiraku(env, "ingest", str(csv_path), "--dataset", "bench", "--org", "bench")
    print(f"hiraku ingest: {out.strip()} ({time.perf_counter() - started:.0f} s)")

    with sqlite3.connect(datastore) as db:
        views = db.execute("SELECT name FROM sqlite_master WHERE type = 'view'").fetchall()
        tables = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                            "AND name LIKE 't\\_%' ESCAPE '\\'").fetchall()
        if len(views) != 1 or len(tables) != 1:
            sys.exit(f"expected one resource view and table, found {views} and {tables}")
        resource_id, physical = views[0][0], tables[0][0]
        columns = [(c[1], c[2]) for c in db.execute(f'PRAGMA table_info("{physical}")')
                   if c[1] != "_id"]
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
        db.executemany(f"INSERT INTO {DATASETTE_TABLE} VALUES ({marks})",
                       ([v if v != "" else None for v in row] for row in reader))
        db.execute(f'CREATE INDEX bench_code ON {DATASETTE_TABLE} ("{CODE_COLUMN}")')
    print(f"Datasette database: {datasette_db.stat().st_size / 1e6:.0f} MB "
          f"({time.perf_counter() - started:.0f} s)")
    _check_same_rows(datastore, physical, datasette_db, rows)
    state_file.write_text(json.dumps({"resource_id": resource_id, "physical_table": physical,
                                      "columns": columns, "hiraku_indexed_already": already}))
    return Built(resource_id, physical, columns, datastore, datasette_db, already)


def _check_same_rows(datastore: Path, physical: str, datasette_db: Path, rows: int) -> None:
    """Both tables hold the same values, spot-checked at a few rows."""
    with sqlite3.connect(datastore) as a, sqlite3.connect(datasette_db) as b:
        for row in (1, 2, rows // 2, rows):
            left = a.execute(f'SELECT * FROM "{physical}" WHERE _id = ?', [row]).fetchone()[1:]
            right = b.execute(f"SELECT * FROM {DATASETTE_TABLE} WHERE rowid = ?",
                              [row]).fetchone()
            if tuple(left) != tuple(right):
                sys.exit(f"row {row} differs:\nHiraku    {left}\nDatasette {right}")


# --- queries --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    key: str
    title: str
    hiraku: str  # path and query string
    datasette: str
    expect_rows: int
    expect_first_id: int | None
    expect_total: int | None  # Hiraku's exact total


def _url(path: str, **params: str) -> str:
    return f"{path}?{urllib.parse.urlencode(params)}"


def keyset_cursor(row_id: int) -> str:
    """Hiraku's `after` cursor for the row with this _id when sorting by _id."""
    state = json.dumps({"v": [], "id": row_id}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(state).decode()


def queries(built: Built, rows: int, sql_path: str) -> list[Query]:
    records = f"/api/v1/resources/{built.resource_id}/records"
    table = f"/bench/{DATASETTE_TABLE}.json"
    code = f"S{FILTER_CODE:05d}"
    matching = sum(1 for r in range(1, rows + 1) if facility_code(r) == code)
    names = ", ".join(f'"{name}"' for name, _ in built.columns)
    hiraku_sql = f'SELECT {names} FROM "{built.resource_id}" LIMIT {PAGE}'
    datasette_sql = f"SELECT {names} FROM {DATASETTE_TABLE} LIMIT {PAGE}"
    keyset_at = min(KEYSET_ROW, rows - PAGE)
    return [
        Query("first", f"first page of {PAGE}", _url(records, limit=str(PAGE)),
              _url(table, _size=str(PAGE), _nocount="1", _nofacet="1"), PAGE, 1, rows),
        Query("keyset", f"keyset page at row {keyset_at:,}",
              _url(records, limit=str(PAGE), after=keyset_cursor(keyset_at)),
              _url(table, _size=str(PAGE), _nocount="1", _nofacet="1", _next=str(keyset_at)),
              PAGE, keyset_at + 1, rows),
        Query("filter", f"{CODE_COLUMN}={code} ({matching} rows)",
              _url(records, limit=str(PAGE), **{CODE_COLUMN: code}),
              _url(table, _size=str(PAGE), _nocount="1", _nofacet="1", **{CODE_COLUMN: code}),
              min(matching, PAGE), None, matching),
        Query("sql", f"SQL, {PAGE} rows", _url(sql_path, sql=hiraku_sql),
              _url("/bench.json", sql=datasette_sql, _shape="array"), PAGE, 1, None),
    ]


def fetch_json(url: str, timeout: float = 120.0) -> tuple[int, object]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, None


def _hiraku_rows(body: dict) -> list[dict]:
    if "records" in body:
        return body["records"]
    result = body.get("result") or {}
    return result.get("records") or body.get("rows") or []


def check_hiraku(base: str, query: Query) -> None:
    status, body = fetch_json(base + query.hiraku)
    _require(status == 200 and isinstance(body, dict), query, "Hiraku", f"status {status}")
    found = _hiraku_rows(body)
    _require(len(found) == query.expect_rows, query, "Hiraku", f"{len(found)} rows")
    if query.expect_first_id is not None:
        first = found[0][ID_COLUMN] if isinstance(found[0], dict) else found[0][0]
        _require(first == query.expect_first_id, query, "Hiraku", f"first ID {first}")
    if query.expect_total is not None:
        _require(body.get("total") == query.expect_total, query, "Hiraku",
                 f"total {body.get('total')}")


def check_datasette(base: str, query: Query) -> None:
    status, body = fetch_json(base + query.datasette)
    _require(status == 200, query, "Datasette", f"status {status}")
    if isinstance(body, list):  # _shape=array
        found, first = body, body[0][ID_COLUMN] if body else None
    else:
        found = body["rows"]
        first = found[0][body["columns"].index(ID_COLUMN)] if found else None
    _require(len(found) == query.expect_rows, query, "Datasette", f"{len(found)} rows")
    if query.expect_first_id is not None:
        _require(first == query.expect_first_id, query, "Datasette", f"first ID {first}")


def _require(ok: bool, query: Query, who: str, what: str) -> None:
    if not ok:
        sys.exit(f"{who} answered {query.title!r} wrongly: {what}")


def hiraku_sql_path(base: str, resource_id: str) -> str:
    """/api/v1/sql when it exists, else CKAN's datastore_search_sql (same engine)."""
    probe = _url("/api/v1/sql", sql=f'SELECT 1 AS one FROM "{resource_id}" LIMIT 1')
    status, _ = fetch_json(base + probe)
    return "/api/v1/sql" if status == 200 else "/api/3/action/datastore_search_sql"


# --- running --------------------------------------------------------------------------------


@dataclass
class Options:
    duration: float
    connections: int
    warmup: float


@dataclass
class Contender:
    name: str
    server: Server
    base: str
    is_hiraku: bool
    ready_path: str
    results: dict[str, WrkResult]

    def path(self, query: Query) -> str:
        return query.hiraku if self.is_hiraku else query.datasette


def hiraku_contender(work: Path, built: Built, workers: int) -> Contender:
    port = free_port()
    name = f"Hiraku {workers}w"
    server = Server(name, [str(ROOT / ".venv" / "bin" / "hiraku"), "serve", "--host",
                           "127.0.0.1", "--port", str(port), "--workers", str(workers),
                           "--no-worker"],
                    env=hiraku_env(work / "hiraku-data"), log=work / f"hiraku-{workers}.log")
    ready = f"/api/v1/resources/{built.resource_id}/records?limit=1"
    return Contender(name, server, f"http://127.0.0.1:{port}", True, ready, {})


def datasette_contender(work: Path, built: Built, immutable: bool) -> Contender:
    port = free_port()
    binary = anchor_venv("datasette", DATASETTE) / "datasette"
    command = [str(binary), "serve", *(["-i"] if immutable else []), str(built.datasette_db),
               "-h", "127.0.0.1", "-p", str(port), "--setting", "sql_time_limit_ms", "5000",
               "--setting", "max_returned_rows", "1000"]
    name = "Datasette -i" if immutable else "Datasette"
    server = Server(name, command, log=work / f"{name.replace(' ', '')}.log")
    return Contender(name, server, f"http://127.0.0.1:{port}", False, "/-/versions.json", {})


def _figures(result: WrkResult) -> str:
    errors = f", {result.errors} errors" if result.errors else ""
    return (f"{result.requests_per_second:8.1f} req/s  p50 {result.p50_ms:7.1f} ms  "
            f"p99 {result.p99_ms:7.1f} ms{errors}")


def run_all(contenders: list[Contender], plan: list[Query], options: Options) -> None:
    """Each query against every server back to back, so a busy moment of the shared machine
    falls on all of them rather than on whichever happened to run then."""
    for query in plan:
        for contender in contenders:
            url = contender.base + contender.path(query)
            run_wrk(url, connections=options.connections, duration=options.warmup)
            result = run_wrk(url, connections=options.connections, duration=options.duration)
            contender.results[query.key] = result
            print(f"  {query.title:<34} {contender.name:<13} {_figures(result)}", flush=True)


def run_datasette_count(contender: Contender, plan: list[Query], options: Options) -> None:
    """Datasette's default page: count(*) of the whole table and facet suggestions, every time."""
    counted = contender.base + _url(f"/bench/{DATASETTE_TABLE}.json", _size=str(PAGE))
    # About 2 s a page at 1M rows (count plus facet suggestions): 16 queued requests need
    # longer than 10 s to finish at all, and wrk counts only finished ones.
    result = run_wrk(counted, connections=options.connections,
                     duration=max(options.duration, 30), timeout=60)
    contender.results["first+count"] = result
    print(f"  {'first page, default count':<34} {contender.name:<13} {_figures(result)}")


def comparison(hiraku: Contender, datasette: Contender, plan: list[Query]) -> None:
    print(f"\n{hiraku.name} vs {datasette.name}")
    print(f"| query | {hiraku.name} req/s | p99 ms | {datasette.name} req/s | p99 ms | ratio "
          f"| goal (≥{GOAL_RATIO:g}×, p99<{GOAL_P99_MS:g} ms) |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for query in plan:
        h, d = hiraku.results[query.key], datasette.results[query.key]
        ratio = h.requests_per_second / d.requests_per_second if d.requests_per_second else 0
        met = ratio >= GOAL_RATIO and h.p99_ms < GOAL_P99_MS and h.clean
        print(f"| {query.title} | {h.requests_per_second:,.0f} | {h.p99_ms:.1f} "
              f"| {d.requests_per_second:,.0f} | {d.p99_ms:.1f} | {ratio:.2f}× "
              f"| {'yes' if met else 'NO'} |")
    if "first+count" in datasette.results:
        h, d = hiraku.results["first"], datasette.results["first+count"]
        ratio = (f"{h.requests_per_second / d.requests_per_second:,.0f}×"
                 if d.requests_per_second else "∞")
        print(f"| first page, Datasette's default (count + facet suggestions) "
              f"| {h.requests_per_second:,.0f} | {h.p99_ms:.1f} | {d.requests_per_second:,.1f} "
              f"| {d.p99_ms:,.0f} | {ratio} | (info) |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per query")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds before each query")
    parser.add_argument("--skip-build", action="store_true",
                        help="reuse the CSV and both databases from an earlier run")
    parser.add_argument("--no-extra", action="store_true",
                        help="skip Hiraku with 1 worker, Datasette -i and its default count")
    parser.add_argument("--build-only", action="store_true",
                        help="build the CSV and both databases, then stop")
    args = parser.parse_args(argv)
    if args.rows < 2 * PAGE:
        parser.error(f"--rows must be at least {2 * PAGE}")
    work = CACHE / f"api-{args.rows}"
    work.mkdir(parents=True, exist_ok=True)
    options = Options(args.duration, args.connections, args.warmup)
    anchor_venv("datasette", DATASETTE)
    built = build(work, args.rows, args.skip_build)
    if args.build_only:
        return 0
    cores = os.cpu_count() or 1
    contenders = [hiraku_contender(work, built, cores), datasette_contender(work, built, False)]
    if not args.no_extra:
        contenders += [hiraku_contender(work, built, 1), datasette_contender(work, built, True)]
    print(f"\nResource {built.resource_id}, table {built.physical_table}; {CODE_COLUMN} index: "
          f"{'made by Hiraku' if built.hiraku_indexed_already else 'added by the benchmark'}")
    try:
        for contender in contenders:
            contender.server.start(contender.base + contender.ready_path)
        hiraku = contenders[0]
        sql_path = hiraku_sql_path(hiraku.base, built.resource_id)
        plan = queries(built, args.rows, sql_path)
        for contender in contenders:
            for query in plan:
                (check_hiraku if contender.is_hiraku else check_datasette)(contender.base, query)
        print(f"Answers checked (status, rows, first row, exact total). Hiraku SQL: {sql_path}")
        print(f"wrk: 1 thread, {args.connections} connections, {args.duration:g} s per query "
              f"after {args.warmup:g} s warm-up; {cores} cores, load average "
              f"{os.getloadavg()[0]:.2f}\n")
        run_all(contenders, plan, options)
        if not args.no_extra:
            run_datasette_count(contenders[1], plan, options)
    finally:
        for contender in contenders:
            contender.server.stop()
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")
    comparison(contenders[0], contenders[1], plan)
    if not args.no_extra:
        comparison(contenders[2], contenders[1], plan)
        comparison(contenders[0], contenders[3], plan)
        comparison(contenders[2], contenders[3], plan)
    return 0


if __name__ == "__main__":
    sys.exit(main())
