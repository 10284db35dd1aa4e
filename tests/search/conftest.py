"""Fixtures for the Django side of search. The relevance catalog is built once per module,
inside a transaction that is rolled back afterwards, so nothing is committed; each test still
runs in its own savepoint (pytest-django's ``db``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(scope="module")
def relevance_catalog(django_db_setup, django_db_blocker) -> Iterator[dict]:
    from django.db import transaction

    from tests.search.relevance_catalog import load_relevance_catalog

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            datasets = load_relevance_catalog()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield datasets
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
