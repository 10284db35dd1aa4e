"""Records API benchmark: Hiraku against Datasette 0.65 on the same 1,000,000-row table.

    .venv/bin/python bench/api.py [--rows 1000000] [--duration 10] [--connections 16]
                                  [--rounds 1] [--skip-build] [--no-extra] [--build-only]
                                  [--threads N]

1. Generates a deterministic UTF-8 CSV (12 columns: a row number, a code column, a municipality
   code with leading zeros, Japanese names and addresses, a category, a date, an integer,
   numbers, a note) under bench/.cache/api-<rows>/ (_api_data.py).
2. Hiraku: a throw-away HIRAKU_DATA_DIR (SQLite), `hiraku migrate`, `hiraku ingest`.
   Datasette: the same rows, column names and declared types (read back from Hiraku's
   physical table) in an SQLite file, loaded with sqlite3.executemany. The filtered column
   gets a B-tree index in both, unless Hiraku's load already made one.
3. Starts every server at once (Hiraku: `hiraku serve`, one worker per core, rate limit off;
   Datasette in its own venv, one process; with the extras also Hiraku with 1 worker and
   Datasette -i) and checks each query's answer once: status, row count, first row, total.
4. Runs wrk (1 thread, --connections, --duration, after a short warm-up) per query against
   each server in turn, and prints req/s, p50, p99 and the server's CPU time per request
   (read from /proc: a busy shared machine moves req/s much more than CPU per request),
   then the goal tables: Hiraku at least 3x Datasette's req/s and a p99 under 50 ms.

Queries: the first page of 100 rows (Hiraku always counts the exact total; Datasette with
`_nocount=1&_nofacet=1`, its fastest, and once as it comes: count plus facet suggestions),
a keyset page at row 500,000 (Hiraku's `after` cursor, Datasette's `_next`), an equality
filter on the indexed code column (50 rows), and a 100-row SQL query.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _api_data import (
    CODE_COLUMN,
    DATASETTE_TABLE,
    FILTER_CODE,
    ID_COLUMN,
    Built,
    build,
    facility_code,
    hiraku_env,
)
from _common import CACHE, ROOT, Server, WrkResult, anchor_venv, free_port, run_wrk

DATASETTE = "datasette>=0.65,<0.66"
GOAL_RATIO = 3.0
GOAL_P99_MS = 50.0
PAGE = 100
KEYSET_ROW = 500_000


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
        Query(
            "first",
            f"first page of {PAGE}",
            _url(records, limit=str(PAGE)),
            _url(table, _size=str(PAGE), _nocount="1", _nofacet="1"),
            PAGE,
            1,
            rows,
        ),
        Query(
            "keyset",
            f"keyset page at row {keyset_at:,}",
            _url(records, limit=str(PAGE), after=keyset_cursor(keyset_at)),
            _url(table, _size=str(PAGE), _nocount="1", _nofacet="1", _next=str(keyset_at)),
            PAGE,
            keyset_at + 1,
            rows,
        ),
        Query(
            "filter",
            f"{CODE_COLUMN}={code} ({matching} rows)",
            _url(records, limit=str(PAGE), **{CODE_COLUMN: code}),
            _url(table, _size=str(PAGE), _nocount="1", _nofacet="1", **{CODE_COLUMN: code}),
            min(matching, PAGE),
            None,
            matching,
        ),
        Query(
            "sql",
            f"SQL, {PAGE} rows",
            _url(sql_path, sql=hiraku_sql),
            _url("/bench.json", sql=datasette_sql, _shape="array"),
            PAGE,
            1,
            None,
        ),
    ]


def fetch_json(url: str, timeout: float = 120.0) -> tuple[int, object]:
    try:
        # Only http://127.0.0.1 URLs of servers this script started.
        with urllib.request.urlopen(url, timeout=timeout) as answer:  # noqa: S310
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
        _require(
            body.get("total") == query.expect_total, query, "Hiraku", f"total {body.get('total')}"
        )


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
    rounds: int = 1


@dataclass
class Contender:
    name: str
    server: Server
    base: str
    is_hiraku: bool
    ready_path: str
    results: dict[str, WrkResult]
    cpu_ms: dict[str, float] = field(default_factory=dict)  # server CPU per request

    def path(self, query: Query) -> str:
        return query.hiraku if self.is_hiraku else query.datasette


def hiraku_contender(work: Path, built: Built, workers: int, threads: int | None) -> Contender:
    port = free_port()
    name = f"Hiraku {workers}w" + (f"×{threads}t" if threads else "")
    env = hiraku_env(work / "hiraku-data")
    if threads:
        env["HIRAKU_THREADS"] = str(threads)
    server = Server(
        name,
        [
            str(ROOT / ".venv" / "bin" / "hiraku"),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--no-worker",
        ],
        env=env,
        log=work / f"hiraku-{workers}.log",
    )
    ready = f"/api/v1/resources/{built.resource_id}/records?limit=1"
    return Contender(name, server, f"http://127.0.0.1:{port}", True, ready, {})


def datasette_contender(work: Path, built: Built, immutable: bool) -> Contender:
    port = free_port()
    binary = anchor_venv("datasette", DATASETTE) / "datasette"
    command = [
        str(binary),
        "serve",
        *(["-i"] if immutable else []),
        str(built.datasette_db),
        "-h",
        "127.0.0.1",
        "-p",
        str(port),
        "--setting",
        "sql_time_limit_ms",
        "5000",
        "--setting",
        "max_returned_rows",
        "1000",
    ]
    name = "Datasette -i" if immutable else "Datasette"
    server = Server(name, command, log=work / f"{name.replace(' ', '')}.log")
    return Contender(name, server, f"http://127.0.0.1:{port}", False, "/-/versions.json", {})


def _figures(result: WrkResult) -> str:
    errors = f", {result.errors} errors" if result.errors else ""
    return (
        f"{result.requests_per_second:8.1f} req/s  p50 {result.p50_ms:7.1f} ms  "
        f"p99 {result.p99_ms:7.1f} ms{errors}"
    )


def run_all(contenders: list[Contender], plan: list[Query], options: Options) -> None:
    """Each query against every server back to back, so a busy moment of the shared machine
    falls on all of them rather than on whichever happened to run then. With several rounds,
    each figure is the round with the median req/s (its p99 and CPU come from that round)."""
    rounds: dict[tuple[str, str], list[tuple[WrkResult, float]]] = {}
    for round_number in range(1, options.rounds + 1):
        if options.rounds > 1:
            print(f"round {round_number} of {options.rounds}")
        for query in plan:
            for contender in contenders:
                url = contender.base + contender.path(query)
                run_wrk(url, connections=options.connections, duration=options.warmup)
                cpu_before = contender.server.cpu_seconds()
                result = run_wrk(url, connections=options.connections, duration=options.duration)
                cpu_ms = 1000 * (contender.server.cpu_seconds() - cpu_before)
                cpu_ms /= max(result.requests, 1)
                rounds.setdefault((contender.name, query.key), []).append((result, cpu_ms))
                print(
                    f"  {query.title:<34} {contender.name:<13} {_figures(result)}  "
                    f"CPU {cpu_ms:5.1f} ms/req",
                    flush=True,
                )
    for contender in contenders:
        for query in plan:
            runs = sorted(rounds[contender.name, query.key], key=lambda r: r[0].requests_per_second)
            result, cpu_ms = runs[len(runs) // 2]
            contender.results[query.key] = result
            contender.cpu_ms[query.key] = cpu_ms


def run_datasette_count(contender: Contender, plan: list[Query], options: Options) -> None:
    """Datasette's default page: count(*) of the whole table and facet suggestions, every time."""
    counted = contender.base + _url(f"/bench/{DATASETTE_TABLE}.json", _size=str(PAGE))
    # About 2 s a page at 1M rows (count plus facet suggestions): 16 queued requests need
    # longer than 10 s to finish at all, and wrk counts only finished ones.
    result = run_wrk(
        counted, connections=options.connections, duration=max(options.duration, 30), timeout=60
    )
    contender.results["first+count"] = result
    print(f"  {'first page, default count':<34} {contender.name:<13} {_figures(result)}")


def comparison(hiraku: Contender, datasette: Contender, plan: list[Query]) -> None:
    """The goal table. "CPU ratio" is Datasette's server CPU per request over Hiraku's: how many
    times more requests Hiraku serves per CPU-second, which a busy shared machine distorts
    far less than req/s."""
    print(f"\n{hiraku.name} vs {datasette.name}")
    print(
        f"| query | {hiraku.name} req/s | p99 ms | CPU ms/req | {datasette.name} req/s | p99 ms "
        f"| CPU ms/req | ratio | CPU ratio | goal (≥{GOAL_RATIO:g}×, p99<{GOAL_P99_MS:g} ms) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for query in plan:
        h, d = hiraku.results[query.key], datasette.results[query.key]
        h_cpu, d_cpu = hiraku.cpu_ms[query.key], datasette.cpu_ms[query.key]
        ratio = h.requests_per_second / d.requests_per_second if d.requests_per_second else 0
        met = ratio >= GOAL_RATIO and h.p99_ms < GOAL_P99_MS and h.clean
        print(
            f"| {query.title} | {h.requests_per_second:,.0f} | {h.p99_ms:.0f} | {h_cpu:.1f} "
            f"| {d.requests_per_second:,.0f} | {d.p99_ms:.0f} | {d_cpu:.1f} | {ratio:.2f}× "
            f"| {d_cpu / h_cpu if h_cpu else 0:.2f}× | {'yes' if met else 'NO'} |"
        )
    if "first+count" in datasette.results:
        h, d = hiraku.results["first"], datasette.results["first+count"]
        ratio = (
            f"{h.requests_per_second / d.requests_per_second:,.0f}×"
            if d.requests_per_second
            else "∞"
        )
        print(
            f"| first page, Datasette's default (count + facet suggestions) "
            f"| {h.requests_per_second:,.0f} | {h.p99_ms:.0f} | | {d.requests_per_second:,.1f} "
            f"| {d.p99_ms:,.0f} | | {ratio} | | (info) |"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per query")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds before each query")
    parser.add_argument(
        "--rounds", type=int, default=1, help="repeat every measurement; report the median round"
    )
    parser.add_argument(
        "--skip-build",
        action="store_true",
        help="reuse the CSV and both databases from an earlier run",
    )
    parser.add_argument(
        "--no-extra",
        action="store_true",
        help="skip Hiraku with 1 worker, Datasette -i and its default count",
    )
    parser.add_argument(
        "--build-only", action="store_true", help="build the CSV and both databases, then stop"
    )
    parser.add_argument(
        "--threads",
        type=int,
        help="HIRAKU_THREADS for Hiraku's servers (default: Hiraku's own default)",
    )
    args = parser.parse_args(argv)
    if args.rows < 2 * PAGE:
        parser.error(f"--rows must be at least {2 * PAGE}")
    work = CACHE / f"api-{args.rows}"
    work.mkdir(parents=True, exist_ok=True)
    options = Options(args.duration, args.connections, args.warmup, max(1, args.rounds))
    anchor_venv("datasette", DATASETTE)
    built = build(work, args.rows, args.skip_build)
    if args.build_only:
        return 0
    cores = os.cpu_count() or 1
    contenders = [
        hiraku_contender(work, built, cores, args.threads),
        datasette_contender(work, built, False),
    ]
    if not args.no_extra:
        contenders += [
            hiraku_contender(work, built, 1, args.threads),
            datasette_contender(work, built, True),
        ]
    print(
        f"\nResource {built.resource_id}, table {built.physical_table}; {CODE_COLUMN} index: "
        f"{'made by Hiraku' if built.hiraku_indexed_already else 'added by the benchmark'}"
    )
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
        print(
            f"wrk: 1 thread, {args.connections} connections, {args.duration:g} s per query "
            f"after {args.warmup:g} s warm-up; {cores} cores, load average "
            f"{os.getloadavg()[0]:.2f}\n"
        )
        run_all(contenders, plan, options)
        if not args.no_extra:
            run_datasette_count(contenders[1], plan, options)
    except RuntimeError as error:  # a server that would not start: its log says why
        sys.exit(str(error))
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
