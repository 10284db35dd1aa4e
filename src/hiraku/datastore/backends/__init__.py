"""Datastore backends: the SQL that differs between SQLite and PostgreSQL, and nothing else."""

from __future__ import annotations

from django.db import connections

from hiraku.datastore.backends.base import Backend, Column
from hiraku.datastore.backends.postgresql import PostgresBackend
from hiraku.datastore.backends.sqlite import SqliteBackend

DATASTORE_ALIAS = "datastore"

__all__ = ["Backend", "Column", "backend_for", "datastore_backend"]


def backend_for(vendor: str) -> Backend:
    if vendor == "postgresql":
        return PostgresBackend()
    if vendor == "sqlite":
        return SqliteBackend()
    raise ValueError(f"unsupported datastore database: {vendor}")


def datastore_backend() -> Backend:
    return backend_for(connections[DATASTORE_ALIAS].vendor)
