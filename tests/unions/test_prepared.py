"""Hot reads run as prepared statements of the session (`unions.db.fetch_prepared`)."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from unions import db
from unions.db import fetch_prepared

pytestmark = pytest.mark.django_db

SQUARES = "SELECT n, n * n FROM generate_series(%(low)s::int, %(high)s::int) n ORDER BY n"


def session_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements ORDER BY prepare_time")
        return [row[0] for row in cursor.fetchall()]


def test_a_statement_is_prepared_once_per_session_and_then_executed_by_name():
    with CaptureQueriesContext(connection) as first:
        assert fetch_prepared(SQUARES, {"low": 2, "high": 4}) == [(2, 4), (3, 9), (4, 16)]
    with CaptureQueriesContext(connection) as second:
        assert fetch_prepared(SQUARES, {"low": 5, "high": 6}) == [(5, 25), (6, 36)]
    assert [query["sql"].split()[0] for query in first.captured_queries] == ["PREPARE", "EXECUTE"]
    assert [query["sql"].split()[0] for query in second.captured_queries] == ["EXECUTE"]
    assert sum("generate_series($1::int, $2::int)" in text for text in session_statements()) == 1


def test_a_parameter_named_twice_is_one_argument_and_a_literal_percent_stays():
    rows = fetch_prepared("SELECT %(n)s::int + %(n)s::int, 'a%%b', %(s)s::text", {"n": 20, "s": "x%y"})
    assert rows == [(40, "a%b", "x%y")]


def test_the_statement_outlives_a_rolled_back_transaction():
    with pytest.raises(RuntimeError), transaction.atomic():
        fetch_prepared(SQUARES, {"low": 1, "high": 1})
        raise RuntimeError("roll back")
    # PREPARE is not transactional, and the session's record of it says so.
    assert fetch_prepared(SQUARES, {"low": 3, "high": 3}) == [(3, 9)]


def test_the_least_recently_used_statement_is_deallocated(monkeypatch):
    monkeypatch.setattr(db, "MAX_PREPARED_PER_SESSION", 2)
    db._prepared.pop(connection.connection, None)
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    texts = [f"SELECT %(x)s::int + {n}" for n in range(3)]
    fetch_prepared(texts[0], {"x": 1})
    fetch_prepared(texts[1], {"x": 1})
    fetch_prepared(texts[0], {"x": 1})  # used again: now the newest
    fetch_prepared(texts[2], {"x": 1})  # evicts texts[1]
    kept = session_statements()
    assert len(kept) == 2 and not any("+ 1" in text for text in kept)
    assert fetch_prepared(texts[1], {"x": 1}) == [(2,)]  # prepared again when asked for


def test_turned_off_the_read_runs_as_plain_sql(settings):
    settings.PREPARED_STATEMENTS = False
    with CaptureQueriesContext(connection) as queries:
        assert fetch_prepared(SQUARES, {"low": 7, "high": 7}) == [(7, 49)]
    assert queries.captured_queries[0]["sql"].startswith("SELECT n, n * n")


def test_without_persistent_connections_the_read_runs_as_plain_sql(monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 0)
    with CaptureQueriesContext(connection) as queries:
        assert fetch_prepared(SQUARES, {"low": 8, "high": 8}) == [(8, 64)]
    assert [query["sql"].split()[0] for query in queries.captured_queries] == ["SELECT"]
