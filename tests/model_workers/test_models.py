"""Models: database constraints hold even for writes that bypass the services, and the ledger's
derived values."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from model_workers import services
from model_workers.choices import Honour, Occasion
from model_workers.models import ModelWorker, Visit
from tests.model_workers.factories import ModelWorkerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(orgs):
    worker = ModelWorkerFactory(owner=orgs.dachuan)
    services.plan_visits(year=2027)
    return Visit.objects.get(worker=worker, occasion=Occasion.MAY_DAY)


@pytest.mark.parametrize("change", [
    {"status": "done"},  # done without a date
    {"done_on": date(2027, 5, 1)},  # a date without being done
    {"window_start": date(2027, 6, 1)},  # window opens after it closes
    {"cash_amount": -1},
])
def test_visit_constraints(visit, change):
    with pytest.raises(IntegrityError), transaction.atomic():
        Visit.objects.filter(pk=visit.pk).update(**change)


def test_one_calendar_visit_per_worker_year_and_occasion(visit):
    duplicate = Visit(
        owner=visit.owner, assigned_to=visit.owner, worker=visit.worker, year=2027, kind=visit.kind,
        occasion=visit.occasion, occasion_date=visit.occasion_date, window_start=visit.window_start,
        window_end=visit.window_end,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_id_number_format_and_death_constraints(orgs):
    worker = ModelWorkerFactory(owner=orgs.dachuan)
    with pytest.raises(IntegrityError), transaction.atomic():
        ModelWorker.objects.filter(pk=worker.pk).update(id_number="12345")
    with pytest.raises(IntegrityError), transaction.atomic():
        ModelWorker.objects.filter(pk=worker.pk).update(date_of_death=date(1900, 1, 1))


def test_version_bumps_and_history_excludes_the_id_number(orgs):
    import pghistory.models

    worker = ModelWorkerFactory(owner=orgs.dachuan, honour=Honour.MUNICIPAL)
    ModelWorker.objects.filter(pk=worker.pk).update(address="新地址")
    worker.refresh_from_db()
    assert worker.version == 2
    for event in pghistory.models.Events.objects.tracks(worker):
        assert "id_number" not in event.pgh_data
        assert event.pgh_data["id_number_masked"] == worker.id_number_masked


def test_lunar_birthday_label(orgs):
    worker = ModelWorkerFactory(owner=orgs.dachuan, birth_date=date(1941, 7, 28))
    assert worker.lunar_birthday_label == "闰6月5日"
    assert str(worker) == worker.name
