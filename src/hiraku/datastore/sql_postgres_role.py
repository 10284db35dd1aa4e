"""The PostgreSQL role that runs read-only SQL: who it is, how it is created, what it may read.

``HIRAKU_DATASTORE_READONLY_URL`` names it. When that is empty the role is
``<datastore user>_reader`` on the same server and database, with a password derived from
the datastore password: every app server computes the same one, so nothing has to be stored
or shared, and changing the datastore password changes it too.

The role may log in and SELECT the resource views, nothing else: no inheritance, no
CREATE anywhere, read-only transactions by default, a statement timeout by default. The
loader grants SELECT on each view as it publishes it (``grant_read``); ``ensure_reader``
(run by ``hiraku datastore_roles``, or on first use) creates or repairs the role and grants
the views that already exist.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass
from typing import Any

import psycopg
from django.conf import settings
from django.db import connections
from psycopg import sql as pgsql

from hiraku.datastore.identifiers import quote_identifier
from hiraku.datastore.router import DATASTORE
from hiraku.errors import HirakuError

log = logging.getLogger(__name__)

SUFFIX = "_reader"
MAX_NAME_BYTES = 63
# Django keys in DATABASES OPTIONS that are not libpq connection parameters.
DJANGO_ONLY_OPTIONS = {
    "assume_role",
    "isolation_level",
    "pool",
    "server_side_binding",
    "cursor_factory",
    "prepare_threshold",
    "context",
    "options",
}
RETRYABLE = {"42710", "23505", "XX000", "40001", "40P01"}  # concurrent CREATE/ALTER ROLE
VIEW_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


class ReaderNotConfigured(HirakuError):
    code = "sql-reader-not-configured"
    status = 503


@dataclass(frozen=True)
class Reader:
    role: str
    password: str
    params: dict[str, Any]  # libpq parameters to connect as the reader


def owner_params(connection: Any | None = None) -> dict[str, Any]:
    """libpq parameters of the datastore connection itself (the role that owns the tables)."""
    connection = connection or connections[DATASTORE]
    config = connection.settings_dict
    params = {k: v for k, v in config.get("OPTIONS", {}).items() if k not in DJANGO_ONLY_OPTIONS}
    for key, name in (
        ("NAME", "dbname"),
        ("USER", "user"),
        ("PASSWORD", "password"),
        ("HOST", "host"),
        ("PORT", "port"),
    ):
        if config.get(key):
            params[name] = str(config[key])
    return params


def derived_password(owner_password: str, role: str) -> str:
    message = f"hiraku datastore reader {role}".encode()
    return hmac.new(owner_password.encode(), message, hashlib.sha256).hexdigest()[:32]


def reader(connection: Any | None = None) -> Reader:
    url = settings.DATASTORE_READONLY_URL
    if url:
        try:
            params = psycopg.conninfo.conninfo_to_dict(url)
        except psycopg.Error as error:
            raise _not_configured("HIRAKU_DATASTORE_READONLY_URL is not a valid URL") from error
        role, password = str(params.get("user", "")), str(params.get("password", ""))
        if not role:
            raise _not_configured("HIRAKU_DATASTORE_READONLY_URL has no user name")
        return Reader(role, password, params)
    owner = owner_params(connection)
    user, password = owner.get("user", ""), owner.get("password", "")
    role = f"{user}{SUFFIX}"
    if not user or not password or len(role.encode()) > MAX_NAME_BYTES:
        raise _not_configured("the datastore URL has no user and password to derive it from")
    secret = derived_password(password, role)
    return Reader(role, secret, {**owner, "user": role, "password": secret})


def _not_configured(why: str) -> ReaderNotConfigured:
    return ReaderNotConfigured(
        "SQL検索用の読み取り専用ロールを決められません。"
        "HIRAKU_DATASTORE_READONLY_URL を設定してください。",
        f"The read-only SQL role cannot be determined ({why}). Set HIRAKU_DATASTORE_READONLY_URL.",
    )


def reader_role_name() -> str | None:
    try:
        return reader().role
    except ReaderNotConfigured:
        return None


def grant_read(cursor: Any, view: str) -> None:
    """Let the reader SELECT a just-published view (a new view has no grants)."""
    role = reader_role_name()
    if role is None:
        return
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
    if cursor.fetchone() is not None:  # no role yet: ensure_reader grants when creating it
        cursor.execute(f"GRANT SELECT ON {quote_identifier(view)} TO {quote_identifier(role)}")


def ensure_reader(connection: Any | None = None) -> Reader:
    """Create or repair the reader role and grant it the existing views. Idempotent."""
    target = reader(connection)
    with psycopg.connect(**owner_params(connection), autocommit=True, connect_timeout=10) as db:
        for attempt in range(5):
            try:
                with db.transaction():
                    _create_or_update(db, target)
                    _grant_views(db, target.role)
                break
            except psycopg.Error as error:
                if error.sqlstate not in RETRYABLE or attempt == 4:
                    raise
        _deny_public_creation(db)
    return target


def _create_or_update(db: psycopg.Connection, target: Reader) -> None:
    role = pgsql.Identifier(target.role)
    # The server stores a SCRAM verifier computed here: no password in server logs.
    verifier = db.pgconn.encrypt_password(
        target.password.encode(), target.role.encode(), b"scram-sha-256"
    ).decode()
    existing = db.execute(
        "SELECT rolsuper OR rolreplication OR rolbypassrls FROM pg_roles WHERE rolname = %s",
        [target.role],
    ).fetchone()
    if existing is None:
        db.execute(
            pgsql.SQL(
                "CREATE ROLE {} WITH LOGIN NOINHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE "
                "NOREPLICATION PASSWORD {}"
            ).format(role, pgsql.Literal(verifier))
        )
    elif existing[0]:
        raise _not_configured(f"the role {target.role} is a superuser or bypasses security")
    else:
        # Only a superuser may even restate SUPERUSER/REPLICATION, checked just above.
        db.execute(
            pgsql.SQL(
                "ALTER ROLE {} WITH LOGIN NOINHERIT NOCREATEDB NOCREATEROLE PASSWORD {}"
            ).format(role, pgsql.Literal(verifier))
        )
    timeout_ms = int(settings.SQL_TIME_LIMIT_MS)
    for name, value in (
        ("default_transaction_read_only", "on"),
        ("statement_timeout", f"{timeout_ms}ms"),
        ("idle_in_transaction_session_timeout", "60s"),
    ):
        db.execute(
            pgsql.SQL("ALTER ROLE {} SET {} = {}").format(
                role, pgsql.Identifier(name), pgsql.Literal(value)
            )
        )


def _grant_views(db: psycopg.Connection, role: str) -> None:
    views = db.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind = 'v' AND n.nspname = current_schema() AND c.relname ~ %s",
        [VIEW_PATTERN],
    ).fetchall()
    for (view,) in views:
        db.execute(
            pgsql.SQL("GRANT SELECT ON {} TO {}").format(
                pgsql.Identifier(view), pgsql.Identifier(role)
            )
        )


def _deny_public_creation(db: psycopg.Connection) -> None:
    """Nobody but the owner creates temporary tables or objects in the datastore database.

    The reader's transactions are read-only anyway; this holds even if that were lifted.
    Needs ownership of the database; without it the other layers still hold.
    """
    database = db.execute("SELECT current_database()").fetchone()[0]
    for statement in (
        pgsql.SQL("REVOKE TEMPORARY ON DATABASE {} FROM PUBLIC").format(pgsql.Identifier(database)),
        pgsql.SQL("REVOKE CREATE ON SCHEMA public FROM PUBLIC"),
    ):
        try:
            db.execute(statement)
        except psycopg.Error as error:
            log.warning("datastore hardening skipped: %s", error.diag.message_primary)
