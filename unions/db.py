"""Database sessions: a read that finds its connection dead is retried once, and hot reads run as
prepared statements (`fetch_prepared`).

`CONN_HEALTH_CHECKS` replaces a connection that died while idle (a PostgreSQL restart, an
administrator terminating sessions) before a request uses it. A connection killed between that
check and a query would still fail the request; for a plain read outside any transaction that is
needless, so this execute wrapper reconnects and runs the read once more. Writes and anything
inside a transaction are never retried: their outcome is unknown, so the error stands (the API
answers 503 and a partner retries with its Idempotency-Key).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import weakref

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection

logger = logging.getLogger(__name__)


# Anything that writes or locks; a read that mentions none of these is safe to run twice.
_WRITES_OR_LOCKS = re.compile(
    r"\b(INSERT|UPDATE|DELETE|MERGE|TRUNCATE|COPY|CALL|NEXTVAL|SETVAL)\b"
    r"|\bFOR\s+(NO\s+KEY\s+)?(UPDATE|SHARE|KEY\s+SHARE)\b"
)


def _is_plain_read(sql: str) -> bool:
    """A SELECT, or a WITH … SELECT (the nearest-station search), that writes and locks nothing."""
    statement = sql.lstrip().upper()
    return statement.startswith(("SELECT", "WITH")) and not _WRITES_OR_LOCKS.search(statement)


# SQLSTATEs of a session ended by the server: administrator command, crash shutdown, cannot connect now.
SESSION_ENDED = ("57P01", "57P02", "57P03")


def session_died(error: Exception) -> bool:
    """The database session is gone (the socket closed, so no SQLSTATE, or the server ended it):
    not a statement timeout, a deadlock or a constraint, which running the statement again would
    not cure. Used by the few writes that are safe to repeat (the throttle, keyed partner writes)."""
    if isinstance(error, InterfaceError):
        return True
    cause = error.__cause__ or error
    return getattr(cause, "pgcode", None) in (None, *SESSION_ENDED)


def _connection_lost(connection) -> bool:
    raw = connection.connection
    return raw is None or bool(getattr(raw, "closed", 0))


def retry_lost_connection_reads(execute, sql, params, many, context):
    try:
        return execute(sql, params, many, context)
    except (OperationalError, InterfaceError):
        connection = context["connection"]
        if connection.in_atomic_block or many or not _is_plain_read(sql) or not _connection_lost(connection):
            raise
        logger.warning("Database connection lost; reconnecting and retrying a read once.")
        connection.close()
        connection.ensure_connection()
        # Run the same statement on a cursor of the new connection, through the same wrapper.
        context["cursor"].cursor = connection.connection.cursor()
        return execute(sql, params, many, context)


def install_retry_wrapper(sender, connection, **kwargs) -> None:
    """`connection_created` handler: add the wrapper once per connection wrapper.

    It goes first in the list (outermost). A connection is often created inside another
    wrapper's `with connection.execute_wrapper(…)` block (pghistory's request context), whose
    exit pops the *last* wrapper: appending ours there would get ours popped and leave theirs.
    """
    if retry_lost_connection_reads not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, retry_lost_connection_reads)


# --- Prepared statements ----------------------------------------------------------------------

# PostgreSQL plans a statement on every execution unless it was PREPAREd; for a hot read whose
# plan does not depend on its values (the nearest-station search) planning is half the cost.
# `PREPARED_STATEMENTS = False` (`DB_PREPARED_STATEMENTS=false`) turns this off, as a
# transaction-pooling PgBouncer requires.
_NAMED_PARAMETER = re.compile(r"%\((\w+)\)s")
MAX_PREPARED_PER_SESSION = 64
_prepared: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # raw connection → {name: None}


def fetch_prepared(sql: str, params: dict) -> list[tuple]:
    """The rows of the read `sql` (named `%(name)s` parameters), run as a prepared statement of
    this database session: prepared on its first use in the session, executed by name after.

    The statement's text names it, so queries of the same shape share one plan. A session keeps at
    most `MAX_PREPARED_PER_SESSION` of them, the least recently used deallocated first. A read
    whose session died under it runs once more, as plain SQL on a new connection, as
    `retry_lost_connection_reads` does for other reads (the next call prepares it there).
    """
    if not settings.PREPARED_STATEMENTS or not connection.settings_dict.get("CONN_MAX_AGE"):
        # A connection closed after each request would prepare on every request, and PostgreSQL
        # settles on a generic plan only from a statement's sixth run: plain SQL is faster there.
        return _fetch_plain(sql, params)
    name, body, order = _positional(sql)
    arguments = [params[key] for key in order]
    connection.ensure_connection()
    raw = connection.connection
    session = _prepared.setdefault(raw, {})
    try:
        with connection.cursor() as cursor:
            if name in session:
                session[name] = session.pop(name)  # most recently used last
            else:
                if len(session) >= MAX_PREPARED_PER_SESSION:
                    oldest = next(iter(session))
                    cursor.execute(f"DEALLOCATE {oldest}")
                    del session[oldest]
                cursor.execute(f"PREPARE {name} AS {body}")
                session[name] = None
            cursor.execute(
                f"EXECUTE {name}({', '.join(['%s'] * len(arguments))})" if arguments else f"EXECUTE {name}",
                arguments or None,
            )
            return cursor.fetchall()
    except (OperationalError, InterfaceError):
        _prepared.pop(raw, None)
        if connection.in_atomic_block or not _connection_lost(connection):
            raise
        logger.warning("Database connection lost; reconnecting and running a prepared read once more.")
        connection.close()
        return _fetch_plain(sql, params)


@functools.lru_cache(maxsize=256)
def _positional(sql: str) -> tuple[str, str, tuple[str, ...]]:
    """`sql` as PREPARE takes it: its statement name, its text with `$n` for each named parameter
    (and `%` for `%%`), and the parameter names in `$n` order. Cached: a hot read's text recurs."""
    order: list[str] = []

    def position(match: re.Match) -> str:
        if match.group(1) not in order:
            order.append(match.group(1))
        return f"${order.index(match.group(1)) + 1}"

    body = _NAMED_PARAMETER.sub(position, sql).replace("%%", "%")
    return "portal_" + hashlib.blake2b(body.encode(), digest_size=10).hexdigest(), body, tuple(order)


def _fetch_plain(sql: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
