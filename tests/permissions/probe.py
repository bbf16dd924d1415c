"""Sends one request as one persona and reduces the response to the matrix's answer.

An answer is the status code, except for the admin's redirects, which say where they go:
`"login"` (to the login page: not a staff session), `"gone"` (to the admin index: Django's answer
for an object that does not exist, or that the user's scope hides), or `302` (anywhere else).

Every request runs inside a savepoint that is rolled back, so one persona's accepted write cannot
change what the next persona sees. The statements it ran are captured, so a refused request can
be checked for writes.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

API_METHODS = ("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE")
ADMIN_METHODS = ("GET", "POST")
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}

# Writes any request may make without changing the portal's data: the session, the shared cache
# (throttle counters) and a partner key's last-used time.
HOUSEKEEPING_TABLES = {"django_session", "portal_cache", "unions_ratecounter", "unions_apikey"}
WRITE_RE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


@dataclass
class Reply:
    answer: object
    status: int
    body: str
    location: str
    writes: list[str]
    json: object = None


class Clients:
    """One client per persona, built once per module: a client loads the middleware on its first
    request, and WhiteNoise's scan of the static files makes that the costliest part of a request."""

    def __init__(self, world, kind: str):
        self.clients = {}
        for persona in world.personas:
            client = (APIClient if kind == "api" else Client)(raise_request_exception=False)
            if persona in world.keys:
                # The admin gets the partner's header too: it must not count for anything there.
                client.defaults["HTTP_AUTHORIZATION"] = f"Api-Key {world.keys[persona]}"
            elif persona in world.sessions:
                client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[persona]
            self.clients[persona] = client

    def __getitem__(self, persona):
        return self.clients[persona]


def send(client, method: str, url: str, kind: str) -> Reply:
    cookies = copy.deepcopy(client.cookies)
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        if kind == "api":
            # Unsafe methods send an empty JSON object: enough to reach the permission checks and
            # the validation behind them (a 400 says the persona got through).
            response = client.generic(method, url, b"{}" if method in UNSAFE else b"",
                                      content_type="application/json")
        else:
            response = client.post(url, {}) if method == "POST" else client.get(url)
        transaction.set_rollback(True)
    # The rollback undid any session change (a logout, a login); the client's cookie must follow.
    client.cookies = cookies
    writes = []
    for query in queries.captured_queries:
        # pghistory puts its context in front of a write: "SELECT set_config(…); UPDATE …".
        for statement in query["sql"].split(";"):
            match = WRITE_RE.match(statement)
            if match and match.group(1) not in HOUSEKEEPING_TABLES:
                writes.append(statement.strip()[:160])
    body = b"" if getattr(response, "streaming", False) else response.content
    text = body.decode("utf-8", errors="replace")
    location = response.get("Location", "")
    return Reply(answer=_answer(response.status_code, location), status=response.status_code, body=text,
                 location=location, writes=writes,
                 json=_json(response) if kind == "api" else None)


def _json(response):
    if "json" not in response.get("Content-Type", ""):
        return None
    try:
        return response.json()
    except ValueError:
        return None


def _answer(status: int, location: str):
    if status not in (301, 302):
        return status
    path = location.split("?")[0]
    if path == reverse("admin:login"):
        return "login"
    if path == reverse("admin:index"):
        return "gone"
    return 302
