"""The permission matrix: every API route and admin page × every persona × every method.

Each route's test asks all nine personas with every method and compares the answers with
`expectations.py`; on the way it checks that refused writes wrote nothing, that lists hold only
rows the persona may see (and never 沈阳's to 达州's people), and that no body shows a raw ID
number to anyone not revealing it on purpose. A route without an entry fails, and so does an
entry whose route is gone.
"""

from __future__ import annotations

import pytest
from drf_spectacular.views import SpectacularAPIView
from rest_framework.views import APIView

from tests.permissions.addresses import address
from tests.permissions.expectations import API_METHODS, KNOWN_BUGS, row, table
from tests.permissions.probe import ADMIN_METHODS, UNSAFE, send
from tests.permissions.routes import all_routes

pytestmark = pytest.mark.django_db

ROUTES = all_routes()
TABLE = table()
REFUSED = {401, 403, 404, 405, "login", "gone"}


def test_every_route_has_an_entry():
    missing = sorted(route.name for route in ROUTES if route.name not in TABLE)
    assert not missing, (
        "routes without an entry in tests/permissions/expectations.py (say who may do what): "
        + ", ".join(f"{name} ({next(r.pattern for r in ROUTES if r.name == name)})" for name in missing)
    )


def test_every_entry_has_a_route():
    names = {route.name for route in ROUTES}
    stale = sorted(name for name in TABLE if name not in names)
    assert not stale, f"entries in tests/permissions/expectations.py whose route is gone: {', '.join(stale)}"


@pytest.fixture(autouse=True)
def _matrix_settings(monkeypatch):
    # Throttles would cut the anonymous persona off after 120 requests; they have their own tests.
    monkeypatch.setattr(APIView, "get_throttles", lambda self: [])
    # The schema is the same for every caller (SERVE_PUBLIC): build it once, not 18 times.
    schemas = {}
    base = SpectacularAPIView.generator_class

    class BuildOnce(base):
        def get_schema(self, request=None, public=False):
            from django.utils import translation

            key = (public, translation.get_language())
            if key not in schemas:
                schemas[key] = super().get_schema(request=request, public=public)
            return schemas[key]

    monkeypatch.setattr(SpectacularAPIView, "generator_class", BuildOnce)


def _ids(payload) -> list | None:
    """The ids of a list body (paginated, HSDS, GeoJSON or bare), or None when it has none."""
    if isinstance(payload, dict):
        for key in ("results", "contents", "features"):
            if key in payload:
                payload = payload[key]
                break
        else:
            return None
    if not isinstance(payload, list) or (payload and not isinstance(payload[0], dict)):
        return None
    return [item.get("id") for item in payload]


def _param(route):
    if route.name in KNOWN_BUGS:
        return pytest.param(route, id=route.name, marks=pytest.mark.xfail(reason=KNOWN_BUGS[route.name], strict=True))
    return pytest.param(route, id=route.name)


@pytest.mark.parametrize("route", [_param(route) for route in ROUTES])
def test_route(route, world):
    expect = TABLE.get(route.name)
    if expect is None:
        pytest.fail(f"{route.name} has no entry in tests/permissions/expectations.py")
    methods = API_METHODS if route.kind == "api" else ADMIN_METHODS
    clients = world.clients[route.kind]
    objects = world.own
    if expect.obj == "public":
        objects = {**world.own, route.model: world.public[route.model][0]}
    url = address(route, type(world)(**{**world.__dict__, "own": objects}))
    assert url is not None, f"the matrix's world has no {route.model} for {route.name}"
    if expect.query:
        url = f"{url}?{expect.query}"
    problems = []

    def check(persona, method, wanted, target_url, side):
        reply = send(clients[persona], method, target_url, route.kind)
        where = f"{method} {target_url} as {persona}"
        if reply.answer != wanted:
            detail = reply.body[:200].replace("\n", " ")
            problems.append(f"{where}: answered {reply.answer}, expected {wanted} ({detail})")
        if method in UNSAFE and wanted in REFUSED and reply.writes:
            problems.append(f"{where}: refused, yet wrote: {reply.writes[0]}")
        # 沈阳's object is the superuser's (and 沈阳's key's) alone to reveal.
        entitled = persona in expect.reveals.get(method, ()) and (side == "own" or persona == "superuser")
        leaked = [secret for secret in world.secrets if secret in reply.body]
        if leaked and not entitled:
            problems.append(f"{where}: shows the raw ID number {leaked[0]}")
        return reply

    for persona in world.personas:
        for method in methods:
            reply = check(persona, method, expect.answer(persona, method), url, "own")
            if method == "GET" and expect.rows is not None and reply.status == 200:
                problems += _check_rows(route, expect, world, persona, reply)
    other_url = address(route, world, "other") if route.has_object or route.name == "admin:view_on_site" else None
    if other_url is not None:
        # Only owned models have a 沈阳 row; reference data has one row for everybody.
        if expect.other is None:
            problems.append("takes an owned object: give `other`, the answers for 沈阳's object")
        else:
            wanted = row(expect.other)
            for persona in world.personas:
                check(persona, "GET", wanted[persona], other_url + (f"?{expect.query}" if expect.query else ""),
                      "other")
    if problems:
        # pytest.fail, not assert: the introspection of a long list costs more than the matrix.
        pytest.fail(f"{route.name} ({route.pattern}):\n  " + "\n  ".join(problems), pytrace=False)


def _check_rows(route, expect, world, persona, reply) -> list[str]:
    ids = _ids(reply.json)
    if ids is None:
        return [f"GET {route.name} as {persona}: no list of rows in the answer"]
    model = expect.model or route.model
    allowed = set(expect.rows(world.user_for(persona)).values_list("pk", flat=True))
    problems = []
    unseen = sorted(set(ids) - allowed)
    if unseen:
        problems.append(f"GET {route.name} as {persona}: rows {unseen} are not the persona's to see")
    other = world.other.get(model)
    if other is not None and other.pk in ids and other.pk not in allowed:
        problems.append(f"GET {route.name} as {persona}: lists 沈阳's row {other.pk}")
    own = world.own.get(model)
    if own is not None and own.pk in allowed and own.pk not in ids:
        problems.append(f"GET {route.name} as {persona}: leaves out 达川's row {own.pk}, which it may see")
    return problems
