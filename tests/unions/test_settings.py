"""Production settings: refuse to start without SECRET_KEY; `check --deploy` finds nothing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    environment = {**os.environ, "DATABASE_URL": _database_url(), **env}
    environment.pop("PYTEST_CURRENT_TEST", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True,
        timeout=120,
    )


def _database_url():
    database = settings.DATABASES["default"]
    host = database["HOST"] or "localhost"
    return f"postgresql://{database['USER']}:{database['PASSWORD']}@/{database['NAME']}?host={host}" \
        if host.startswith("/") else \
        f"postgresql://{database['USER']}:{database['PASSWORD']}@{host}:{database['PORT'] or 5432}/{database['NAME']}"


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check", DJANGO_DEBUG="0", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_check_deploy_is_clean():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_DEBUG="0", SECRET_KEY="x" * 60 + "-production-test-key-0123456789", ALLOWED_HOSTS="portal.example.org",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_time_zone_and_languages():
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _name in settings.LANGUAGES] == ["zh-hans", "en"]


def test_database_connections_survive_restarts():
    database = settings.DATABASES["default"]
    assert database["CONN_HEALTH_CHECKS"] is True
    assert database["CONN_MAX_AGE"] > 0
    assert "statement_timeout" in database["OPTIONS"]["options"]


def test_cache_is_shared_between_workers():
    backend = settings.CACHES["default"]["BACKEND"]
    assert backend in ("django.core.cache.backends.db.DatabaseCache", "django.core.cache.backends.redis.RedisCache")


@pytest.mark.django_db
def test_statement_timeout_is_applied_to_connections():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] != "0"


def test_json_logs_carry_the_request_id():
    import json
    import logging

    from pythonjsonlogger.json import JsonFormatter

    formatter = JsonFormatter(
        "%(asctime)s %(levelname)s %(correlation_id)s %(name)s %(message)s",
        rename_fields={"correlation_id": "request_id", "levelname": "level"},
    )
    record = logging.LogRecord("portal", logging.INFO, __file__, 1, "站点已开放", None, None)
    record.correlation_id = "req-42"
    line = json.loads(formatter.format(record))
    assert line["request_id"] == "req-42"
    assert line["message"] == "站点已开放"
    assert line["level"] == "INFO"
