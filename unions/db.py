"""Resilience of database reads: a read that finds its connection dead is retried once.

`CONN_HEALTH_CHECKS` replaces a connection that died while idle (a PostgreSQL restart, an
administrator terminating sessions) before a request uses it. A connection killed between that
check and a query would still fail the request; for a plain read outside any transaction that is
needless, so this execute wrapper reconnects and runs the read once more. Writes and anything
inside a transaction are never retried: their outcome is unknown, so the error stands (the API
answers 503 and a partner retries with its Idempotency-Key).
"""

from __future__ import annotations

import logging
import re

from django.db import InterfaceError, OperationalError

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
