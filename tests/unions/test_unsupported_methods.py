"""A method a route does not serve is a 405 with `Allow`, before any question of who is asking.

DRF checks permissions before it looks for the method's handler; unions/api/permissions.py
answers 405 first, so an anonymous TRACE to a public route is not refused as a 403.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def api_routes():
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern)

    for route in walk(get_resolver().url_patterns):
        if route.startswith("api/v1/") and "format" not in route and "schema" not in route and "docs" not in route:
            yield "/" + re.sub(r"\(\?P<\w+>[^)]*\)|<[^>]+>", "1", route.replace("^", "").replace("$", ""))


ROUTES = sorted(set(api_routes()))


def test_anonymous_trace_on_event_signup_is_405():
    response = APIClient().generic("TRACE", "/api/v1/events/1/signup/")
    assert response.status_code == 405
    assert response.json()["errors"][0]["code"] == "method_not_allowed"
    assert response["Allow"] == "POST, OPTIONS"


def test_get_on_event_signup_is_405_for_anyone():
    assert APIClient().get("/api/v1/events/1/signup/").status_code == 405


@pytest.mark.parametrize("route", ROUTES)
def test_trace_is_405_on_every_route_anonymous_or_not(route, api_as, partner_write_key):
    for client in (APIClient(), api_as(partner_write_key)):
        response = client.generic("TRACE", route)
        assert response.status_code == 405, (route, response.status_code)
