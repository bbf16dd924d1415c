"""Health check, public shell, language switch, large-text mode and security headers."""

import pytest
from django.db import DatabaseError

pytestmark = pytest.mark.django_db


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "migrations": "applied"}


def test_healthz_503_when_database_fails(client, monkeypatch):
    from unions import views

    def broken(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(views.MigrationExecutor, "__init__", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_healthz_503_with_pending_migrations(client, monkeypatch):
    from unions import views

    monkeypatch.setattr(views.MigrationExecutor, "migration_plan", lambda self, targets: [("x", False)])
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["pending_migrations"] == 1


def test_home_is_chinese_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-hans"' in html
    assert "工会" in html
    assert 'href="#main"' in html and 'id="main"' in html  # skip link and landmark


def test_language_switch_to_english_and_back(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en"' in html
    assert "Find a station" in html
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert '<html lang="zh-hans"' in client.get("/").content.decode()


def test_large_text_mode_persists(client):
    response = client.post("/large-text/", {"next": "/"})
    assert response.status_code == 302
    assert response.cookies["large_text"].value == "1"
    assert 'class="large-text"' in client.get("/").content.decode()
    client.post("/large-text/", {"next": "/"})
    assert 'class="large-text"' not in client.get("/").content.decode()


def test_large_text_refuses_open_redirect(client):
    response = client.post("/large-text/", {"next": "https://evil.example.com/"})
    assert response["Location"] == "/"


def test_security_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Request-ID"]


def test_request_id_is_echoed(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="abc-123")
    assert response["X-Request-ID"] == "abc-123"


def test_admin_is_never_cached(client):
    response = client.get("/admin/login/")
    assert "no-store" in response["Cache-Control"]
