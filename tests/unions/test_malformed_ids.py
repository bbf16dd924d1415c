"""A malformed id in an API address is a 404 on every route that takes one, never a 500."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def api_routes_with_an_id():
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), pattern

    for route, pattern in walk(get_resolver().url_patterns):
        actions = getattr(pattern.callback, "actions", None)
        if route.startswith("api/v1/") and actions and "(?P<" in route and "format" not in route:
            yield route, actions


ROUTES = sorted(api_routes_with_an_id())


def address(route: str) -> str:
    import re

    path = route.replace("^", "").replace("$", "")
    return "/" + re.sub(r"\(\?P<\w+>[^)]*\)", "x%E4%B8%AD'1", path)


@pytest.mark.parametrize(("route", "actions"), ROUTES, ids=[route for route, _actions in ROUTES])
def test_malformed_id_is_not_a_server_error(route, actions, superuser):
    client = APIClient(raise_request_exception=False)
    client.force_login(superuser)
    for method in list(actions):
        response = getattr(client, method)(address(route), {}, format="json")
        assert response.status_code < 500, (method, route, response.status_code)
