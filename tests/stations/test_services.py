"""Services: lifecycle steps, sign-ups (never overbooked, even concurrently), feedback, evaluations."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection

from stations import services
from stations.choices import EvaluationOutcome, FeedbackStatus, Recurrence, StationKind, StationStatus
from stations.models import EventSignup, Station, StatusChange, SubsidyRate
from tests.stations.factories import at_local, make_station

pytestmark = pytest.mark.django_db

FULL_MARKS = {"facilities": 95, "opening": 95, "services": 90, "use": 90, "management": 90, "visibility": 90}


class TestLifecycle:
    def test_planned_station_opens_with_a_dated_reason(self, orgs, district_staff):
        station = make_station(orgs.dachuan, status=StationStatus.PLANNED)
        services.station_open(station=station, reason="验收合格", on=dt.date(2026, 3, 1), by=district_staff)
        station.refresh_from_db()
        assert (station.status, station.status_changed_on, station.status_reason) == (
            StationStatus.OPEN, dt.date(2026, 3, 1), "验收合格")
        change = StatusChange.objects.get(station=station)
        assert (change.from_status, change.to_status, change.by) == ("planned", "open", district_staff)

    def test_suspend_and_reopen(self, orgs):
        station = make_station(orgs.dachuan)
        services.station_suspend(station=station, reason="装修")
        services.station_open(station=station, reason="装修完成")
        assert Station.objects.get(pk=station.pk).status == StationStatus.OPEN
        assert StatusChange.objects.filter(station=station).count() == 2

    def test_delisted_is_final(self, orgs):
        station = make_station(orgs.dachuan)
        services.station_delist(station=station, reason="长期闲置，予以摘牌")
        with pytest.raises(ValidationError) as error:
            services.station_open(station=station, reason="重开")
        assert "status" in error.value.message_dict

    def test_planned_cannot_be_suspended(self, orgs):
        station = make_station(orgs.dachuan, status=StationStatus.PLANNED)
        with pytest.raises(ValidationError):
            services.station_suspend(station=station, reason="x")

    def test_reason_is_required(self, orgs):
        station = make_station(orgs.dachuan)
        with pytest.raises(ValidationError) as error:
            services.station_suspend(station=station, reason="  ")
        assert "reason" in error.value.message_dict

    def test_update_recomputes_wgs84(self, orgs):
        station = make_station(orgs.dachuan)
        services.station_update(station=station, lat=Decimal("41.790000"), lng=Decimal("123.350000"),
                                facilities=["drinking_water", "microwave"])
        station.refresh_from_db()
        assert station.lat_wgs84 == pytest.approx(41.79)
        assert sorted(station.facilities.values_list("code", flat=True)) == ["drinking_water", "microwave"]

    def test_unknown_field_is_a_programming_error(self, orgs):
        with pytest.raises(TypeError):
            make_station(orgs.dachuan, colour="red")


def film_night(station, capacity=2):
    return services.event_create(
        station=station, title="达工影院", recurrence=Recurrence.WEEKLY, capacity=capacity,
        starts_at=at_local(2026, 12, 2, 18), ends_at=at_local(2026, 12, 2, 20),
    )


class TestSignup:
    @pytest.fixture
    def event(self, orgs):
        return film_night(make_station(orgs.dachuan))

    @time_machine.travel(dt.datetime(2026, 12, 1, 4, tzinfo=dt.UTC), tick=False)
    def test_sign_up_until_full(self, event):
        wednesday = dt.date(2026, 12, 9)
        services.event_signup(event=event, occurrence=wednesday, name="张三", phone="13800000001", consent=True)
        services.event_signup(event=event, occurrence=wednesday, name="李四", phone="13800000002", consent=True)
        with pytest.raises(ValidationError, match=r"booked|满"):
            services.event_signup(event=event, occurrence=wednesday, name="王五", phone="13800000003", consent=True)
        assert services.places_left(event, wednesday) == 0
        assert services.places_left(event, dt.date(2026, 12, 16)) == 2

    @time_machine.travel(dt.datetime(2026, 12, 1, 4, tzinfo=dt.UTC), tick=False)
    @pytest.mark.parametrize(
        ("day", "consent", "phone", "field"),
        [
            (dt.date(2026, 12, 10), True, "13800000001", "occurrence"),  # a Thursday
            (dt.date(2026, 11, 25), True, "13800000001", "occurrence"),  # before the first
            (dt.date(2026, 12, 9), False, "13800000001", "consent"),
            (dt.date(2026, 12, 9), True, "12345", "phone"),
        ],
    )
    def test_bad_sign_ups_are_refused(self, event, day, consent, phone, field):
        with pytest.raises(ValidationError) as error:
            services.event_signup(event=event, occurrence=day, name="张三", phone=phone, consent=consent)
        assert field in error.value.message_dict
        assert EventSignup.objects.count() == 0

    @time_machine.travel(dt.datetime(2026, 12, 1, 4, tzinfo=dt.UTC), tick=False)
    def test_same_phone_cannot_sign_up_twice(self, event):
        services.event_signup(event=event, occurrence=dt.date(2026, 12, 9), name="张三", phone="13800000001", consent=True)
        with pytest.raises(ValidationError) as error:
            services.event_signup(event=event, occurrence=dt.date(2026, 12, 9), name="张三", phone="13800000001",
                                  consent=True)
        assert "phone" in error.value.message_dict

    def test_attendance(self, event):
        with time_machine.travel(dt.datetime(2026, 12, 1, 4, tzinfo=dt.UTC), tick=False):
            signup = services.event_signup(event=event, occurrence=dt.date(2026, 12, 9), name="张三",
                                           phone="13800000001", consent=True)
        services.signup_record_attendance(signup=signup, attended=True)
        assert EventSignup.objects.get().attended is True


@pytest.mark.django_db(transaction=True)
def test_concurrent_sign_ups_never_overbook(orgs):
    event = film_night(make_station(orgs.dachuan), capacity=5)
    day = event.occurrences(count=1)[0].date()
    barrier = threading.Barrier(12)
    outcomes = []

    def sign(n):
        try:
            barrier.wait()
            services.event_signup(event=event, occurrence=day, name=f"工友{n}", phone=f"1380000{n:04d}", consent=True)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("full")
        finally:
            connection.close()

    threads = [threading.Thread(target=sign, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 5
    assert outcomes.count("full") == 7
    assert EventSignup.objects.filter(event=event, occurrence=day).count() == 5


class TestFeedback:
    def test_feedback_is_owned_by_the_station_owner(self, orgs):
        station = make_station(orgs.dachuan)
        feedback = services.feedback_submit(station=station, rating=5, category="facilities", text="热水很方便")
        assert (feedback.owner, feedback.status) == (orgs.dachuan, FeedbackStatus.RECEIVED)

    @pytest.mark.parametrize(
        ("rating", "category", "text", "field"),
        [(9, "facilities", "好", "rating"), (0, "facilities", "好", "rating"), (3, "facilities", "   ", "text"),
         (3, "weather", "好", "category"), (3, "facilities", "字" * 2001, "text")],
    )
    def test_bad_feedback_is_refused(self, orgs, rating, category, text, field):
        station = make_station(orgs.dachuan)
        with pytest.raises(ValidationError) as error:
            services.feedback_submit(station=station, rating=rating, category=category, text=text)
        assert field in error.value.message_dict

    def test_answer_then_resolve_with_reply(self, orgs):
        feedback = services.feedback_submit(station=make_station(orgs.dachuan), rating=2, category="hours", text="晚上关门太早")
        services.feedback_answer(feedback=feedback, status=FeedbackStatus.IN_PROGRESS)
        with pytest.raises(ValidationError) as error:
            services.feedback_answer(feedback=feedback, status=FeedbackStatus.RESOLVED)
        assert "reply" in error.value.message_dict
        feedback = services.feedback_answer(feedback=feedback, status=FeedbackStatus.RESOLVED, reply="已改为24小时开放")
        assert (feedback.status, feedback.reply) == (FeedbackStatus.RESOLVED, "已改为24小时开放")
        assert feedback.replied_at is not None
        with pytest.raises(ValidationError):
            services.feedback_answer(feedback=feedback, status=FeedbackStatus.IN_PROGRESS)


class TestEvaluation:
    @pytest.fixture(autouse=True)
    def rates(self):
        SubsidyRate.objects.create(kind=StationKind.POST_STATION, stars=5, construction_yuan=Decimal("50000.00"),
                                   operations_yuan=Decimal("20000.00"))

    def test_weighted_score_to_stars_and_subsidy(self, orgs):
        station = make_station(orgs.dachuan)
        evaluation = services.evaluation_record(station=station, visited_on=dt.date(2026, 6, 1),
                                                inspectors="第一巡回督查队", scores=FULL_MARKS)
        assert evaluation.total_score == Decimal("92.25")
        assert (evaluation.stars, evaluation.outcome) == (5, EvaluationOutcome.PLAQUE)
        assert (evaluation.construction_subsidy, evaluation.operations_subsidy) == (Decimal("50000.00"), Decimal("20000.00"))
        station.refresh_from_db()
        assert (station.current_stars, station.last_verified_on) == (5, dt.date(2026, 6, 1))

    def test_two_stars_get_a_rectification_deadline(self, orgs):
        station = make_station(orgs.dachuan)
        evaluation = services.evaluation_record(
            station=station, visited_on=dt.date(2026, 6, 1), inspectors="第二巡回督查队",
            scores=dict.fromkeys(FULL_MARKS, 65))
        assert (evaluation.stars, evaluation.outcome, evaluation.rectify_by) == (2, "rectify", dt.date(2026, 8, 30))
        assert evaluation.construction_subsidy == Decimal("0.00")

    def test_one_star_delists(self, orgs):
        station = make_station(orgs.dachuan)
        services.evaluation_record(station=station, visited_on=dt.date(2026, 6, 1), inspectors="第三巡回督查队",
                                   scores=dict.fromkeys(FULL_MARKS, 20))
        assert Station.objects.get(pk=station.pk).status == StationStatus.DELISTED

    @pytest.mark.parametrize("scores", [{**FULL_MARKS, "use": 120}, {**FULL_MARKS, "use": "abc"},
                                        {"facilities": 90}, {**FULL_MARKS, "colour": 90}])
    def test_bad_scores_are_refused(self, orgs, scores):
        with pytest.raises(ValidationError):
            services.evaluation_record(station=make_station(orgs.dachuan), visited_on=dt.date(2026, 6, 1),
                                       inspectors="督查队", scores=scores)

    def test_history_is_kept(self, orgs):
        station = make_station(orgs.dachuan)
        for day, mark in [(dt.date(2025, 6, 1), 75), (dt.date(2026, 6, 1), 95)]:
            services.evaluation_record(station=station, visited_on=day, inspectors="督查队",
                                       scores=dict.fromkeys(FULL_MARKS, mark))
        assert [e.stars for e in station.evaluations.all()] == [5, 3]
