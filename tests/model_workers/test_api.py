"""Staff API: masked ledger, reveal logged, private fields, scoping, filters, recording a visit,
events, care orders, benefit checks, partner keys and anonymous callers."""

from datetime import date

import pytest
import time_machine

from model_workers import services
from model_workers.choices import Occasion, VisitStatus
from model_workers.models import BenefitCheck, CareOrder, Visit
from tests.model_workers.factories import ModelWorkerFactory
from unions.models import RevealLog

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel("2027-03-01 09:00 +0800", tick=False):
        yield


@pytest.fixture
def worker(orgs, liaison):
    return ModelWorkerFactory(owner=orgs.dachuan, name="王守业", birth_date=date(1936, 3, 20), contact_person=liaison,
                              phone="13812345678", health_conditions="高血压")


def attrs(response):
    return {error["attr"] for error in response.json()["errors"]}


# --- The ledger ---------------------------------------------------------------------------------


def test_ledger_is_masked(api_as, liaison, worker):
    body = api_as(liaison).get("/api/v1/model-workers/").json()
    (row,) = body["results"]
    assert (row["id_number"], row["phone"]) == (worker.id_number_masked, "138****5678")
    assert row["age"] == 90 and row["health_conditions"] == "高血压"
    assert not RevealLog.objects.exists()


def test_reveal_with_permission_is_logged(api_as, liaison, worker):
    row = api_as(liaison).get(f"/api/v1/model-workers/{worker.pk}/", {"reveal": "1"}).json()
    assert row["id_number"] == worker.id_number
    assert RevealLog.objects.filter(object_id=str(worker.pk)).count() == 2  # ID number and phone


def test_reveal_without_permission_stays_masked(api_as, readonly_staff, worker):
    row = api_as(readonly_staff).get(f"/api/v1/model-workers/{worker.pk}/", {"reveal": "1"}).json()
    assert row["id_number"] == worker.id_number_masked
    assert not RevealLog.objects.exists()


def test_city_gets_no_health_fields(api_as, city_liaison, worker):
    row = api_as(city_liaison).get(f"/api/v1/model-workers/{worker.pk}/").json()
    assert row["name"] == "王守业" and "health_conditions" not in row


def test_neighbour_gets_404(api_as, neighbour_staff, worker):
    assert api_as(neighbour_staff).get(f"/api/v1/model-workers/{worker.pk}/").status_code == 404


def test_anonymous_is_refused(api_as, worker):
    assert api_as().get("/api/v1/model-workers/").status_code in (401, 403)


def test_partner_key_of_the_owner_reads_masked(api_as, partner_read_key, worker):
    row = api_as(partner_read_key).get(f"/api/v1/model-workers/{worker.pk}/", {"reveal": "1"}).json()
    assert row["id_number"] == worker.id_number_masked


def test_partner_key_of_another_organisation_sees_nothing(api_as, other_partner_key, worker):
    assert api_as(other_partner_key).get("/api/v1/model-workers/").json()["count"] == 0
    assert api_as(other_partner_key).get(f"/api/v1/visits/?worker={worker.pk}").json()["count"] == 0


def test_ledger_filters(api_as, liaison, orgs):
    ModelWorkerFactory(owner=orgs.dachuan, name="九十", birth_date=date(1935, 1, 1))
    ModelWorkerFactory(owner=orgs.dachuan, name="八十", birth_date=date(1945, 1, 1), living_situation="alone")
    client = api_as(liaison)
    assert [r["name"] for r in client.get("/api/v1/model-workers/", {"age": "90"}).json()["results"]] == ["九十"]
    assert [r["name"] for r in client.get("/api/v1/model-workers/", {"living_alone": "true"}).json()["results"]] == ["八十"]


@pytest.mark.parametrize(("url", "params", "attr"), [
    ("/api/v1/model-workers/", {"age": "70"}, "age"),
    ("/api/v1/visits/", {"kind": "party"}, "kind"),
    ("/api/v1/visits/", {"status": "lost"}, "status"),
    ("/api/v1/visits/", {"year": "abc"}, "year"),
    ("/api/v1/benefit-checks/", {"year": "3000"}, "year"),
])
def test_bad_filters_are_400_naming_the_field(api_as, liaison, url, params, attr):
    response = api_as(liaison).get(url, params)
    assert response.status_code == 400
    assert attrs(response) == {attr}


def test_ledger_query_count_is_constant(api_as, liaison, orgs, django_assert_max_num_queries):
    client = api_as(liaison)
    ModelWorkerFactory.create_batch(2, owner=orgs.dachuan)
    with django_assert_max_num_queries(14):
        client.get("/api/v1/model-workers/")
    ModelWorkerFactory.create_batch(15, owner=orgs.dachuan)
    with django_assert_max_num_queries(14):
        assert client.get("/api/v1/model-workers/").json()["count"] == 17


# --- Visits -------------------------------------------------------------------------------------


def test_visits_filter_by_year_kind_and_status(api_as, liaison, worker):
    services.plan_visits(year=2027)
    client = api_as(liaison)
    assert client.get("/api/v1/visits/", {"year": 2027}).json()["count"] == 5
    assert client.get("/api/v1/visits/", {"year": 2027, "kind": "festival"}).json()["count"] == 4
    overdue = client.get("/api/v1/visits/", {"status": "overdue"}).json()["results"]
    assert [v["occasion"] for v in overdue] == [Occasion.SPRING_FESTIVAL]
    due = client.get("/api/v1/visits/", {"status": "due"}).json()["results"]
    assert [(v["occasion"], v["requires_leader"]) for v in due] == [(Occasion.BIRTHDAY, True)]


def test_record_a_visit(api_as, liaison, worker):
    services.plan_visits(year=2027)
    visit = Visit.objects.get(worker=worker, occasion=Occasion.SPRING_FESTIVAL)
    response = api_as(liaison).post(f"/api/v1/visits/{visit.pk}/record/", {
        "done_on": "2027-02-05", "visitors": [{"name": "周建华", "title": "联络员"}], "cash_amount": "800.00",
        "needs_found": "需要理发", "follow_up": ["haircut"],
    }, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["cash_amount"], body["visitors"][0]["name"]) == ("done", "800.00", "周建华")
    assert CareOrder.objects.get().service.kind == "haircut"


def test_record_a_leader_visit_without_a_leader_is_400(api_as, liaison, worker):
    services.plan_visits(year=2027)
    visit = Visit.objects.get(worker=worker, occasion=Occasion.BIRTHDAY)
    response = api_as(liaison).post(f"/api/v1/visits/{visit.pk}/record/", {
        "done_on": "2027-03-01", "visitors": [{"name": "周建华"}],
    }, format="json")
    assert response.status_code == 400
    assert attrs(response) == {"visitors"}


@pytest.mark.parametrize(("payload", "attr"), [
    ({"visitors": [{"name": "周建华"}]}, "done_on"),
    ({"done_on": "2027-02-30", "visitors": [{"name": "周建华"}]}, "done_on"),
    ({"done_on": "2027-02-05", "visitors": []}, "visitors"),
    ({"done_on": "2027-02-05", "visitors": [{"name": "周建华"}], "cash_amount": "-1"}, "cash_amount"),
    ({"done_on": "2027-02-05", "visitors": [{"name": "周建华"}], "follow_up": ["massage"]}, "follow_up"),
    ({"done_on": "2027-03-09", "visitors": [{"name": "周建华"}]}, "done_on"),
])
def test_bad_visit_records_are_400(api_as, liaison, worker, payload, attr):
    services.plan_visits(year=2027)
    visit = Visit.objects.get(worker=worker, occasion=Occasion.SPRING_FESTIVAL)
    response = api_as(liaison).post(f"/api/v1/visits/{visit.pk}/record/", payload, format="json")
    assert response.status_code == 400
    assert any(name.startswith(attr) for name in attrs(response))
    assert Visit.objects.get(pk=visit.pk).status == VisitStatus.PLANNED


def test_readonly_staff_cannot_record(api_as, readonly_staff, worker):
    services.plan_visits(year=2027)
    visit = Visit.objects.get(worker=worker, occasion=Occasion.SPRING_FESTIVAL)
    response = api_as(readonly_staff).post(f"/api/v1/visits/{visit.pk}/record/",
                                           {"done_on": "2027-02-05", "visitors": [{"name": "x"}]}, format="json")
    assert response.status_code == 403


def test_neighbour_cannot_record(api_as, neighbour_staff, worker):
    services.plan_visits(year=2027)
    visit = Visit.objects.get(worker=worker, occasion=Occasion.SPRING_FESTIVAL)
    response = api_as(neighbour_staff).post(f"/api/v1/visits/{visit.pk}/record/",
                                            {"done_on": "2027-02-05", "visitors": [{"name": "x"}]}, format="json")
    assert response.status_code == 404


def test_visit_list_query_count_is_constant(api_as, liaison, orgs, django_assert_max_num_queries):
    client = api_as(liaison)
    ModelWorkerFactory(owner=orgs.dachuan)
    services.plan_visits(year=2027)
    with django_assert_max_num_queries(14):
        client.get("/api/v1/visits/")
    ModelWorkerFactory.create_batch(5, owner=orgs.dachuan)
    services.plan_visits(year=2027)
    with django_assert_max_num_queries(14):
        assert client.get("/api/v1/visits/").json()["count"] == 30


# --- Events, care orders, benefit checks --------------------------------------------------------


def test_record_a_hospital_admission(api_as, liaison, worker):
    response = api_as(liaison).post(f"/api/v1/model-workers/{worker.pk}/events/", {
        "kind": "hospital_admission", "occurred_on": "2027-03-01", "hospital": "天津医科大学总医院",
    }, format="json")
    assert response.status_code == 201
    visit = Visit.objects.get(pk=response.json()["visit"])
    assert visit.window_end == date(2027, 3, 4)


def test_future_event_is_400(api_as, liaison, worker):
    response = api_as(liaison).post(f"/api/v1/model-workers/{worker.pk}/events/", {
        "kind": "disaster", "occurred_on": "2027-04-01"}, format="json")
    assert response.status_code == 400 and attrs(response) == {"occurred_on"}


def test_create_and_deliver_a_care_order(api_as, liaison, worker):
    client = api_as(liaison)
    response = client.post("/api/v1/care-orders/", {
        "worker": worker.pk, "service": "family_doctor", "scheduled_on": "2027-03-03", "cost": "150.00",
        "provider": "和平区社区卫生服务中心",
    }, format="json")
    assert response.status_code == 201, response.json()
    order_id = response.json()["id"]
    assert client.get("/api/v1/care-orders/", {"status": "open"}).json()["count"] == 1
    response = client.post(f"/api/v1/care-orders/{order_id}/deliver/", {"delivered_on": "2027-03-01"}, format="json")
    assert response.json()["status"] == "delivered"


def test_care_order_for_a_worker_of_another_organisation_is_400(api_as, neighbour_staff, worker):
    response = api_as(neighbour_staff).post("/api/v1/care-orders/", {
        "worker": worker.pk, "service": "haircut", "scheduled_on": "2027-03-03"}, format="json")
    assert response.status_code == 400 and attrs(response) == {"worker"}


def test_benefit_checks_with_exceptions(api_as, liaison, worker):
    check, _created = services.benefit_check_prepare(worker=worker, year=2027)
    client = api_as(liaison)
    response = client.post(f"/api/v1/benefit-checks/{check.pk}/record/", {
        "checked_on": "2027-03-01", "honour_allowance_found": False, "higher_medical_found": True,
    }, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["exceptions"] == ["荣誉津贴"]
    listed = client.get("/api/v1/benefit-checks/", {"exceptions": "true", "year": 2027}).json()
    assert [row["id"] for row in listed["results"]] == [check.pk]
    response = client.post(f"/api/v1/benefit-checks/{check.pk}/record/", {"checked_on": "2027-03-01"}, format="json")
    assert response.status_code == 400
    assert attrs(response) == {"honour_allowance_found", "higher_medical_found"}
    assert BenefitCheck.objects.get().checked_on == date(2027, 3, 1)


def test_root_lists_the_endpoints():
    from django.urls import reverse

    from unions.api.views import API_ROOT_ENTRIES

    mine = {name: API_ROOT_ENTRIES[name] for name in ("model-workers", "visits", "care-orders", "benefit-checks")}
    assert reverse(mine["model-workers"]) == "/api/v1/model-workers/"
    assert reverse(mine["benefit-checks"]) == "/api/v1/benefit-checks/"
