"""The datastore database holds resource tables only; no Django model ever migrates there.

Tables in it are created by the loader with raw SQL, and the read-only SQL endpoint connects
to it alone, so no query can reach users, sessions or feedback.
"""

from __future__ import annotations

DATASTORE = "datastore"


class DatastoreRouter:
    def db_for_read(self, model, **hints):
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != DATASTORE
