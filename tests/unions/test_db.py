"""A read whose connection was killed is retried on a new connection; writes are not."""

import psycopg2
import pytest
from django.conf import settings
from django.db import OperationalError, connection

from unions.models import Region

pytestmark = pytest.mark.django_db(transaction=True)


def kill_current_backend():
    """Terminate this test's own PostgreSQL session from a second connection, as an admin would."""
    pid = connection.connection.info.backend_pid
    database = settings.DATABASES["default"]
    admin = psycopg2.connect(dbname=database["NAME"], user=database["USER"] or None,
                             password=database["PASSWORD"] or None, host=database["HOST"] or None,
                             port=database["PORT"] or None)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    admin.close()


def test_read_survives_a_killed_connection():
    assert Region.objects.filter(code="511703").exists()
    old_pid = connection.connection.info.backend_pid
    kill_current_backend()
    assert Region.objects.get(code="511703").name == "达川区"
    assert connection.connection.info.backend_pid != old_pid


def test_a_with_query_read_survives_a_killed_connection():
    from stations.models import Station

    Region.objects.exists()
    kill_current_backend()
    assert list(Station.objects.near(31.2, 107.5)) == []  # the nearest search is a WITH … SELECT


@pytest.mark.parametrize(("sql", "plain_read"), [
    ("SELECT 1", True),
    ("  with bound AS (SELECT 1) SELECT * FROM bound", True),
    ('SELECT "updated_at", "created_by_id" FROM t', True),
    ("SELECT * FROM t FOR UPDATE", False),
    ("SELECT * FROM t FOR NO KEY UPDATE", False),
    ("SELECT * FROM t FOR SHARE", False),
    ("WITH moved AS (DELETE FROM t RETURNING *) SELECT * FROM moved", False),
    ("SELECT nextval('s')", False),
    ("INSERT INTO t VALUES (1)", False),
])
def test_what_counts_as_a_plain_read(sql, plain_read):
    from unions.db import _is_plain_read

    assert _is_plain_read(sql) is plain_read


def test_write_on_a_killed_connection_is_not_retried():
    Region.objects.exists()
    kill_current_backend()
    with pytest.raises(OperationalError):
        Region.objects.filter(code="511703").update(name="达川区")
    connection.close()  # the next request (here: the test's teardown) reconnects


def test_installing_inside_another_wrapper_leaves_that_wrapper_removable():
    from unions.db import retry_lost_connection_reads

    def other(execute, sql, params, many, context):
        return execute(sql, params, many, context)

    connection.close()
    with connection.execute_wrapper(other):
        Region.objects.exists()  # opens a new connection inside the other wrapper's block
    assert other not in connection.execute_wrappers
    assert retry_lost_connection_reads in connection.execute_wrappers


def test_a_prepared_read_survives_a_killed_connection():
    from unions.db import fetch_prepared

    sql = "SELECT code FROM unions_region WHERE code = %(code)s"
    assert fetch_prepared(sql, {"code": "511703"}) == [("511703",)]
    kill_current_backend()
    # The statement died with its session: the plain read runs, on a new connection.
    assert fetch_prepared(sql, {"code": "511703"}) == [("511703",)]
    assert fetch_prepared(sql, {"code": "511703"}) == [("511703",)]  # and is prepared there again
