"""Search benchmark: Hiraku's catalog search against two anchors measured in the same run.

    .venv/bin/python bench/search.py [--datasets 10000] [--queries 200] [--postgres URL]

1. Builds a catalog of ``--datasets`` datasets in a temporary database (SQLite file, or a
   throw-away database on the PostgreSQL server at ``--postgres``): the 124 datasets of
   tests/search/data/catalog.json, repeated for 81 municipalities with their own titles,
   organizations, years, tags and column headers; then indexes it with ``hiraku reindex``'s
   code path (``hiraku.search.index.rebuild``).
2. Queries of one, two, three and five terms (fixed seed): one-term queries are the
   relevance set's; longer ones are words of one dataset (tags, organization, municipality),
   so that each has at least one match.
3. Hiraku: the site's search (``SearchBackend.search``: parse, match, rank, count, first
   page of 20, public datasets only). Anchors in an SQLite file of the same rows:
   ``LIKE '%term%'`` on every term over the concatenated fields, and FTS5's ``trigram``
   tokenizer (every term a quoted string, bm25 with the same field weights); each also
   counts its matches and fetches its first page.
4. Recall: the share of each query's substring matches (every term a substring of the
   NFKC-folded document) that an engine finds, averaged over queries.

Goal from the issue: p95 under 20 ms at 10,000 datasets.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import unicodedata
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "search" / "data"
SEED = 20240401
GOAL_P95_MS = 20.0
TERM_COUNTS = (1, 2, 3, 5)
PAGE = 20

MUNICIPALITIES = [
    "千代田区", "中央区", "港区", "新宿区", "文京区", "台東区", "墨田区", "江東区", "品川区",
    "目黒区", "大田区", "世田谷区", "渋谷区", "中野区", "杉並区", "豊島区", "北区", "荒川区",
    "板橋区", "練馬区", "足立区", "葛飾区", "江戸川区", "八王子市", "立川市", "武蔵野市",
    "三鷹市", "府中市", "調布市", "町田市", "小金井市", "日野市", "国分寺市", "国立市",
    "狛江市", "多摩市", "稲城市", "西東京市", "焼津市", "静岡市", "浜松市", "沼津市",
    "富士市", "藤枝市", "島田市", "掛川市", "高松市", "丸亀市", "坂出市", "善通寺市",
    "観音寺市", "さぬき市", "横浜市", "川崎市", "相模原市", "藤沢市", "鎌倉市", "茅ヶ崎市",
    "札幌市", "仙台市", "盛岡市", "秋田市", "山形市", "福島市", "水戸市", "宇都宮市",
    "前橋市", "さいたま市", "千葉市", "新潟市", "富山市", "金沢市", "福井市", "甲府市",
    "長野市", "岐阜市", "名古屋市", "津市", "大津市", "京都市", "大阪市",
]  # fmt: skip


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


# --- the catalog ----------------------------------------------------------------------------


def synthetic_catalog(size: int) -> list[dict]:
    """``size`` datasets: the relevance catalog once per municipality, varied per place."""
    base = json.loads((DATA / "catalog.json").read_text(encoding="utf-8"))
    rng = random.Random(SEED)
    catalog = []
    for n in range(size):
        entry = base[n % len(base)]
        place = MUNICIPALITIES[(n // len(base)) % len(MUNICIPALITIES)]
        year = rng.randrange(1, 7)
        suffix = f"（令和{year}年度）" if rng.random() < 0.5 else ""
        catalog.append(
            {
                "name": f"{entry['id']}-{n}",
                "title": f"{place} {entry['title']}{suffix}",
                "organization": f"{place}{entry['organization']}",
                "place": place,
                "notes": f"{entry['description']}{place}が公開しているデータです。",
                "tags": [*entry["tags"], place],
                "resources": [f"{place}_{r}" for r in entry["resources"]],
                "columns": entry["columns"],
            }
        )
    return catalog


def load_catalog(catalog: list[dict]) -> None:
    from django.db import transaction
    from django.utils import timezone

    from hiraku.catalog.models import Dataset, Organization, Resource, Tag
    from hiraku.datastore.models import ResourceTable

    with transaction.atomic():
        organizations = {}
        for title in sorted({e["organization"] for e in catalog}):
            organizations[title] = Organization(name=f"org-{len(organizations)}", title=title)
        Organization.objects.bulk_create(organizations.values())
        tags = {name: Tag(name=name) for name in sorted({t for e in catalog for t in e["tags"]})}
        Tag.objects.bulk_create(tags.values())
        datasets = [
            Dataset(
                id=uuid.uuid4(),
                name=e["name"],
                title=e["title"],
                notes=e["notes"],
                organization=organizations[e["organization"]],
                license_id="cc-by-4.0",
            )
            for e in catalog
        ]
        Dataset.objects.bulk_create(datasets, batch_size=1000)
        links = [
            Dataset.tags.through(dataset_id=d.id, tag_id=tags[t].id)
            for d, e in zip(datasets, catalog, strict=True)
            for t in e["tags"]
        ]
        Dataset.tags.through.objects.bulk_create(links, batch_size=5000)
        resources = [
            Resource(id=uuid.uuid4(), dataset=d, name=name, url="https://example.jp/", position=i)
            for d, e in zip(datasets, catalog, strict=True)
            for i, name in enumerate(e["resources"])
        ]
        Resource.objects.bulk_create(resources, batch_size=2000)
        first = {r.dataset_id: r for r in reversed(resources)}
        tables = [
            ResourceTable(
                resource=first[d.id],
                table_name=f"t_{d.id.hex}",
                row_count=0,
                columns=[{"name": f"c{i}", "label": h, "type": "text"} for i, h in enumerate(cols)],
                loaded=timezone.now(),
            )
            for d, cols in ((d, e["columns"]) for d, e in zip(datasets, catalog, strict=True))
        ]
        ResourceTable.objects.bulk_create(tables, batch_size=2000)


# --- queries and ground truth ---------------------------------------------------------------


def make_queries(catalog: list[dict], per_count: int) -> dict[int, list[str]]:
    rng = random.Random(SEED)
    relevance = json.loads((DATA / "queries.json").read_text(encoding="utf-8"))
    single = sorted({q["query"] for q in relevance if len(q["query"].split()) == 1})
    queries = {1: [single[i % len(single)] for i in range(per_count)]}
    for count in TERM_COUNTS[1:]:
        chosen: list[str] = []
        while len(chosen) < per_count:
            entry = rng.choice(catalog)
            pool = list(dict.fromkeys([*entry["tags"], entry["organization"]]))
            if len(pool) >= count:
                chosen.append(" ".join(rng.sample(pool, count)))
        queries[count] = chosen
    return queries


def substring_truth(documents: dict[str, str], terms: list[str]) -> set[str]:
    wanted = [fold(t) for t in terms]
    return {name for name, text in documents.items() if all(t in text for t in wanted)}


# --- anchors --------------------------------------------------------------------------------


class Anchors:
    """LIKE and FTS5 trigram over the same rows, in an SQLite file of their own."""

    def __init__(self, path: Path, documents: list[tuple[str, tuple[str, ...]]]) -> None:
        from hiraku.search.document import FIELDS, FTS5_WEIGHTS

        self.db = sqlite3.connect(path)
        self.db.execute("CREATE TABLE plain (name TEXT, title TEXT, body TEXT)")
        columns = ", ".join(FIELDS)
        self.db.execute(
            f"CREATE VIRTUAL TABLE tri USING fts5(name UNINDEXED, {columns}, tokenize='trigram')"
        )
        self.db.executemany(
            "INSERT INTO plain VALUES (?, ?, ?)",
            [(name, texts[0], "\n".join(texts)) for name, texts in documents],
        )
        self.db.executemany(
            f"INSERT INTO tri VALUES (?{', ?' * len(FIELDS)})",
            [(name, *texts) for name, texts in documents],
        )
        self.db.commit()
        self.weights = ", ".join(str(w) for w in (0.0, *FTS5_WEIGHTS))

    def like(self, terms: list[str], *, everything: bool = False) -> tuple[list[str], int]:
        patterns = [
            "%" + t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            for t in terms
        ]
        where = " AND ".join("body LIKE ? ESCAPE '\\'" for _ in patterns)
        total = self.db.execute(f"SELECT count(*) FROM plain WHERE {where}", patterns).fetchone()
        limit = -1 if everything else PAGE
        page = self.db.execute(
            f"SELECT name FROM plain WHERE {where}"
            " ORDER BY (title LIKE ? ESCAPE '\\') DESC, rowid LIMIT ?",
            [*patterns, patterns[0], limit],
        )
        return [row[0] for row in page], total[0]

    def trigram(self, terms: list[str], *, everything: bool = False) -> tuple[list[str], int]:
        match = " AND ".join('"' + t.replace('"', '""') + '"' for t in terms)
        total = self.db.execute("SELECT count(*) FROM tri WHERE tri MATCH ?", [match]).fetchone()
        limit = -1 if everything else PAGE
        page = self.db.execute(
            f"SELECT name FROM tri WHERE tri MATCH ? ORDER BY bm25(tri, {self.weights}) LIMIT ?",
            [match, limit],
        )
        return [row[0] for row in page], total[0]


# --- measuring ------------------------------------------------------------------------------


def timed(run: Callable[[str], object], queries: list[str]) -> list[float]:
    times = []
    for query in queries:
        started = time.perf_counter()
        run(query)
        times.append((time.perf_counter() - started) * 1000)
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def recall(found: Callable[[str], set[str]], queries: list[str], truth: dict[str, set]) -> float:
    shares = [len(found(q) & truth[q]) / len(truth[q]) for q in queries if truth[q]]
    return statistics.fmean(shares) if shares else 0.0


def anchor_engine(search: Callable, term_lists: dict[str, list[str]]) -> tuple:
    """(timed page search, every match) for an anchor that takes the query's terms."""
    return (
        lambda text: search(term_lists[text]),
        lambda text: set(search(term_lists[text], everything=True)[0]),
    )


def run(args: argparse.Namespace, workdir: Path) -> None:
    from django.core.management import call_command
    from django.db import connection

    from hiraku.catalog.models import Dataset
    from hiraku.catalog.queries import DatasetQuery, search_datasets
    from hiraku.search.backend import get_backend
    from hiraku.search.document import build_document, column_labels
    from hiraku.search.index import rebuild
    from hiraku.search.query import parse_query

    call_command("migrate", verbosity=0)
    catalog = synthetic_catalog(args.datasets)
    started = time.perf_counter()
    load_catalog(catalog)
    print(f"catalog: {args.datasets} datasets on {connection.vendor}"
          f" (loaded in {time.perf_counter() - started:.1f} s)")  # fmt: skip
    report = rebuild()
    print(f"index: rebuilt in {report.seconds:.1f} s ({report.datasets / report.seconds:.0f}/s)")

    datasets = list(
        Dataset.objects.public()
        .select_related("organization")
        .prefetch_related("tags", "resources")
    )
    labels = column_labels(d.pk for d in datasets)
    documents = [(d.name, build_document(d, labels[d.pk]).texts()) for d in datasets]
    folded = {name: fold("\n".join(texts)) for name, texts in documents}
    anchors = Anchors(workdir / "anchors.sqlite3", documents)
    backend = get_backend()
    public = Dataset.objects.public()

    def hiraku(text: str):
        return backend.search(parse_query(text), public, limit=PAGE)

    def hiraku_all(text: str) -> set[str]:
        matched = backend.matching(parse_query(text), public)
        return set(matched.values_list("name", flat=True))

    def terms_of(text: str) -> list[str]:
        return [t.text for t in parse_query(text).terms]

    def page_with_facets(text: str):
        return search_datasets(None, DatasetQuery(q=text), limit=PAGE, log_zero_results=False)

    queries = make_queries(catalog, args.queries)
    for warm in queries[1][:20]:
        hiraku(warm), anchors.like(terms_of(warm)), anchors.trigram(terms_of(warm))

    print(f"\n{'terms':>5} {'engine':18} {'p50 ms':>8} {'p95 ms':>8} {'recall':>7} {'hits':>7}")
    summary = []
    for count, texts in queries.items():
        term_lists = {t: terms_of(t) for t in texts}
        truth = {t: substring_truth(folded, term_lists[t]) for t in texts}
        engines = {
            "Hiraku": (hiraku, hiraku_all),
            "LIKE '%…%'": anchor_engine(anchors.like, term_lists),
            "FTS5 trigram": anchor_engine(anchors.trigram, term_lists),
            "Hiraku + facets": (page_with_facets, None),
        }
        measured = {}
        for name, (search, everything) in engines.items():
            times = timed(search, texts)
            share = recall(everything, texts, truth) if everything else float("nan")
            hits = statistics.fmean(len(everything(t)) for t in texts) if everything else 0.0
            measured[name] = (percentile(times, 0.5), percentile(times, 0.95))
            print(f"{count:>5} {name:18} {measured[name][0]:8.2f} {measured[name][1]:8.2f}"
                  f" {share:7.3f} {hits:7.1f}")  # fmt: skip
        summary.append((count, measured))

    print("\nratios (anchor time / Hiraku time; above 1 means Hiraku is faster)")
    for count, measured in summary:
        ours = measured["Hiraku"]
        for name in ("LIKE '%…%'", "FTS5 trigram"):
            theirs = measured[name]
            print(f"  {count} term(s) vs {name:13} p50 ×{theirs[0] / ours[0]:6.2f}"
                  f"   p95 ×{theirs[1] / ours[1]:6.2f}")  # fmt: skip
    worst = max(measured["Hiraku"][1] for _, measured in summary)
    verdict = "met" if worst < GOAL_P95_MS else "NOT met"
    print(f"\ngoal p95 < {GOAL_P95_MS:.0f} ms at {args.datasets} datasets: {verdict}"
          f" (worst p95 {worst:.2f} ms)")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200, help="queries per term count")
    parser.add_argument("--postgres", help="server URL (role with CREATEDB) to bench on")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="hiraku-bench-search-"))
    os.environ.update(HIRAKU_DATA_DIR=str(workdir), DJANGO_SETTINGS_MODULE="hiraku.settings")
    os.environ.update(HIRAKU_DATABASE_URL="", HIRAKU_DATASTORE_URL="")
    database = None
    if args.postgres:
        import psycopg

        database = f"hiraku_bench_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(args.postgres, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{database}"')
        os.environ["HIRAKU_DATABASE_URL"] = args.postgres.rsplit("/", 1)[0] + "/" + database
    try:
        import django

        django.setup()
        print(f"Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}")
        run(args, workdir)
    finally:
        if database:
            from django.db import connections

            connections.close_all()
            with psycopg.connect(args.postgres, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
