"""Services: the visit plan, events, recording visits, care orders, benefit checks, reminders."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from model_workers import services
from model_workers.choices import (
    CareOrderStatus,
    EventKind,
    Honour,
    LivingSituation,
    Mobility,
    Occasion,
    VisitKind,
    VisitStatus,
)
from model_workers.models import BenefitCheck, ModelWorker, Visit
from model_workers.services import VisitorData
from tests.model_workers.factories import ModelWorkerFactory, care_service

pytestmark = pytest.mark.django_db

TODAY = date(2027, 3, 1)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel("2027-03-01 09:00 +0800", tick=False):
        yield


def plan(worker, year=2027):
    return {v.occasion: v for v in Visit.objects.filter(worker=worker, year=year, event__isnull=True)}


# --- The plan ---------------------------------------------------------------------------------


def test_plan_has_four_festivals_on_their_lunar_and_solar_dates(orgs):
    worker = ModelWorkerFactory(owner=orgs.dachuan, birth_date=date(1942, 6, 20))
    services.plan_visits(year=2027)
    visits = plan(worker)
    assert {occasion: visits[occasion].occasion_date for occasion in
            (Occasion.SPRING_FESTIVAL, Occasion.MAY_DAY, Occasion.MID_AUTUMN, Occasion.DOUBLE_NINTH)} == {
        Occasion.SPRING_FESTIVAL: date(2027, 2, 6),
        Occasion.MAY_DAY: date(2027, 5, 1),
        Occasion.MID_AUTUMN: date(2027, 9, 15),
        Occasion.DOUBLE_NINTH: date(2027, 10, 8),
    }
    spring = visits[Occasion.SPRING_FESTIVAL]
    assert (spring.window_start, spring.window_end) == (date(2027, 1, 23), date(2027, 2, 6))
    assert spring.kind == VisitKind.FESTIVAL and spring.owner == orgs.dachuan


def test_plan_has_the_solar_or_lunar_birthday(orgs):
    solar = ModelWorkerFactory(owner=orgs.dachuan, birth_date=date(1942, 6, 20))
    lunar = ModelWorkerFactory(owner=orgs.dachuan, birth_date=date(1937, 9, 19), birthday_lunar=True,
                               honour=Honour.MUNICIPAL)
    services.plan_visits(year=2027)
    birthday = plan(solar)[Occasion.BIRTHDAY]
    assert (birthday.occasion_date, birthday.window_start, birthday.window_end) == (
        date(2027, 6, 20), date(2027, 6, 13), date(2027, 6, 20))
    assert plan(lunar)[Occasion.BIRTHDAY].occasion_date == date(2027, 9, 15)  # lunar 8/15


def test_plan_visits_is_idempotent(orgs):
    ModelWorkerFactory.create_batch(3, owner=orgs.dachuan)
    first = services.plan_visits(year=2027)
    second = services.plan_visits(year=2027)
    assert (first.created, first.updated) == (15, 0)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 15)
    assert Visit.objects.count() == 15


def test_plan_visits_command_is_idempotent_and_reports(orgs, capsys):
    ModelWorkerFactory(owner=orgs.dachuan)
    call_command("plan_visits", "--year", "2027")
    call_command("plan_visits", "--year", "2027")
    assert Visit.objects.filter(year=2027).count() == 5
    assert "0 created, 0 updated, 0 cancelled, 5 unchanged" in capsys.readouterr().out


def test_plan_visits_command_refuses_a_year_outside_the_calendar():
    with pytest.raises(CommandError, match="outside"):
        call_command("plan_visits", "--year", "2200")


def test_national_model_worker_turning_90_gets_a_leader_visit_before_the_birthday(orgs):
    worker = ModelWorkerFactory(owner=orgs.dachuan, birth_date=date(1937, 6, 20), honour=Honour.NATIONAL_MODEL)
    services.plan_visits(year=2027)
    birthday = plan(worker)[Occasion.BIRTHDAY]
    assert birthday.requires_leader is True
    assert (birthday.assigned_to, birthday.owner) == (orgs.dazhou, orgs.dachuan)  # the city level makes it
    assert birthday.window_end == date(2027, 6, 19)  # before the birthday
    assert birthday.window_start == date(2027, 5, 21)


def test_national_model_worker_turning_89_gets_an_ordinary_birthday_visit(orgs):
    worker = ModelWorkerFactory(owner=orgs.dachuan, birth_date=date(1938, 6, 20), honour=Honour.NATIONAL_MODEL)
    services.plan_visits(year=2027)
    birthday = plan(worker)[Occasion.BIRTHDAY]
    assert (birthday.requires_leader, birthday.assigned_to) == (False, orgs.dachuan)


def test_provincial_model_worker_of_95_gets_no_leader_visit(orgs):
    worker = ModelWorkerFactory(owner=orgs.dachuan, birth_date=date(1932, 6, 20), honour=Honour.PROVINCIAL)
    services.plan_visits(year=2027)
    assert plan(worker)[Occasion.BIRTHDAY].requires_leader is False


def test_city_level_of_a_municipality_is_its_federation(tianjin):
    city, heping = tianjin
    assert services.city_organization_of(heping) == city


def test_city_level_of_a_district_is_its_city(orgs):
    assert services.city_organization_of(orgs.dachuan) == orgs.dazhou
    assert services.city_organization_of(orgs.dazhou) == orgs.dazhou


def test_ledger_change_moves_the_planned_birthday(orgs):
    worker = ModelWorkerFactory(owner=orgs.dachuan, birth_date=date(1942, 6, 20), honour=Honour.MUNICIPAL)
    services.plan_visits(year=2027)
    worker.birth_date = date(1942, 8, 1)
    worker.id_number = worker.id_number  # unchanged
    services.worker_save(worker=worker)
    assert plan(worker)[Occasion.BIRTHDAY].occasion_date == date(2027, 8, 1)


def test_ledger_change_to_national_honour_makes_the_birthday_a_leader_visit(orgs):
    worker = ModelWorkerFactory(owner=orgs.dachuan, birth_date=date(1936, 6, 20), honour=Honour.MUNICIPAL)
    services.plan_visits(year=2027)
    worker.honour = Honour.NATIONAL_MODEL
    services.worker_save(worker=worker)
    birthday = plan(worker)[Occasion.BIRTHDAY]
    assert (birthday.requires_leader, birthday.assigned_to) == (True, orgs.dazhou)


def test_new_worker_joins_the_existing_plan(orgs):
    ModelWorkerFactory(owner=orgs.dachuan)
    services.plan_visits(year=2027)
    newcomer = ModelWorkerFactory(owner=orgs.dachuan)
    assert len(plan(newcomer)) == 5


def test_done_visits_are_never_rewritten_by_the_planner(orgs, liaison):
    worker = ModelWorkerFactory(owner=orgs.dachuan, birth_date=date(1942, 2, 20), honour=Honour.MUNICIPAL)
    services.plan_visits(year=2027)
    birthday = plan(worker)[Occasion.BIRTHDAY]
    services.visit_record(visit=birthday, done_on=date(2027, 2, 19), visitors=[VisitorData("周建华")], by=liaison)
    worker.birth_date = date(1942, 8, 1)
    services.worker_save(worker=worker)
    birthday.refresh_from_db()
    assert (birthday.status, birthday.occasion_date) == (VisitStatus.DONE, date(2027, 2, 20))


def test_death_ends_all_planned_visits(orgs):
    worker = ModelWorkerFactory(owner=orgs.dachuan)
    services.plan_visits(year=2027)
    services.event_record(worker=worker, kind=EventKind.HOSPITAL_ADMISSION, occurred_on=TODAY)
    worker.date_of_death = date(2027, 2, 28)
    services.worker_save(worker=worker)
    assert set(Visit.objects.filter(worker=worker).values_list("status", flat=True)) == {VisitStatus.CANCELLED}
    assert services.plan_visits(year=2027).created == 0
    assert services.plan_visits(year=2028).created == 0


# --- The ledger -------------------------------------------------------------------------------


def test_transfer_to_another_organisation_takes_the_records_along(orgs):
    worker = ModelWorkerFactory(owner=orgs.dachuan, honour=Honour.MUNICIPAL)
    services.plan_visits(year=2027)
    event = services.event_record(worker=worker, kind=EventKind.HARDSHIP, occurred_on=TODAY)
    order = services.care_order_create(worker=worker, service=care_service("haircut"), scheduled_on=TODAY)
    check, _created = services.benefit_check_prepare(worker=worker, year=2027)
    worker.owner = orgs.tongchuan
    services.worker_save(worker=worker)
    assert set(Visit.objects.filter(worker=worker).values_list("owner", "assigned_to").distinct()) == {
        (orgs.tongchuan.pk, orgs.tongchuan.pk)}
    for record in (event, order, check):
        record.refresh_from_db()
        assert record.owner == orgs.tongchuan


def test_worker_save_masks_the_id_number(orgs):
    worker = ModelWorkerFactory(owner=orgs.dachuan, id_number=" 12010419310301001x ")
    assert (worker.id_number, worker.id_number_masked) == ("12010419310301001X", "120104********001X")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"id_number": "120101194003150011"}, "id_number"),  # wrong check digit
        ({"birth_date": date(2027, 3, 2)}, "birth_date"),
        ({"date_of_death": date(2027, 3, 2)}, "date_of_death"),
        ({"honour_year": 1930}, "honour_year"),
        ({"phone": "12345"}, "phone"),
    ],
)
def test_bad_ledger_entries_are_refused(orgs, fields, field):
    with pytest.raises(ValidationError) as error:
        ModelWorkerFactory(owner=orgs.dachuan, **fields)
    assert field in error.value.message_dict


def test_age_and_filters(orgs):
    old = ModelWorkerFactory(owner=orgs.dachuan, birth_date=date(1935, 3, 1), living_situation=LivingSituation.ALONE)
    young = ModelWorkerFactory(owner=orgs.dachuan, birth_date=date(1945, 3, 2))
    assert (old.age, young.age) == (92, 81)
    assert set(ModelWorker.objects.aged_at_least(90)) == {old}
    assert set(ModelWorker.objects.aged_at_least(80)) == {old, young}
    assert set(ModelWorker.objects.living_alone()) == {old}


# --- Events -----------------------------------------------------------------------------------


def test_hospital_admission_marks_in_hospital_and_plans_a_prompt_visit(orgs):
    worker = ModelWorkerFactory(owner=orgs.dachuan)
    event = services.event_record(worker=worker, kind=EventKind.HOSPITAL_ADMISSION, occurred_on=TODAY,
                                  hospital="达州市中心医院")
    worker.refresh_from_db()
    assert worker.in_hospital is True
    visit = event.visit
    assert (visit.kind, visit.occasion, visit.window_start, visit.window_end) == (
        VisitKind.ILLNESS, Occasion.HOSPITAL_ADMISSION, TODAY, TODAY + timedelta(days=3))
    assert ModelWorker.objects.in_hospital().get() == worker


def test_event_visit_days_are_configurable(orgs, settings):
    settings.MODEL_WORKERS = {"EVENT_VISIT_DAYS": {"hospital_admission": 1, "hardship": 10, "disaster": 2}}
    worker = ModelWorkerFactory(owner=orgs.dachuan)
    event = services.event_record(worker=worker, kind=EventKind.HARDSHIP, occurred_on=TODAY)
    assert event.visit.window_end == TODAY + timedelta(days=10)
    assert event.visit.kind == VisitKind.HARDSHIP


def test_event_recorded_late_is_due_within_the_days_from_recording(orgs):
    worker = ModelWorkerFactory(owner=orgs.dachuan)
    event = services.event_record(worker=worker, kind=EventKind.DISASTER, occurred_on=TODAY - timedelta(days=10))
    assert (event.visit.window_start, event.visit.window_end) == (TODAY - timedelta(days=10), TODAY + timedelta(days=3))


def test_future_event_is_refused(orgs):
    worker = ModelWorkerFactory(owner=orgs.dachuan)
    with pytest.raises(ValidationError) as error:
        services.event_record(worker=worker, kind=EventKind.DISASTER, occurred_on=TODAY + timedelta(days=1))
    assert "occurred_on" in error.value.message_dict


def test_event_for_a_dead_worker_is_refused(orgs):
    worker = ModelWorkerFactory(owner=orgs.dachuan, date_of_death=date(2027, 1, 1))
    with pytest.raises(ValidationError):
        services.event_record(worker=worker, kind=EventKind.HARDSHIP, occurred_on=TODAY)


def test_discharge_clears_in_hospital(orgs):
    worker = ModelWorkerFactory(owner=orgs.dachuan)
    event = services.event_record(worker=worker, kind=EventKind.HOSPITAL_ADMISSION, occurred_on=TODAY - timedelta(days=5))
    services.hospital_discharge(event=event, discharged_on=TODAY)
    worker.refresh_from_db()
    assert worker.in_hospital is False
    with pytest.raises(ValidationError):
        services.hospital_discharge(event=event, discharged_on=TODAY)


def test_discharge_before_admission_is_refused(orgs):
    worker = ModelWorkerFactory(owner=orgs.dachuan)
    event = services.event_record(worker=worker, kind=EventKind.HOSPITAL_ADMISSION, occurred_on=TODAY)
    with pytest.raises(ValidationError):
        services.hospital_discharge(event=event, discharged_on=TODAY - timedelta(days=1))


# --- Recording visits ---------------------------------------------------------------------------


def test_recording_a_visit_with_gifts_and_follow_up_care(orgs, liaison):
    worker = ModelWorkerFactory(owner=orgs.dachuan)
    services.plan_visits(year=2027)
    visit = plan(worker)[Occasion.SPRING_FESTIVAL]
    services.visit_record(
        visit=visit, done_on=date(2027, 2, 3), visitors=[VisitorData("李娟", "副主席"), VisitorData("陈宇")],
        gift_value=Decimal("300.00"), cash_amount=Decimal("1000.00"), needs_found="头发长了，行动不便",
        follow_up=[care_service("haircut")], by=liaison,
    )
    visit.refresh_from_db()
    assert (visit.status, visit.done_on, visit.cash_amount) == (VisitStatus.DONE, date(2027, 2, 3), Decimal("1000.00"))
    assert [v.name for v in visit.visitors.all()] == ["李娟", "陈宇"]
    order = visit.care_orders.get()
    assert (order.service.kind, order.status, order.owner) == ("haircut", CareOrderStatus.OPEN, orgs.dachuan)


def test_visit_needs_a_visitor(orgs):
    worker = ModelWorkerFactory(owner=orgs.dachuan)
    services.plan_visits(year=2027)
    with pytest.raises(ValidationError) as error:
        services.visit_record(visit=plan(worker)[Occasion.MAY_DAY], done_on=TODAY, visitors=[VisitorData("  ")])
    assert "visitors" in error.value.message_dict


def test_leader_visit_needs_a_leader(orgs):
    worker = ModelWorkerFactory(owner=orgs.dachuan, birth_date=date(1937, 3, 20))
    services.plan_visits(year=2027)
    visit = plan(worker)[Occasion.BIRTHDAY]
    with pytest.raises(ValidationError, match="领导"):
        services.visit_record(visit=visit, done_on=TODAY, visitors=[VisitorData("周建华")])
    services.visit_record(visit=visit, done_on=TODAY, visitors=[VisitorData("王敏", "市总工会主席", is_leader=True)])
    assert Visit.objects.get(pk=visit.pk).status == VisitStatus.DONE


def test_visit_cannot_be_recorded_twice_or_in_the_future(orgs):
    worker = ModelWorkerFactory(owner=orgs.dachuan)
    services.plan_visits(year=2027)
    visit = plan(worker)[Occasion.MAY_DAY]
    with pytest.raises(ValidationError) as error:
        services.visit_record(visit=visit, done_on=TODAY + timedelta(days=1), visitors=[VisitorData("李娟")])
    assert "done_on" in error.value.message_dict
    services.visit_record(visit=visit, done_on=TODAY, visitors=[VisitorData("李娟")])
    with pytest.raises(ValidationError, match="计划中"):
        services.visit_record(visit=visit, done_on=TODAY, visitors=[VisitorData("李娟")])


def test_event_visit_cannot_predate_the_event(orgs):
    worker = ModelWorkerFactory(owner=orgs.dachuan)
    event = services.event_record(worker=worker, kind=EventKind.HOSPITAL_ADMISSION, occurred_on=TODAY)
    with pytest.raises(ValidationError) as error:
        services.visit_record(visit=event.visit, done_on=TODAY - timedelta(days=1), visitors=[VisitorData("李娟")])
    assert "done_on" in error.value.message_dict


def test_negative_amounts_are_refused(orgs):
    worker = ModelWorkerFactory(owner=orgs.dachuan)
    services.plan_visits(year=2027)
    with pytest.raises(ValidationError):
        services.visit_record(visit=plan(worker)[Occasion.MAY_DAY], done_on=TODAY, visitors=[VisitorData("李娟")],
                              cash_amount=Decimal("-1"))


def test_cancel_needs_a_reason(orgs):
    worker = ModelWorkerFactory(owner=orgs.dachuan)
    services.plan_visits(year=2027)
    visit = plan(worker)[Occasion.MAY_DAY]
    with pytest.raises(ValidationError):
        services.visit_cancel(visit=visit, reason=" ")
    services.visit_cancel(visit=visit, reason="家属婉拒")
    assert Visit.objects.get(pk=visit.pk).status == VisitStatus.CANCELLED


def test_visit_states(orgs):
    worker = ModelWorkerFactory(owner=orgs.dachuan, birth_date=date(1942, 3, 5), honour=Honour.MUNICIPAL)
    services.plan_visits(year=2027)
    visits = plan(worker)
    assert visits[Occasion.SPRING_FESTIVAL].state() == "overdue"
    assert visits[Occasion.BIRTHDAY].state() == "due"  # window 26 Feb – 5 Mar
    assert visits[Occasion.MAY_DAY].state() == "upcoming"
    assert set(Visit.objects.in_state("overdue")) == {visits[Occasion.SPRING_FESTIVAL]}
    assert set(Visit.objects.in_state("due")) == {visits[Occasion.BIRTHDAY]}


# --- Care orders --------------------------------------------------------------------------------


def test_care_order_delivered_and_cancelled(orgs):
    worker = ModelWorkerFactory(owner=orgs.dachuan)
    order = services.care_order_create(worker=worker, service=care_service("family_doctor"), scheduled_on=TODAY,
                                       provider="达川区人民医院", cost=Decimal("120.00"))
    services.care_order_deliver(order=order, delivered_on=TODAY)
    assert (order.status, order.delivered_on) == (CareOrderStatus.DELIVERED, TODAY)
    with pytest.raises(ValidationError):
        services.care_order_cancel(order=order)


def test_care_order_with_negative_cost_is_refused(orgs):
    worker = ModelWorkerFactory(owner=orgs.dachuan)
    with pytest.raises(ValidationError) as error:
        services.care_order_create(worker=worker, service=care_service("haircut"), scheduled_on=TODAY, cost=Decimal("-5"))
    assert "cost" in error.value.message_dict


def test_care_order_delivery_in_the_future_is_refused(orgs):
    worker = ModelWorkerFactory(owner=orgs.dachuan)
    order = services.care_order_create(worker=worker, service=care_service("haircut"), scheduled_on=TODAY)
    with pytest.raises(ValidationError):
        services.care_order_deliver(order=order, delivered_on=TODAY + timedelta(days=1))


def test_care_order_for_another_workers_visit_is_refused(orgs):
    one, other = ModelWorkerFactory.create_batch(2, owner=orgs.dachuan)
    services.plan_visits(year=2027)
    with pytest.raises(ValidationError):
        services.care_order_create(worker=one, service=care_service("haircut"), scheduled_on=TODAY,
                                   visit=plan(other)[Occasion.MAY_DAY])


# --- Benefit checks -----------------------------------------------------------------------------


def test_benefit_expectations_follow_the_ledger(orgs):
    national = ModelWorkerFactory(owner=orgs.dachuan, honour=Honour.NATIONAL_MODEL, mobility=Mobility.BEDRIDDEN)
    municipal = ModelWorkerFactory(owner=orgs.dachuan, honour=Honour.MUNICIPAL, low_income=True,
                                   living_situation=LivingSituation.NURSING_HOME)
    assert services.benefits_expected(national) == {
        "honour_allowance": True, "higher_medical": True, "care_insurance": True, "nursing_subsidy": False}
    assert services.benefits_expected(municipal) == {
        "honour_allowance": False, "higher_medical": False, "care_insurance": False, "nursing_subsidy": True}


def test_benefit_check_lists_exceptions(orgs, liaison):
    worker = ModelWorkerFactory(owner=orgs.dachuan, honour=Honour.NATIONAL_MODEL)
    check, created = services.benefit_check_prepare(worker=worker, year=2027)
    assert created
    services.benefit_check_record(
        check=check, found={"honour_allowance": True, "higher_medical": False}, checked_on=TODAY, by=liaison,
    )
    assert check.exceptions == ["医疗报销比例提高"]
    assert list(BenefitCheck.objects.with_exceptions()) == [check]
    assert check.checked_by == liaison


def test_benefit_check_needs_an_answer_for_each_expected_benefit(orgs):
    worker = ModelWorkerFactory(owner=orgs.dachuan, honour=Honour.NATIONAL_MODEL)
    check, _created = services.benefit_check_prepare(worker=worker, year=2027)
    with pytest.raises(ValidationError) as error:
        services.benefit_check_record(check=check, found={"honour_allowance": True}, checked_on=TODAY)
    assert "higher_medical_found" in error.value.message_dict


def test_benefit_checks_prepare_is_idempotent_and_skips_the_dead(orgs):
    ModelWorkerFactory.create_batch(2, owner=orgs.dachuan)
    ModelWorkerFactory(owner=orgs.dachuan, date_of_death=date(2026, 5, 1))
    assert services.benefit_checks_prepare(year=2027, workers=ModelWorker.objects.all()) == 2
    assert services.benefit_checks_prepare(year=2027, workers=ModelWorker.objects.all()) == 0


# --- Reminders ----------------------------------------------------------------------------------


def test_reminders_go_to_the_contact_person_once_when_due_and_once_when_overdue(
    orgs, liaison, django_capture_on_commit_callbacks,
):
    worker = ModelWorkerFactory(owner=orgs.dachuan, contact_person=liaison, birth_date=date(1942, 3, 5),
                                honour=Honour.MUNICIPAL)
    ModelWorkerFactory(owner=orgs.dachuan)  # no contact person
    services.plan_visits(year=2027)
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.remind_visits(on=TODAY)
    # Spring Festival overdue, birthday due; the worker without a contact: Spring Festival only.
    assert counts == {"emails": 1, "visits": 2, "skipped": 1}
    assert mail.outbox[0].to == ["liaison@example.org"]
    assert worker.name in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_visits(on=TODAY)["emails"] == 0  # nothing new
    with django_capture_on_commit_callbacks(execute=True):
        later = services.remind_visits(on=date(2027, 3, 6))  # the birthday is now overdue
    assert later["visits"] == 1
    assert len(mail.outbox) == 2


def test_remind_visits_command(orgs, liaison, capsys):
    ModelWorkerFactory(owner=orgs.dachuan, contact_person=liaison)
    services.plan_visits(year=2027)
    call_command("remind_visits", "--date", "2027-03-01")
    assert "1 e-mails for 1 visits" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("remind_visits", "--date", "yesterday")


def test_plan_visits_query_count_does_not_grow_with_the_ledger(orgs, django_assert_max_num_queries):
    ModelWorkerFactory.create_batch(3, owner=orgs.dachuan, birth_date=date(1936, 1, 1))
    with django_assert_max_num_queries(8):
        services.plan_visits(year=2028)
    ModelWorkerFactory.create_batch(30, owner=orgs.dachuan, birth_date=date(1936, 1, 1))  # join the 2028 plan
    with django_assert_max_num_queries(8):
        assert services.plan_visits(year=2029).created == 165
    with django_assert_max_num_queries(8):
        assert services.plan_visits(year=2028).unchanged == 165
