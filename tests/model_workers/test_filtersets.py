"""FilterSets: good values filter, bad values make the form invalid (the API's 400)."""

from datetime import date

import pytest
import time_machine

from model_workers import services
from model_workers.filtersets import BenefitCheckFilterSet, ModelWorkerFilterSet, VisitFilterSet
from model_workers.models import BenefitCheck, ModelWorker, Visit
from tests.model_workers.factories import ModelWorkerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel("2027-03-01 09:00 +0800", tick=False):
        yield


def names(filterset):
    assert filterset.is_valid(), filterset.errors
    return {obj.name for obj in filterset.qs}


def test_model_worker_filters(orgs):
    ModelWorkerFactory(owner=orgs.dachuan, name="达川九十", birth_date=date(1936, 1, 1), living_situation="alone")
    ModelWorkerFactory(owner=orgs.tongchuan, name="通川八十", birth_date=date(1946, 1, 1))
    ModelWorkerFactory(owner=orgs.dachuan, name="已故", birth_date=date(1930, 1, 1), date_of_death=date(2026, 1, 1))
    workers = ModelWorker.objects.all()
    assert names(ModelWorkerFilterSet({"age": "90"}, workers)) == {"达川九十"}
    assert names(ModelWorkerFilterSet({"living_alone": "true"}, workers)) == {"达川九十"}
    assert names(ModelWorkerFilterSet({"alive": "false"}, workers)) == {"已故"}
    assert names(ModelWorkerFilterSet({"owner": orgs.dazhou.pk}, workers)) == {"达川九十", "通川八十", "已故"}
    assert names(ModelWorkerFilterSet({"q": "通川"}, workers)) == {"通川八十"}


@pytest.mark.parametrize("data", [{"age": "85"}, {"honour": "hero"}, {"owner": "999999"}])
def test_bad_model_worker_filters_are_invalid(data):
    filterset = ModelWorkerFilterSet(data, ModelWorker.objects.all())
    assert not filterset.is_valid()
    assert set(filterset.errors) == set(data)


def test_visit_state_filter(orgs):
    ModelWorkerFactory(owner=orgs.dachuan)
    services.plan_visits(year=2027)
    visits = Visit.objects.all()
    overdue = VisitFilterSet({"status": "overdue"}, visits)
    assert overdue.is_valid()
    assert [v.occasion for v in overdue.qs] == ["spring_festival"]
    assert VisitFilterSet({"year": 2027, "kind": "birthday"}, visits).qs.count() == 1
    assert not VisitFilterSet({"year": 1800}, visits).is_valid()


def test_benefit_exception_filter(orgs):
    worker = ModelWorkerFactory(owner=orgs.dachuan)
    check, _created = services.benefit_check_prepare(worker=worker, year=2027)
    services.benefit_check_record(check=check, found={"honour_allowance": False, "higher_medical": True},
                                  checked_on=date(2027, 3, 1))
    checks = BenefitCheck.objects.all()
    assert list(BenefitCheckFilterSet({"exceptions": "true"}, checks).qs) == [check]
    assert list(BenefitCheckFilterSet({"exceptions": "false"}, checks).qs) == []
