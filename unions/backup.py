"""Backups of the portal's database with pg_dump / pg_restore, and the restore drill.

`manage.py backup` writes `var/backups/portal-<timestamp>.dump` (custom format, `pg_dump -Fc`);
`manage.py restore <file>` loads one into the configured database; `manage.py backup_drill`
proves a backup is good: it dumps, restores into a fresh scratch database, and compares row
counts and checksums of every sensitive table (organisation-owned records, their audit history,
the reveal log) and that the audit triggers came back too.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection


class BackupError(RuntimeError):
    pass


def _major(version_text: str) -> int:
    match = re.search(r"(\d+)(?:\.\d+)?", version_text)
    return int(match.group(1)) if match else 0


def _candidates(name: str) -> list[str]:
    found = []
    try:
        import pgserver

        bundled = Path(pgserver.__file__).parent / "pginstall" / "bin" / name
        if bundled.exists():
            found.append(str(bundled))
    except ImportError:
        pass
    found += [str(path) for path in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)]
    on_path = shutil.which(name)
    if on_path:
        found.append(on_path)
    return found


def pg_tool(name: str) -> str:
    """The pg_dump/pg_restore/psql whose major version matches the server (or is newer)."""
    server_major = connection.pg_version // 10000
    best = None
    for candidate in _candidates(name):
        result = subprocess.run([candidate, "--version"], capture_output=True, text=True, check=False)
        major = _major(result.stdout.split(")")[-1] if ")" in result.stdout else result.stdout)
        if major == server_major:
            return candidate
        if major > server_major and best is None:
            best = candidate
    if best:
        return best
    raise BackupError(f"No {name} for PostgreSQL {server_major} found; install the PostgreSQL client tools.")


def connection_args(database: dict | None = None, name: str | None = None) -> tuple[list[str], dict]:
    database = database or settings.DATABASES["default"]
    args = ["-d", name or database["NAME"]]
    if database.get("HOST"):
        args += ["-h", database["HOST"]]
    if database.get("PORT"):
        args += ["-p", str(database["PORT"])]
    if database.get("USER"):
        args += ["-U", database["USER"]]
    env = {**os.environ}
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    return args, env


def dump(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    args, env = connection_args()
    subprocess.run([pg_tool("pg_dump"), "-Fc", "--no-owner", "-f", str(target), *args], env=env, check=True)
    return target


def restore(source: Path, database_name: str | None = None) -> None:
    args, env = connection_args(name=database_name)
    subprocess.run(
        [pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--exit-on-error", *args, str(source)],
        env=env, check=True,
    )


def sensitive_tables() -> list[str]:
    """Tables holding personal or organisation data: owned records, their history, reveals."""
    from unions.models import OwnedModel, RevealLog

    tables = {RevealLog._meta.db_table, "unions_membership", "unions_apikey"}
    for model in apps.get_models():
        if issubclass(model, OwnedModel) or issubclass(getattr(model, "pgh_tracked_model", type), OwnedModel):
            tables.add(model._meta.db_table)
    existing = set(connection.introspection.table_names())
    return sorted(tables & existing)


def table_fingerprints(cursor, tables: list[str]) -> dict[str, tuple[int, str]]:
    """Row count and an order-independent checksum of every row's text, per table."""
    fingerprints = {}
    for table in tables:
        cursor.execute(
            f'SELECT count(*), coalesce(md5(string_agg(md5(t::text), \'\' ORDER BY md5(t::text))), \'\') '  # noqa: S608
            f'FROM "{table}" AS t'
        )
        fingerprints[table] = tuple(cursor.fetchone())
    return fingerprints


def trigger_names(cursor) -> list[str]:
    cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname")
    return [row[0] for row in cursor.fetchall()]
