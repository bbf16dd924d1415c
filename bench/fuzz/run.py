"""API fuzzing on a live server: schemathesis against the OpenAPI schema, then a two-peer sweep.

    make fuzz                                  # what CI runs (.ci/run)
    FUZZ_MAX_EXAMPLES=20 make fuzz             # a quicker look while fixing (CI keeps 100)

Creates its own database (<your database>_fuzz on DATABASE_URL's server, or on the private
server in var/ when DATABASE_URL is unset; dropped and re-created each run), migrates, loads the
regions and the demo data, creates partner keys (read and write on every app) for two
organisations that must not see each other's records, and serves the portal with gunicorn on a
free loopback port. Then:

1. schemathesis (config in bench/fuzz/schemathesis.toml, plus fuzz dictionaries of ids that exist,
   written with it into var/fuzz/schemathesis.toml; see `id_dictionaries`) runs every operation of
   /api/v1/schema/ through all four phases (examples, coverage, fuzzing, stateful) with a fixed
   seed and at least 100 examples per operation, as peer A (达川区总工会), with its checks: no
   5xx, every status code and body as documented, no ignored authentication, and its
   object-level authorization check with peer B (通川区总工会, the neighbouring district).
2. A two-peer sweep, deterministic, over the demo data of every app: for each list, the records
   one organisation sees and its peer does not; each must be a 404 (or a documented 403) for
   the peer on every operation that takes its id (GET and every write), never its data.

The throttles are raised for the run (THROTTLE_* below): it is about correctness, not rate
limits; 429 is documented on every throttled operation and tested in the app tests. Prints a
summary and exits non-zero on any finding. Reports go to var/fuzz/.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
PY = str(ROOT / ".venv" / "bin" / "python")
OUT = ROOT / "var" / "fuzz"
sys.path.insert(0, str(ROOT))
from bench.common import recreate_database, scratch_database_url, wait_until_up  # noqa: E402

SCOPES = ["unions:read", "stations:write", "jobs:write", "mediation:write", "model_workers:write"]
# Peer pairs of the sweep: each owns demo records of some app, and neither is above the other.
PAIRS = [
    ("达川区总工会", "通川区总工会"),     # stations, events, jobs (districts of one city)
    ("嘉峰镇工会", "达川区总工会"),       # mediation cases, teams, referrals
    ("和平区总工会", "河西区总工会"),     # model workers, visits, care orders, benefit checks
]
SWEEP_PAGES = 20


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args) -> str:
    return subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True).stdout.strip()


def http(method: str, url: str, key: str | None = None, body: dict | None = None):
    headers = {"Authorization": f"Api-Key {key}"} if key else {}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, method=method, headers=headers)  # noqa: S310 - loopback only
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


# --- The two-peer sweep -------------------------------------------------------------------------


def list_ids(base: str, path: str, key: str, params: str) -> dict[str, dict]:
    """Every record (by id) the key sees in a list, following `next` for a few pages."""
    seen: dict[str, dict] = {}
    url = f"{base}{path}?page_size=100{params}"
    for _ in range(SWEEP_PAGES):
        status, body = http("GET", url, key)
        if status != 200:
            return seen
        data = json.loads(body)
        rows = data.get("results", data) if isinstance(data, dict) else data
        for row in rows if isinstance(rows, list) else []:
            if isinstance(row, dict) and "id" in row:
                seen[str(row["id"])] = row
        url = data.get("next") if isinstance(data, dict) else None
        if not url:
            break
    return seen


def sweep(base: str, schema: dict, keys: dict[str, str]) -> tuple[list[str], int]:
    """Findings, and the number of (record, operation, peer) probes sent."""
    paths = schema["paths"]
    findings: list[str] = []
    probes = 0
    for owner, peer in PAIRS:
        for first, second in ((owner, peer), (peer, owner)):
            for path, operations in paths.items():
                detail = f"{path}{{id}}/"
                if "{" in path or "get" not in operations or detail not in paths:
                    continue
                names = {p.get("name") for p in operations["get"].get("parameters", [])}
                params = "&mine=true" if "mine" in names else ""
                mine = list_ids(base, path, keys[first], params)
                theirs = list_ids(base, path, keys[second], params)
                for record_id, row in mine.items():
                    if record_id in theirs:
                        continue  # shared by design (published, public, or above both)
                    for target, ops in paths.items():
                        if not target.startswith(detail):
                            continue
                        for method in ops:
                            if method not in ("get", "put", "patch", "post", "delete"):
                                continue
                            url = base + target.replace("{id}", record_id)
                            status, body = http(method.upper(), url, keys[second],
                                                None if method == "get" else {})
                            probes += 1
                            documented = str(status) in ops[method]["responses"]
                            leaked = status < 300 or _shows(body, row)
                            if status not in (403, 404) or leaked or not documented:
                                findings.append(f"{second} {method.upper()} {target} (id {record_id} of {first}) "
                                                f"-> {status}")
    return findings, probes


def _shows(body: bytes, row: dict) -> bool:
    """Whether an error body carries the owner's record (its name, title or number)."""
    text = body.decode("utf-8", "replace")
    return any(isinstance(row.get(field), str) and len(row[field]) > 3 and row[field] in text
               for field in ("name", "title", "number", "id_number", "phone"))


# --- Real ids for schemathesis -----------------------------------------------------------------


def id_dictionaries(base: str, schema: dict, key: str) -> str:
    """TOML giving schemathesis ids that exist for each `/<list>/{id}/…` family of operations.

    Random ids are nearly always a 404, so without these the detail and action operations would
    seldom reach their validation and services. Half of the generated ids come from what the
    fuzzing key sees in the list (demo data), half stay random, so unknown ids are still tried.
    """
    chunks = []
    for path, operations in sorted(schema["paths"].items()):
        detail = f"{path}{{id}}/"
        if "{" in path or "get" not in operations or detail not in schema["paths"]:
            continue
        names = {p.get("name") for p in operations["get"].get("parameters", [])}
        ids = sorted(int(i) for i in list_ids(base, path, key, "&mine=true" if "mine" in names else "")
                     if str(i).isdigit())[:SWEEP_PAGES]
        if not ids:
            continue
        name = path.strip("/").replace("/", "_").replace("-", "_")
        pattern = "^" + detail.replace("{id}", r"\\{id\\}").replace(".", r"\\.")
        chunks.append(f"\n[dictionaries.{name}]\nvalues = {ids}\n\n[[operations]]\ninclude-path-regex = \"{pattern}\"\n"
                      f"parameters = {{ \"path.id\" = {{ dictionary = \"{name}\", probability = 0.5 }} }}\n")
    return "".join(chunks)


# --- The run ------------------------------------------------------------------------------------


def main() -> int:
    started = time.monotonic()
    url, admin_url = scratch_database_url("fuzz")
    recreate_database(url, admin_url)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    env = {
        **os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "0", "SECRET_KEY": "fuzz-only-" + "z" * 50,
        "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0", "LOG_LEVEL": "ERROR",
        "PORTAL_BASE_URL": base, "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        # Correctness, not rate limits: see the module docstring.
        "THROTTLE_ANON": "1000000/min", "THROTTLE_API_KEY": "1000000/min", "THROTTLE_STAFF": "1000000/min",
        "THROTTLE_PUBLIC_WRITE": "1000000/min", "THROTTLE_LOOKUP": "1000000/min",
    }
    print(f"Preparing {urlsplit(url).path.lstrip('/')}: migrations, regions, demo data…", flush=True)
    manage(env, "setup_portal")
    manage(env, "collectstatic", "--noinput")
    keys: dict[str, str] = {}
    for org in sorted({name for pair in PAIRS for name in pair}):
        args = [arg for scope in SCOPES for arg in ("--scope", scope)]
        keys[org] = manage(env, "create_api_key", "--organization", org, *args, "--name", "fuzz peer")
    auth_file = OUT / "auth.json"
    peer_a, peer_b = PAIRS[0]
    auth_file.write_text(json.dumps({"auth": [
        {"name": "peer_a", "fixedHeaders": [{"name": "Authorization", "value": f"Api-Key {keys[peer_a]}"}]},
        {"name": "peer_b", "fixedHeaders": [{"name": "Authorization", "value": f"Api-Key {keys[peer_b]}"}]},
    ]}))
    auth_file.chmod(0o600)
    workers = os.environ.get("FUZZ_WORKERS", "2")
    # Every 4xx is logged as a warning: thousands of lines, kept out of the report.
    server_log = (OUT / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi", "--workers", workers,
         "--bind", f"127.0.0.1:{port}", "--log-level", "error", "--timeout", "60"],
        cwd=ROOT, env=env, start_new_session=True, stdout=server_log, stderr=subprocess.STDOUT,
    )
    try:
        wait_until_up(base)
        prepared = time.monotonic() - started
        examples = os.environ.get("FUZZ_MAX_EXAMPLES", "100")
        print(f"Ready in {prepared:.0f} s. schemathesis: all phases, seed fixed, {examples} examples per operation, "
              f"peers {peer_a} / {peer_b}…", flush=True)
        import yaml  # drf-spectacular's dependency: the schema is served as YAML

        _status, body = http("GET", f"{base}/api/v1/schema/")
        schema = yaml.safe_load(body)
        config = OUT / "schemathesis.toml"
        config.write_text(Path(__file__).with_name("schemathesis.toml").read_text()
                          + "\n# Generated by run.py: ids that exist, for peer A.\n"
                          + id_dictionaries(base, schema, keys[peer_a]))
        fuzz_env = {**os.environ, "FUZZ_AUTH_FILE": str(auth_file), "FUZZ_REPORT_DIR": str(OUT)}
        st = subprocess.run(
            [str(ROOT / ".venv" / "bin" / "schemathesis"), "--config-file", str(config),
             "run", f"{base}/api/v1/schema/", "--max-examples", examples,
             "--workers", workers],
            cwd=OUT, env=fuzz_env, check=False,
        )
        fuzzed = time.monotonic() - started - prepared
        print("\nTwo-peer sweep over the demo data of every app…", flush=True)
        findings, probes = sweep(base, schema, keys)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        server_log.close()
    total = time.monotonic() - started
    print("\n== fuzz summary")
    print(f"schemathesis: {'PASS' if st.returncode == 0 else 'FAIL'} (exit {st.returncode}; "
          f"reports in {OUT.relative_to(ROOT)}/)")
    print(f"two-peer sweep: {'PASS' if not findings else 'FAIL'} ({probes} probes, {len(findings)} findings, "
          f"pairs {', '.join(' / '.join(pair) for pair in PAIRS)})")
    for finding in findings:
        print(f"  {finding}")
    print(f"time: {total:.0f} s (setup {prepared:.0f} s, schemathesis {fuzzed:.0f} s)")
    return 0 if st.returncode == 0 and not findings else 1


if __name__ == "__main__":
    sys.exit(main())
