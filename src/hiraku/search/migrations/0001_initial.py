"""Search tables. The index itself depends on the database: an FTS5 table on SQLite, a
tsvector column with a GIN index on PostgreSQL (see hiraku.search.sqlite / .postgresql)."""

import django.db.models.deletion
from django.db import migrations, models

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title, tags, organization, description, resources, columns, tokenize='unicode61')",
    # The index row goes with its entry, however the entry is deleted (cascade, flush).
    "CREATE TRIGGER search_entry_delete AFTER DELETE ON search_searchentry BEGIN"
    " DELETE FROM search_fts WHERE rowid = old.id; END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_entry_delete",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRESQL_FORWARD = [
    "ALTER TABLE search_searchentry ADD COLUMN document tsvector NOT NULL DEFAULT ''",
    "CREATE INDEX search_searchentry_document ON search_searchentry USING gin (document)",
]
POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS search_searchentry_document",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS document",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("catalog", "0002_licences_and_themes"),
    ]

    operations = [
        migrations.CreateModel(
            name="ZeroResultQuery",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.CharField(max_length=256, unique=True, verbose_name="query")),
                ("count", models.PositiveIntegerField(default=1, verbose_name="times searched")),
                (
                    "first_seen",
                    models.DateTimeField(auto_now_add=True, verbose_name="first searched"),
                ),
                (
                    "last_seen",
                    models.DateTimeField(auto_now_add=True, verbose_name="last searched"),
                ),
            ],
            options={
                "verbose_name": "search without results",
                "verbose_name_plural": "searches without results",
                "ordering": ["-count", "-last_seen"],
            },
        ),
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                (
                    "dataset",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="search_entry",
                        to="catalog.dataset",
                        verbose_name="dataset",
                    ),
                ),
            ],
            options={
                "verbose_name": "search index entry",
                "verbose_name_plural": "search index entries",
            },
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}),
        ),
    ]
