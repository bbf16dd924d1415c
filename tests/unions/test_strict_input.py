"""Request bodies hold what the schema documents (unions/api/serializers.py `StrictInput`), and a
service's error names a field the client sent or none (unions/api/errors.py `service_error`)."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError as DjangoValidationError

from stations import services
from stations.choices import Recurrence
from stations.models import Feedback
from tests.stations.factories import at_local, make_station
from unions.api.errors import service_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def feedback_url(orgs):
    return f"/api/v1/stations/{make_station(orgs.dachuan).pk}/feedback/"


def errors(response):
    assert response.status_code == 400, response.content
    return [(error["attr"], error["code"]) for error in response.json()["errors"]]


@pytest.mark.parametrize(("change", "expected"), [
    ({"contact": 0}, [("contact", "invalid")]),
    ({"text": 12345}, [("text", "invalid")]),
    ({"rating": "5"}, [("rating", "invalid")]),
    ({"rating": True}, [("rating", "invalid")]),
    ({"category": 1}, [("category", "invalid_choice")]),
    # The documented maxLength counts what was sent, before whitespace is trimmed.
    ({"text": "好" * 2000 + " "}, [("text", "max_length")]),
    ({"contact": "1" * 64 + "\n"}, [("contact", "max_length")]),
])
def test_json_values_of_the_wrong_type_or_length_are_refused(api_client, feedback_url, change, expected):
    body = {"rating": 4, "category": "facilities", "text": "热水很方便", **change}
    assert errors(api_client.post(feedback_url, body, format="json")) == expected
    assert Feedback.objects.count() == 0


def test_the_refusal_is_translated(api_client, feedback_url):
    body = {"rating": 4, "category": "facilities", "text": "好", "contact": 0}
    response = api_client.post(feedback_url, body, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.json()["errors"][0]["detail"] == "不是有效的字符串。"


def test_text_of_exactly_the_documented_length_is_accepted(api_client, feedback_url):
    body = {"rating": 4, "category": "facilities", "text": "好" * 2000, "contact": "13800000001"}
    assert api_client.post(feedback_url, body, format="json").status_code == 201


def test_form_bodies_are_strings_and_are_accepted(api_client, feedback_url):
    body = {"rating": "4", "category": "facilities", "text": "热水很方便"}
    assert api_client.post(feedback_url, body, format="multipart").status_code == 201
    too_long = {**body, "text": "x" * 2001}
    assert errors(api_client.post(feedback_url, too_long, format="multipart")) == [("text", "max_length")]


@time_machine.travel(dt.datetime(2026, 12, 1, 4, tzinfo=dt.UTC), tick=False)
def test_booleans_are_json_booleans(api_client, orgs):
    event = services.event_create(
        station=make_station(orgs.dachuan), title="达工影院", recurrence=Recurrence.WEEKLY, capacity=5,
        starts_at=at_local(2026, 12, 2, 18), ends_at=at_local(2026, 12, 2, 20))
    url = f"/api/v1/events/{event.pk}/signup/"
    body = {"occurrence": "2026-12-02", "name": "张三", "phone": "13800000001"}
    assert errors(api_client.post(url, {**body, "consent": "yes"}, format="json")) == [("consent", "invalid")]
    assert api_client.post(url, {**body, "consent": True}, format="json").status_code == 201


def test_amounts_are_strings_never_floats(api_as, partner_write_key, orgs):
    from tests.jobs.factories import EmployerFactory
    from tests.jobs.test_api import posting_body

    employer = EmployerFactory(owner=orgs.dachuan)
    response = api_as(partner_write_key).post(
        "/api/v1/postings/", posting_body(employer, pay_min=5000.5), format="json", HTTP_ACCEPT_LANGUAGE="en",
    )
    assert errors(response) == [("pay_min", "invalid")]
    assert response.json()["errors"][0]["detail"] == 'Give the number as a string, e.g. "3500.00".'


def test_a_service_error_on_something_not_sent_is_a_non_field_error():
    error = DjangoValidationError({"event": ["This event needs no sign-up: just come."], "phone": ["Bad phone."],
                                   "__all__": ["Closed."]})
    assert service_error(error, fields={"phone": None}).detail == {
        "non_field_errors": ["This event needs no sign-up: just come.", "Closed."], "phone": ["Bad phone."],
    }
    assert set(service_error(error).detail) == {"event", "phone", "non_field_errors"}


@time_machine.travel(dt.datetime(2026, 12, 1, 4, tzinfo=dt.UTC), tick=False)
def test_signing_up_for_an_event_without_sign_up_names_no_field(api_client, orgs):
    event = services.event_create(
        station=make_station(orgs.dachuan), title="健身角", recurrence=Recurrence.WEEKLY, capacity=None,
        starts_at=at_local(2026, 12, 2, 18), ends_at=at_local(2026, 12, 2, 20))
    body = {"occurrence": "2026-12-02", "name": "张三", "phone": "13800000001", "consent": True}
    assert errors(api_client.post(f"/api/v1/events/{event.pk}/signup/", body, format="json")) == [
        ("non_field_errors", "invalid"),
    ]
