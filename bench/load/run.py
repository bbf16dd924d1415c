"""Load test: gunicorn on PostgreSQL, the mixed workload of locustfile.py, figures at the end.

    make bench-load                      # 10 minutes, 40 simulated users
    LOAD_DURATION=60s LOAD_USERS=20 make bench-load

Uses DATABASE_URL if set, else a `portal_load` database on 127.0.0.1:5432. Loopback only, bounded
in time. Prints requests per second and p50/p95/p99 per endpoint and overall, and exits non-zero
if any request failed.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = str(ROOT / ".venv" / "bin" / "python")
OUT = ROOT / "var" / "load"
sys.path.insert(0, str(ROOT))
from bench.common import wait_until_up  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_database(url: str) -> None:
    import psycopg2

    name = url.rsplit("/", 1)[1].split("?")[0]
    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def manage(env, *args) -> str:
    return subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True).stdout.strip()


def get_json(url: str, key: str | None = None) -> dict:
    request = urllib.request.Request(url, headers={"Authorization": f"Api-Key {key}"} if key else {})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback only
        return json.load(response)


def main() -> int:
    duration = os.environ.get("LOAD_DURATION", "600s")
    users = os.environ.get("LOAD_USERS", "40")
    url = os.environ.get("DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/portal_load"
    ensure_database(url)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "0", "SECRET_KEY": "load-test-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0", "LOG_LEVEL": "WARNING",
        # The test measures the portal, not its rate limits.
        "THROTTLE_ANON": "1000000/min", "THROTTLE_API_KEY": "1000000/min", "THROTTLE_STAFF": "1000000/min",
        "THROTTLE_PUBLIC_WRITE": "1000000/min", "THROTTLE_LOOKUP": "1000000/min",
    }
    print("Preparing the database and static files…", flush=True)
    manage(env, "setup_portal")
    manage(env, "collectstatic", "--noinput")
    partner_key = manage(env, "create_api_key", "--organization", "达川区总工会", "--scope", "jobs:write",
                         "--name", "load test partner")
    cases_key = manage(env, "create_api_key", "--organization", "沁水县总工会", "--scope", "mediation:read",
                       "--name", "load test cases")
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi", "--workers", "3", "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )
    try:
        wait_until_up(base, seconds=60)
        stations = [str(s["id"]) for s in get_json(base + "/api/v1/stations/?page_size=100")["results"]]
        postings = [str(p["id"]) for p in get_json(base + "/api/v1/postings/?page_size=100")["results"]]
        employers = get_json(base + "/api/v1/employers/?page_size=100", partner_key)["results"]
        verified = [e["credit_code"] for e in employers if e.get("verified", True)] or [employers[0]["credit_code"]]
        OUT.mkdir(parents=True, exist_ok=True)
        load_env = {
            **env, "LOAD_STATION_IDS": ",".join(stations), "LOAD_POSTING_IDS": ",".join(postings),
            "LOAD_PARTNER_KEY": partner_key, "LOAD_CASES_KEY": cases_key, "LOAD_EMPLOYER_CODE": verified[0],
        }
        print(f"Load: {users} users for {duration} against {base} (gunicorn, 3 workers)…", flush=True)
        subprocess.run(
            [str(ROOT / ".venv" / "bin" / "locust"), "-f", str(Path(__file__).with_name("locustfile.py")),
             "--headless", "-u", users, "-r", "10", "-t", duration, "--host", base,
             "--csv", str(OUT / "stats"), "--only-summary", "--stop-timeout", "10"],
            env=load_env, check=False,
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return report(OUT / "stats_stats.csv")


def report(path: Path) -> int:
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    print(f"\n{'endpoint':<40} {'requests':>9} {'failures':>9} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    failures = 0
    for row in rows:
        name = row["Name"] if row["Type"] else "ALL"
        print(f"{(row['Type'] + ' ' + name).strip()[:40]:<40} {row['Request Count']:>9} {row['Failure Count']:>9} "
              f"{float(row['Requests/s']):>8.1f} {row['50%']:>7} {row['95%']:>7} {row['99%']:>7}")
        if row["Name"] == "Aggregated":
            failures = int(row["Failure Count"])
    print("\nFAILED: requests failed" if failures else "\nOK: 0 errors")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
