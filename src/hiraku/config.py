"""Every setting Hiraku reads from the environment, in one place.

The README's settings table, ``hiraku settings`` and the tests all derive from ``SETTINGS``,
so a setting cannot exist without being documented.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "HIRAKU_DATA_DIR",
        "./var",
        "Directory for all local state: SQLite files, uploads, "
        "task queue. Two instances with different data directories run side by side.",
    ),
    Setting(
        "HIRAKU_DATABASE_URL",
        "",
        "Catalog database (users, datasets, audit, tasks). Empty: SQLite file in the "
        "data directory. Example: postgresql://user:pw@host/hiraku",
    ),
    Setting(
        "HIRAKU_DATASTORE_URL",
        "",
        "Datastore database (one table per resource, public data "
        "only). Empty: a second SQLite file in the data directory.",
    ),
    Setting(
        "HIRAKU_DATASTORE_READONLY_URL",
        "",
        "PostgreSQL only: the read-only role that runs SQL queries, for example "
        "postgresql://hiraku_reader:pw@db.internal/hiraku_datastore. Empty: the role "
        "`<datastore user>_reader` with a password derived from the datastore password, created "
        "by `hiraku datastore_roles` or on first use.",
    ),
    Setting(
        "HIRAKU_SQL_TIME_LIMIT_MS",
        "3000",
        "Time limit of one read-only SQL query (/api/v1/sql, datastore_search_sql), in "
        "milliseconds.",
    ),
    Setting(
        "HIRAKU_WEB_QUERY_TIME_LIMIT_MS",
        "10000",
        "PostgreSQL only: longest a catalog query of a web request may run before it is "
        "cancelled and the visitor gets a 503 (0: no limit). Commands and background "
        "workers are not limited.",
    ),
    Setting(
        "HIRAKU_SQL_MAX_ROWS",
        "1000",
        "Most rows one read-only SQL query returns; the answer says when rows were cut off.",
    ),
    Setting(
        "HIRAKU_PRODUCTION",
        "0",
        "1 turns on production mode: a secret key is required, "
        "DEBUG is off, secure cookies, HSTS and HTTPS redirects are on.",
    ),
    Setting(
        "HIRAKU_DEBUG",
        "0",
        "1 shows Django's debug pages with stack traces. For developers only; never in production.",
    ),
    Setting(
        "HIRAKU_SECRET_KEY",
        "",
        "Django secret key. Required in production; in development a "
        "key is generated once and kept in the data directory.",
    ),
    Setting(
        "HIRAKU_ALLOWED_HOSTS",
        "127.0.0.1,localhost,[::1]",
        "Comma-separated host names the site answers to.",
    ),
    Setting(
        "HIRAKU_CSRF_TRUSTED_ORIGINS",
        "",
        "Comma-separated origins (https://data.example.lg.jp) "
        "trusted for form posts behind a proxy.",
    ),
    Setting("HIRAKU_MAX_UPLOAD_MB", "100", "Largest file a staff member may upload, in megabytes."),
    Setting(
        "HIRAKU_SITE_NAME",
        "Hiraku",
        "Name of the portal shown in the header (for example 焼津市オープンデータ).",
    ),
    Setting("HIRAKU_SITE_NAME_EN", "Hiraku", "English name of the portal."),
    Setting(
        "HIRAKU_MAP_TILE_URL",
        "https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png",
        "Map tiles of the public site's maps ({z}/{x}/{y} template; default 地理院タイル, the "
        "standard map of the Geospatial Information Authority of Japan). Empty: maps show "
        "markers without a background (offline use, tests). The tile host is added to the "
        "Content-Security-Policy.",
    ),
    Setting(
        "HIRAKU_MAP_TILE_ATTRIBUTION",
        '<a href="https://maps.gsi.go.jp/development/ichiran.html">地理院タイル</a>',
        "Attribution shown on maps for the tiles (HTML; only links are kept). Change it with "
        "the tile URL.",
    ),
    Setting(
        "HIRAKU_S3_BUCKET",
        "",
        "Store uploaded files in this S3-compatible bucket instead of the data directory.",
    ),
    Setting(
        "HIRAKU_S3_ENDPOINT_URL",
        "",
        "Endpoint of the S3-compatible object storage (MinIO, Sakura, AWS).",
    ),
    Setting("HIRAKU_S3_ACCESS_KEY", "", "Access key for the object storage."),
    Setting("HIRAKU_S3_SECRET_KEY", "", "Secret key for the object storage."),
    Setting(
        "HIRAKU_WORKERS",
        "0",
        "Worker processes started by `hiraku serve`; 0 means one per CPU core.",
    ),
    Setting(
        "HIRAKU_THREADS",
        "2",
        "Request threads in each worker process of `hiraku serve` (each keeps its own "
        "database connections).",
    ),
    Setting(
        "HIRAKU_EMBEDDED_WORKER",
        "1",
        "1: `hiraku serve` also runs a background task "
        "worker. Set 0 when workers run on other machines (`hiraku worker`).",
    ),
    Setting("HIRAKU_API_RATE_ANONYMOUS", "600/m", "Requests per client IP allowed to the "
            "APIs without a token (django-ratelimit syntax: 600/m, 20/s). Empty: no limit."),
    Setting("HIRAKU_API_RATE_TOKEN", "6000/m", "Requests per API token. Empty: no limit."),
    Setting("HIRAKU_ACCESS_LOG", "1", "1: `hiraku serve` logs every request. Set 0 when a load "
            "balancer or proxy already keeps access logs (it saves CPU on busy APIs)."),
    Setting("HIRAKU_TRUSTED_PROXIES", "127.0.0.1", "Addresses or networks (comma-separated, "
            "e.g. 10.0.0.0/8) of load balancers whose X-Forwarded-For header gives the "
            "client's address; * trusts every sender."),
    Setting("HIRAKU_LOG_LEVEL", "INFO", "Log level (DEBUG, INFO, WARNING, ERROR)."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> str:
    """The value of a declared setting: the environment, else the default."""
    setting = _BY_NAME[name]
    return os.environ.get(name, setting.default)


def get_bool(name: str) -> bool:
    return get(name).strip().lower() in {"1", "true", "yes", "on"}


def get_int(name: str) -> int:
    return int(get(name))


def get_list(name: str) -> list[str]:
    return [part.strip() for part in get(name).split(",") if part.strip()]


def data_dir() -> Path:
    return Path(get("HIRAKU_DATA_DIR")).expanduser().resolve()


def markdown_table() -> str:
    """The README's settings table (kept in sync by tests/test_docs.py)."""
    rows = ["| setting | default | what it does |", "|---|---|---|"]
    rows += [
        f"| `{s.name}` | `{s.default}` | {s.help} |"
        if s.default
        else f"| `{s.name}` | (empty) | {s.help} |"
        for s in SETTINGS
    ]
    return "\n".join(rows)


if __name__ == "__main__":
    print(markdown_table())
