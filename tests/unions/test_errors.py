"""Errors: unknown API routes are JSON 404s; database trouble is a 503, never a 500."""

import pytest
from django.db import OperationalError, connection, transaction

from unions.api.errors import is_database_unavailable

pytestmark = pytest.mark.django_db


def test_unknown_api_route_is_json_404(api_client):
    response = api_client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"


def test_unknown_page_is_a_site_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_statement_timeout_is_recognised():
    with pytest.raises(Exception) as error, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 10")
        cursor.execute("SELECT pg_sleep(1)")
    assert is_database_unavailable(error.value)


def test_api_answers_503_when_the_database_fails(monkeypatch):
    from rest_framework.test import APIClient

    from unions.api import views

    api_client = APIClient(raise_request_exception=False)  # the 503 is still logged as an error
    def fail(self):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(views.RegionViewSet, "get_queryset", fail)
    response = api_client.get("/api/v1/regions/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["errors"][0]["code"] == "service_unavailable"


def test_page_answers_503_when_the_database_fails(client, monkeypatch):
    from unions import views

    def fail(request):
        raise OperationalError("canceling statement due to statement timeout")

    monkeypatch.setattr(views, "render", lambda *args, **kwargs: fail(None))
    response = client.get("/")
    assert response.status_code == 503


def test_oversized_body_is_a_clear_400():
    from rest_framework.response import Response
    from rest_framework.test import APIRequestFactory
    from rest_framework.views import APIView

    class Echo(APIView):
        authentication_classes = []
        permission_classes = []

        def post(self, request):
            return Response({"length": len(request.data.get("text", ""))})

    body = {"text": "字" * (6 * 1024 * 1024)}
    response = Echo.as_view()(APIRequestFactory().post("/api/v1/echo/", body, format="json"))
    assert response.status_code == 400
    assert response.data["errors"][0]["code"] == "request_too_large"
