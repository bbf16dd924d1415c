"""What the bench scripts share: a scratch database beside the portal's, and waiting for gunicorn.

Each script puts the repository root on `sys.path` and imports `bench.common`.
"""

from __future__ import annotations

import os
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def scratch_database_url(suffix: str) -> tuple[str, str]:
    """(URL of `<portal database>_<suffix>`, the portal's own URL) on DATABASE_URL's server, or on
    the private PostgreSQL in var/ when DATABASE_URL is unset. Never the portal's database itself."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        sys.path.insert(0, str(ROOT))
        from unions.devdb import private_database_url

        url = private_database_url(Path(os.environ.get("PORTAL_VAR_DIR", ROOT / "var")))
    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "portal"
    return urlunsplit(parts._replace(path=f"/{name}_{suffix}")), url


def recreate_database(url: str, admin_url: str) -> None:
    """Drop the database of `url` (ending its sessions) and create it empty."""
    import psycopg2
    from psycopg2 import sql

    name = urlsplit(url).path.lstrip("/")
    connection = psycopg2.connect(urlunsplit(urlsplit(admin_url)._replace(path="/postgres")))
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()


def wait_until_up(base: str, seconds: int = 90) -> None:
    """Wait for the portal at `base` to answer /healthz; exit the script if it never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2)  # noqa: S310 - loopback only
            return
        except OSError:
            time.sleep(0.5)
    sys.exit("gunicorn did not come up")
