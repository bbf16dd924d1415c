"""Fault drills: the portal under load while its PostgreSQL is restarted and its sessions killed.

    make bench-faults

Starts a PostgreSQL cluster of its own in a temporary folder (never a shared server), gunicorn
against it, and a steady load of reads and idempotent writes (job postings pushed with an
Idempotency-Key, retried with the same key after a failure, as a partner would). Then:

1. terminates every database session of the portal: goal 0 failed requests;
2. restarts PostgreSQL: goal the portal answers again within 5 s of the database accepting
   connections; afterwards every acknowledged write is there and no key made two postings;
3. holds a lock so a query runs past `statement_timeout`: goal a clean 503 with Retry-After,
   then 200 again once the lock is gone.

Prints each figure and exits non-zero when a goal is missed. Loopback only, bounded in time.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = str(ROOT / ".venv" / "bin" / "python")
RECOVERY_GOAL_S = 5.0
STATEMENT_TIMEOUT_MS = 3000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http(method: str, url: str, body: dict | None = None, headers: dict | None = None, timeout=15):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method,  # noqa: S310 - loopback only
                                     headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, json.loads(response.read() or b"null"), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, None, dict(error.headers)
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return 0, None, {}


class Load:
    """Threads of reads and idempotent writes, recording every outcome with its time."""

    def __init__(self, base: str, key: str, employer: str, threads: int = 6):
        self.base, self.key, self.employer = base, key, employer
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.outcomes: list[tuple[float, str, int]] = []
        self.acknowledged: dict[str, int] = {}
        self.threads = [threading.Thread(target=self.run, args=(n,), daemon=True) for n in range(threads)]

    def record(self, kind: str, status: int) -> None:
        with self.lock:
            self.outcomes.append((time.monotonic(), kind, status))

    def posting(self, key: str) -> dict:
        today = date.today()
        return {
            "employer": self.employer, "title": "物业保安（故障演练）", "occupation": "security",
            "description": f"演练写入 {key}", "headcount": 1, "pay_min": "3500.00", "pay_max": "4200.00",
            "pay_unit": "month", "employment_form": "full_time", "region": "511703",
            "address": "达州市达川区南外镇长田路32号", "contact_name": "刘女士", "contact_phone": "13881812345",
            "valid_from": today.isoformat(), "valid_through": (today + timedelta(days=30)).isoformat(),
        }

    def run(self, number: int) -> None:
        iteration = 0
        while not self.stop.is_set():
            iteration += 1
            if iteration % 4 == 0:
                key = str(uuid.uuid4())
                body = self.posting(key)
                # A partner retries a failed POST with the same key until it is acknowledged.
                while not self.stop.is_set():
                    status, data, _headers = http("POST", self.base + "/api/v1/postings/", body,
                                                  {"Authorization": f"Api-Key {self.key}", "Idempotency-Key": key})
                    self.record("write", status)
                    if status == 201:
                        with self.lock:
                            self.acknowledged[key] = data["id"]
                        break
                    time.sleep(0.3)
            else:
                status, _data, _headers = http("GET", self.base + "/api/v1/stations/?near=31.2,107.5&page_size=20")
                self.record("read", status)
            time.sleep(0.05)

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=30)

    def failures_between(self, start: float, end: float) -> list[tuple[float, str, int]]:
        with self.lock:
            return [o for o in self.outcomes if start <= o[0] <= end and o[2] not in (200, 201)]

    def first_success_after(self, moment: float) -> float | None:
        with self.lock:
            times = [o[0] for o in self.outcomes if o[0] >= moment and o[2] in (200, 201)]
        return min(times) if times else None


def settings_host(url: str) -> str:
    """The socket directory of a pgserver URL (…?host=/path)."""
    return url.split("host=", 1)[1].split("&", 1)[0]


def main() -> int:
    import pgserver
    import psycopg2

    workdir = Path(tempfile.mkdtemp(prefix="portal-faults-"))
    server = pgserver.get_server(str(workdir / "pgdata"), cleanup_mode="stop")
    server.psql('CREATE DATABASE "portal_faults";')
    url = server.get_uri("portal_faults")
    pg_bin = Path(pgserver.__file__).parent / "pginstall" / "bin"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "0", "SECRET_KEY": "faults-" + "f" * 50,
        "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0", "LOG_LEVEL": "ERROR",
        "DB_STATEMENT_TIMEOUT_MS": str(STATEMENT_TIMEOUT_MS), "PORTAL_VAR_DIR": str(workdir / "var"),
        "THROTTLE_ANON": "1000000/min", "THROTTLE_API_KEY": "1000000/min", "THROTTLE_PUBLIC_WRITE": "1000000/min",
    }
    goals: list[tuple[str, bool, str]] = []
    gunicorn = None
    try:
        print("Preparing a private cluster, the demo data and gunicorn…", flush=True)
        for args in (["setup_portal"], ["collectstatic", "--noinput"]):
            subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)
        key = subprocess.run(
            [PY, "manage.py", "create_api_key", "--organization", "达川区总工会", "--scope", "jobs:write"],
            cwd=ROOT, env=env, check=True, capture_output=True, text=True,
        ).stdout.strip()
        gunicorn = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi", "--workers", "3",
             "--bind", f"127.0.0.1:{port}", "--log-level", "error", "--timeout", "30"],
            cwd=ROOT, env=env, start_new_session=True,
        )
        for _ in range(120):
            if http("GET", base + "/healthz", timeout=2)[0] == 200:
                break
            time.sleep(0.5)
        _status, employers, _ = http("GET", base + "/api/v1/employers/?page_size=100",
                                     headers={"Authorization": f"Api-Key {key}"})
        employer = employers["results"][0]["credit_code"]

        load = Load(base, key, employer)
        load.start()
        time.sleep(8)

        # 1. Kill every session of the portal.
        killed_at = time.monotonic()
        conn = psycopg2.connect(server.get_uri("postgres"))
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                           "WHERE application_name = 'union-portal'")
            killed = cursor.fetchone()[0]
        conn.close()
        time.sleep(8)
        failed = load.failures_between(killed_at, time.monotonic())
        goals.append(("sessions terminated: 0 failed requests", not failed,
                      f"{killed} sessions killed, {len(failed)} failed requests"))

        # 2. Restart PostgreSQL.
        before_restart = time.monotonic()
        # pgserver runs PostgreSQL as its own system user when we are root; restart it the same way
        # (pg_ctl reuses the options the server was started with).
        from pgserver._commands import pg_ctl

        pg_ctl(["-w", "-m", "fast", "-l", str(workdir / "pgdata" / "restart.log"), "restart"],
               pgdata=workdir / "pgdata", user=server.system_user, timeout=60)
        socket_dir = settings_host(url)
        while subprocess.run([str(pg_bin / "pg_isready"), "-h", socket_dir, "-q"], check=False).returncode != 0:
            time.sleep(0.05)
        accepting_at = time.monotonic()
        time.sleep(10)
        first_ok = load.first_success_after(accepting_at)
        recovery = (first_ok - accepting_at) if first_ok else float("inf")
        goals.append((f"answers again within {RECOVERY_GOAL_S:.0f} s of the restart", recovery <= RECOVERY_GOAL_S,
                      f"{recovery:.2f} s after accepting connections (restart took "
                      f"{accepting_at - before_restart:.2f} s)"))
        load.finish()

        conn = psycopg2.connect(url)
        with conn.cursor() as cursor:
            ids = list(load.acknowledged.values())
            cursor.execute("SELECT count(*) FROM jobs_jobposting WHERE id = ANY(%s)", [ids])
            present = cursor.fetchone()[0]
            cursor.execute("SELECT description, count(*) FROM jobs_jobposting WHERE description LIKE '演练写入 %%' "
                           "GROUP BY description HAVING count(*) > 1")
            duplicates = cursor.fetchall()
        conn.close()
        goals.append(("every acknowledged write is there", present == len(ids), f"{present} of {len(ids)}"))
        goals.append(("no idempotency key made two postings", not duplicates, f"{len(duplicates)} duplicated keys"))
        reads = sum(1 for o in load.outcomes if o[1] == "read")
        print(f"Load: {len(load.outcomes)} requests ({reads} reads, {len(load.outcomes) - reads} write attempts).")

        # 3. A query held past statement_timeout answers 503, then the portal recovers.
        blocker = psycopg2.connect(url)
        with blocker.cursor() as cursor:
            cursor.execute("LOCK TABLE stations_station IN ACCESS EXCLUSIVE MODE")
            started = time.monotonic()
            status, _body, headers = http("GET", base + "/api/v1/stations/?near=31.2,107.5", timeout=30)
            waited = time.monotonic() - started
        blocker.rollback()
        blocker.close()
        after, _body, _headers = http("GET", base + "/api/v1/stations/?near=31.2,107.5")
        cut = status == 503 and headers.get("Retry-After") == "5" and after == 200
        goals.append(("a runaway query is cut and answered 503", cut,
                      f"{status} after {waited:.1f} s (timeout {STATEMENT_TIMEOUT_MS} ms), then {after}"))
    finally:
        if gunicorn is not None:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            gunicorn.wait(timeout=30)
        server.cleanup()
        shutil.rmtree(workdir, ignore_errors=True)

    print()
    for name, ok, detail in goals:
        print(f"{'PASS' if ok else 'FAIL'}  {name}: {detail}")
    return 0 if goals and all(ok for _name, ok, _detail in goals) else 1


if __name__ == "__main__":
    sys.exit(main())
