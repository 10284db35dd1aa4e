"""Column names come from CSV headers, so they are hostile until quoted by one function."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hiraku.catalog import services
from hiraku.datastore.identifiers import (
    POSTGRES_MAX_BYTES,
    IdentifierError,
    physical_column_names,
    quote_identifier,
)
from hiraku.datastore.models import ResourceTable
from tests import factories

HOSTILE = [
    'a"b',
    "users] UNION SELECT password FROM users--",
    "x; DROP TABLE catalog_dataset; --",
    "改行\nを含む",
    "漢" * 200,
    "_id",
    "ROWID",
    "名称",
    "名称 ",
    "NAME",
    "name",
    "",
]


def test_quote_identifier_doubles_quotes():
    assert quote_identifier('a"b') == '"a""b"'
    assert quote_identifier("名称") == '"名称"'


def test_quote_identifier_refuses_nul():
    with pytest.raises(IdentifierError):
        quote_identifier("a\x00b")


def test_names_are_unique_case_insensitively_and_avoid_reserved_ones():
    names = physical_column_names(HOSTILE)
    assert len({n.casefold() for n in names}) == len(HOSTILE)
    assert "_id" not in names and "ROWID" not in names
    assert "\n" not in "".join(names)


def test_long_japanese_names_fit_postgresql_without_colliding():
    long_a = "災害種別_崖崩れ、土石流及び地滑り_に関する補足説明の詳細情報その一"
    long_b = "災害種別_崖崩れ、土石流及び地滑り_に関する補足説明の詳細情報その二"
    names = physical_column_names([long_a, long_b, "漢" * 200],
                                  max_bytes=POSTGRES_MAX_BYTES)
    assert all(len(n.encode()) <= POSTGRES_MAX_BYTES for n in names)
    assert len(set(names)) == 3
    assert names[0] != names[1]


@given(st.lists(st.text(min_size=0, max_size=80), min_size=1, max_size=30))
def test_any_headers_give_unique_valid_names(headers):
    names = physical_column_names(headers, max_bytes=POSTGRES_MAX_BYTES)
    assert len(names) == len(headers)
    assert len({n.casefold() for n in names}) == len(names)
    assert all(n and len(n.encode()) <= POSTGRES_MAX_BYTES and "\x00" not in n for n in names)


@pytest.mark.django_db(databases=["default", "datastore"])
def test_hostile_headers_load_and_read_back(run_on_commit, datastore_rows):
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    headers = [h for h in HOSTILE if h.strip()]
    writer.writerow(headers)
    writer.writerow([f"v{i}" for i in range(len(headers))])
    dataset = factories.dataset(factories.organization(), "hostile")
    resource = run_on_commit(services.add_resource, factories.platform_admin(), dataset,
                             upload=io.BytesIO(buffer.getvalue().encode()), filename="h.csv")
    table = ResourceTable.objects.get(resource=resource)
    labels = [c["label"] for c in table.columns]
    assert len(labels) == len(headers)
    columns = ", ".join(quote_identifier(c["name"]) for c in table.columns)
    assert datastore_rows(resource, columns) == [tuple(f"v{i}" for i in range(len(headers)))]
    # The catalog's own tables survived the "DROP TABLE" header.
    from hiraku.catalog.models import Dataset

    assert Dataset.objects.filter(name="hostile").exists()
