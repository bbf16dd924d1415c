"""The API's orjson renderer writes what DRF's own JSON renderer writes."""

import datetime
import json
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer

from unions.api.renderers import ORJSONRenderer

SHANGHAI = ZoneInfo("Asia/Shanghai")

SAMPLES = [
    pytest.param({"name": "达川区工会驿站", "lat": Decimal("31.209500"), "stars": 4, "open": True, "beds": None},
                 id="chinese-decimal-bool-null"),
    pytest.param({"at": datetime.datetime(2026, 11, 25, 10, 0, 0, 123456, tzinfo=SHANGHAI),
                  "utc": datetime.datetime(2026, 11, 25, 2, 0, tzinfo=datetime.UTC),
                  "day": datetime.date(2026, 11, 25), "time": datetime.time(18, 0)}, id="dates-and-times"),
    pytest.param({"label": gettext_lazy("Stations"), "key": uuid.UUID(int=7)}, id="lazy-string-and-uuid"),
    pytest.param({1: "one", 2: ["二", 2.5, -0.0]}, id="integer-keys"),
    pytest.param({"text": "行一\u2028行二\u2029", "quote": '"\\/\n'}, id="line-separators-and-escapes"),
    pytest.param([{"nested": [{"deep": [1, 2, {"x": "y"}]}]}], id="nested-list"),
]


@pytest.mark.parametrize("data", SAMPLES)
def test_writes_what_drfs_renderer_writes(data):
    assert ORJSONRenderer().render(data, "application/json") == JSONRenderer().render(data, "application/json")


def test_floats_in_exponent_form_are_the_same_numbers():
    data = {"tiny": 1e-7, "huge": 1.5e16, "plain": 104.0700001}
    ours = ORJSONRenderer().render(data, "application/json")
    assert json.loads(ours) == data
    assert b'"plain":104.0700001' in ours


def test_a_value_it_cannot_write_is_an_error_not_null():
    with pytest.raises(TypeError):
        ORJSONRenderer().render({"station": object()}, "application/json")


def test_nothing_renders_as_an_empty_body():
    assert ORJSONRenderer().render(None, "application/json") == b""


def test_an_indent_asked_for_is_honoured():
    rendered = ORJSONRenderer().render({"a": [1]}, "application/json; indent=2")
    assert rendered == JSONRenderer().render({"a": [1]}, "application/json; indent=2")
    assert b"\n  " in rendered


@pytest.mark.django_db
def test_the_api_answers_through_it(client):
    response = client.get("/api/v1/services/")
    assert response.status_code == 200
    assert response.accepted_renderer.__class__ is ORJSONRenderer
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == response.json()
