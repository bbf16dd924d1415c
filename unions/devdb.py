"""The private PostgreSQL server that `make run` and `make test` use when DATABASE_URL is unset.

Newcomers should not have to install or configure PostgreSQL to try the portal. Without
`DATABASE_URL`, settings ask this module for a URL: it starts (or reuses) a server whose data lives
in `var/pgdata`, preferring the embedded PostgreSQL 16 of the `pgserver` package and falling back
to the system's `initdb`/`pg_ctl`. The server keeps running after the process exits, so a second
`make run` only checks that it is up.

Run as `python -m unions.devdb` to start it and print its URL.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

DATABASE_NAME = "portal"


class PrivateDatabaseError(RuntimeError):
    """No way to start a private PostgreSQL server was found."""


def _socket_dir(data_dir: Path) -> Path:
    # Unix socket paths are limited to ~107 bytes; a deep checkout would overflow that, so the
    # socket lives in a short, per-data-directory folder under the system temp dir.
    digest = hashlib.sha256(str(data_dir).encode()).hexdigest()[:10]
    path = Path(tempfile.gettempdir()) / f"portal-pg-{digest}"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def _url(socket_dir: Path, user: str) -> str:
    return f"postgresql://{user}@/{DATABASE_NAME}?host={socket_dir}"


def _ensure_database(psql_args: list[str]) -> None:
    exists = subprocess.run(
        [*psql_args, "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}'"],  # noqa: S608
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    if exists != "1":
        subprocess.run([*psql_args, "-c", f'CREATE DATABASE "{DATABASE_NAME}"'], check=True,
                       capture_output=True)


def _with_pgserver(data_dir: Path) -> str | None:
    os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.gettempdir())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            import pgserver
        except ImportError:
            return None
        server = pgserver.get_server(str(data_dir), cleanup_mode=None)
    if DATABASE_NAME not in server.psql("SELECT datname FROM pg_database;"):
        server.psql(f'CREATE DATABASE "{DATABASE_NAME}";')
    return server.get_uri(DATABASE_NAME)


def _pg_binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    return None


def _with_system_postgres(data_dir: Path) -> str | None:
    initdb, pg_ctl = _pg_binary("initdb"), _pg_binary("pg_ctl")
    if not (initdb and pg_ctl):
        return None
    socket_dir = _socket_dir(data_dir)
    user = "postgres"
    # initdb refuses to run as root; a portal checkout run by root is common in containers.
    if os.geteuid() == 0:
        raise PrivateDatabaseError(
            "The system PostgreSQL cannot run as root. Set DATABASE_URL to a server you run, "
            "or install the 'pgserver' package."
        )
    if not (data_dir / "PG_VERSION").exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run([initdb, "-D", str(data_dir), "-U", user, "-A", "trust", "-E", "UTF8"],
                       check=True, capture_output=True)
    status = subprocess.run([pg_ctl, "-D", str(data_dir), "status"], capture_output=True)
    if status.returncode != 0:
        subprocess.run(
            [pg_ctl, "-D", str(data_dir), "-w", "-l", str(data_dir / "server.log"), "-o",
             f"-k {socket_dir} -c listen_addresses=''", "start"],
            check=True, capture_output=True,
        )
    psql = _pg_binary("psql") or "psql"
    _ensure_database([psql, "-h", str(socket_dir), "-U", user, "-d", "postgres"])
    return _url(socket_dir, user)


def private_database_url(var_dir: Path) -> str:
    """Start the private server if it is not running and return a URL for its portal database."""
    data_dir = var_dir / "pgdata"
    var_dir.mkdir(parents=True, exist_ok=True)
    for start in (_with_pgserver, _with_system_postgres):
        url = start(data_dir)
        if url:
            return url
    raise PrivateDatabaseError(
        "No PostgreSQL found: install the 'pgserver' package (pip) or PostgreSQL's initdb/pg_ctl, "
        "or set DATABASE_URL=postgresql://user:password@host:5432/dbname."
    )


if __name__ == "__main__":
    try:
        print(private_database_url(Path(__file__).resolve().parent.parent / "var"))
    except PrivateDatabaseError as error:
        sys.exit(str(error))
