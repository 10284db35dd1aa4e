"""Read-only SQL over the datastore: tables by resource id, typed values, time and row limits.

The SQL runs on its own connection (a read-only file on SQLite, the reader role on
PostgreSQL), which sees only committed data. So the resource is loaded once per module
outside the test transaction; its catalog rows are rolled back and only the datastore table
stays, dropped again at the end.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from hiraku.datastore import sql_postgres_role as roles
from hiraku.datastore.sql import SqlError, SqlRefused, SqlResult, SqlTimeout, run_sql
from tests.conftest import ON_POSTGRES

ROWS = 300
CSV = (
    "名称,定員,開設日,面積\r\n"
    + "".join(f"施設{i},{i},2024-04-{i % 28 + 1:02d},{i}.5\r\n" for i in range(1, ROWS + 1))
).encode()
# The SQL never touches Django's connections; the mark makes pytest-django create the databases.
pytestmark = pytest.mark.django_db(databases=["default", "datastore"])
RUNAWAY = (
    "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 1e12) "
    "SELECT count(*) FROM c"
)


def load_committed(django_db_blocker, content: bytes = CSV) -> Iterator[tuple[str, str]]:
    """Load a file through the real upload path; keep only the datastore side of it."""
    from django.db import transaction
    from django.test import TestCase

    from hiraku.catalog import services
    from hiraku.datastore.models import LoadJob, ResourceTable
    from hiraku.datastore.services import drop_resource_tables
    from tests import factories

    with django_db_blocker.unblock(), transaction.atomic():
        with TestCase.captureOnCommitCallbacks(execute=True):
            dataset = factories.dataset(factories.organization(), title="SQLの試験")
            resource = services.add_resource(
                factories.platform_admin(), dataset, upload=io.BytesIO(content), filename="施設.csv"
            )
        job = LoadJob.objects.get(resource=resource)
        assert job.status == "done", job.error_en
        table = ResourceTable.objects.get(resource=resource).table_name
        # The datastore committed on its own connection; the catalog rows go away.
        transaction.set_rollback(True)
    resource_id = str(resource.pk)
    yield resource_id, table
    with django_db_blocker.unblock():
        drop_resource_tables(resource_id)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker) -> Iterator[tuple[str, str]]:
    yield from load_committed(django_db_blocker)


@pytest.fixture
def rid(loaded) -> str:
    return loaded[0]


def test_select_star_by_resource_id_returns_the_typed_columns(rid):
    result = run_sql(f'SELECT * FROM "{rid}" ORDER BY _id LIMIT 2')
    assert result.fields == ["_id", "名称", "定員", "開設日", "面積"]
    first = result.rows[0]
    assert first[:3] == (1, "施設1", 1) and isinstance(first[2], int)
    assert str(first[3]) == "2024-04-02"
    assert float(first[4]) == 1.5
    assert result.truncated is False


def test_with_query_works(rid):
    result = run_sql(
        f'WITH big AS (SELECT "名称", "定員" FROM "{rid}" WHERE "定員" > 298) '
        'SELECT * FROM big ORDER BY "定員"'
    )
    assert result.rows == [("施設299", 299), ("施設300", 300)]


def test_recursive_cte_that_ends_is_allowed():
    sql = (
        "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 5) "
        "SELECT sum(n) FROM c"
    )
    assert run_sql(sql).rows == [(15,)]


def test_aggregates_and_window_functions_work(rid):
    result = run_sql(f'SELECT count(*), max("定員"), sum("定員") FROM "{rid}"')
    assert result.rows == [(ROWS, ROWS, ROWS * (ROWS + 1) // 2)]
    ranked = run_sql(
        f'SELECT "名称", row_number() OVER (ORDER BY "定員" DESC) FROM "{rid}" ORDER BY 2 LIMIT 1'
    )
    assert ranked.rows == [("施設300", 1)]


def test_all_rows_within_the_limit_are_not_truncated(rid):
    result = run_sql(f'SELECT _id FROM "{rid}"')
    assert len(result.rows) == ROWS and result.truncated is False


def test_row_limit_cuts_off_and_says_so(rid):
    result = run_sql(f'SELECT _id FROM "{rid}" ORDER BY _id', max_rows=10)
    assert [row[0] for row in result.rows] == list(range(1, 11))
    assert result.truncated is True


def test_default_row_limit_comes_from_the_settings(rid, settings):
    settings.SQL_MAX_ROWS = 7
    result = run_sql(f'SELECT _id FROM "{rid}"')
    assert len(result.rows) == 7 and result.truncated is True


def test_a_query_without_rows_still_names_its_columns(rid):
    result = run_sql(f'SELECT "名称", "定員" AS capacity FROM "{rid}" WHERE "定員" < 0')
    assert result == SqlResult(["名称", "capacity"], [], truncated=False)


def test_time_limit_override_stops_a_runaway_query():
    with pytest.raises(SqlTimeout) as caught:
        run_sql(RUNAWAY, time_limit_ms=50)
    assert caught.value.details == {"time_limit_ms": 50}
    assert "0.05" in caught.value.message_en and "0.05秒" in caught.value.message_ja


def test_default_time_limit_comes_from_the_settings(settings):
    settings.SQL_TIME_LIMIT_MS = 60
    with pytest.raises(SqlTimeout) as caught:
        run_sql(RUNAWAY)
    assert caught.value.details == {"time_limit_ms": 60}


def test_default_time_limit_is_three_seconds():
    from hiraku import config

    assert config.get_int("HIRAKU_SQL_TIME_LIMIT_MS") == 3000
    assert config.get_int("HIRAKU_SQL_MAX_ROWS") == 1000


def test_percent_signs_are_sql_not_driver_placeholders():
    assert run_sql("SELECT 7 % 3, '%s', '%(x)s'").rows == [(1, "%s", "%(x)s")]


@pytest.mark.parametrize(
    ("sql", "code"),
    [("  \n\t", "sql-empty"), ("SELECT 1" + " " * 100_000, "sql-too-long")],
    ids=["empty", "too-long"],
)
def test_text_that_is_no_query_is_refused_before_the_database(sql, code):
    with pytest.raises(SqlRefused) as caught:
        run_sql(sql)
    assert caught.value.code == code and caught.value.message_ja


def test_errors_are_typed_and_bilingual(rid):
    with pytest.raises(SqlError) as caught:
        run_sql(f'SELECT nosuchcolumn FROM "{rid}"')
    error = caught.value
    assert error.code == "sql-error" and error.status == 400
    assert "SQLのエラー" in error.message_ja and error.message_en.startswith("SQL error")
    assert "nosuchcolumn" in error.message_en


# Committed for real, so the reader sees it; only the datastore (no Django tables) is flushed.
@pytest.mark.django_db(databases=["datastore"], transaction=True)
def test_the_view_stays_readable_after_the_loader_republishes_it(loaded, django_db_blocker):
    from django.db import connections, transaction

    from hiraku.datastore.backends import datastore_backend

    rid, table = loaded
    run_sql(f'SELECT 1 FROM "{rid}"')  # the reader exists before the new view does
    with (
        django_db_blocker.unblock(),
        transaction.atomic(using="datastore"),
        connections["datastore"].cursor() as cursor,
    ):
        datastore_backend().publish(cursor, rid, table)
    assert run_sql(f'SELECT count(*) FROM "{rid}"').rows == [(ROWS,)]


SQLISH = st.lists(
    st.sampled_from(
        [
            "SELECT",
            "WITH",
            "FROM",
            "1",
            "'",
            '"',
            ";",
            "--",
            "/*",
            "*/",
            "$$",
            "\\",
            "(",
            ")",
            "*",
            "DROP",
            "ATTACH",
            "PRAGMA",
            "INSERT",
            "\n",
            " ",
            "pg_",
            "x",
        ]
    )
    | st.text(max_size=5),
    max_size=12,
).map("".join)


@hypothesis_settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(sql=SQLISH)
def test_any_text_gives_a_result_or_a_typed_error(rid, sql):
    try:
        result = run_sql(sql, time_limit_ms=200)
    except SqlError as error:
        assert error.message_ja and error.message_en and error.code.startswith("sql-")
    else:
        assert isinstance(result, SqlResult)
    assert run_sql(f'SELECT count(*) FROM "{rid}"').rows == [(ROWS,)]


def test_reader_password_is_derived_from_the_datastore_password():
    first = roles.derived_password("secret", "hiraku_reader")
    assert first == roles.derived_password("secret", "hiraku_reader")
    assert first != roles.derived_password("other", "hiraku_reader")
    assert "secret" not in first and len(first) == 32


def test_readonly_url_names_the_role(settings):
    settings.DATASTORE_READONLY_URL = "postgresql://ro:s3cret@db.internal:5433/hiraku_datastore"
    reader = roles.reader()
    assert (reader.role, reader.password) == ("ro", "s3cret")
    assert reader.params["host"] == "db.internal" and reader.params["dbname"] == "hiraku_datastore"


@pytest.mark.skipif(not ON_POSTGRES, reason="PostgreSQL roles")
def test_datastore_roles_command_makes_a_locked_down_reader(loaded):
    import psycopg
    from django.core.management import call_command

    rid, table = loaded
    call_command("datastore_roles")
    call_command("datastore_roles")  # idempotent
    role = roles.reader().role
    with psycopg.connect(**roles.owner_params()) as db:
        flags = db.execute(
            "SELECT rolcanlogin, rolinherit, rolsuper, rolcreaterole, rolcreatedb, rolconfig "
            "FROM pg_roles WHERE rolname = %s",
            [role],
        ).fetchone()
        can = db.execute(
            "SELECT has_table_privilege(%(r)s, %(v)s, 'SELECT'), "
            "has_table_privilege(%(r)s, %(t)s, 'SELECT'), "
            "has_table_privilege(%(r)s, %(v)s, 'INSERT'), "
            "has_database_privilege(%(r)s, current_database(), 'TEMPORARY'), "
            "has_database_privilege(%(r)s, current_database(), 'CREATE'), "
            "has_schema_privilege(%(r)s, 'public', 'CREATE')",
            {"r": role, "v": f'"{rid}"', "t": table},
        ).fetchone()
    assert flags[:5] == (True, False, False, False, False)
    assert "default_transaction_read_only=on" in flags[5]
    assert can == (True, False, False, False, False, False)


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite only")
def test_datastore_roles_command_has_nothing_to_do_on_sqlite(capsys):
    from django.core.management import call_command

    call_command("datastore_roles")
    assert "no role needed" in capsys.readouterr().out


def test_the_result_stops_at_its_size_limit_and_says_so(monkeypatch):
    from hiraku.datastore import sql as common

    monkeypatch.setattr(common, "MAX_RESULT_BYTES", 10_000)
    rows = [("名" * 400, 1, 2.5, None)] * 50
    result = common.collect(["a", "b", "c", "d"], iter(rows), max_rows=1000)
    # Each row holds 400 characters of text, so at most 25 fit in 10,000 bytes.
    assert 0 < len(result.rows) <= 25 and result.truncated is True
    assert common.collect(["a"], iter([("x",)] * 50), max_rows=1000).truncated is False


@pytest.mark.parametrize("value", ["x" * 1_000_001, b"x" * 1_000_001,
                                   bytearray(1_000_001), memoryview(bytes(1_000_001))],
                         ids=["text", "bytes", "bytearray", "memoryview"])
def test_a_value_over_the_per_value_limit_is_refused_whatever_holds_it(value):
    from hiraku.datastore import sql as common

    with pytest.raises(SqlRefused) as caught:
        common.collect(["v"], iter([(1, value)]), max_rows=10)
    assert caught.value.code == "sql-too-large"
    just_under = value[:1_000_000]
    assert common.collect(["v"], iter([(1, just_under)]), max_rows=10).rows
