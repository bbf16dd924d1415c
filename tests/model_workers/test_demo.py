"""The demo: 天津 model workers aged 80–95 with the 2027 plan on the right solar dates, a leader's
birthday visit, one in hospital with a visit due, care orders, benefit exceptions; idempotent."""

import io
from datetime import date

import pytest

from model_workers import demo
from model_workers.choices import Occasion
from model_workers.models import BenefitCheck, CareOrder, ModelWorker, Visit, today
from unions import demo as union_demo
from unions.models import UnionOrganization
from unions.validators import validate_id_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    out = io.StringIO()
    union_demo.seed(out)
    demo.seed(out)
    demo.seed(out)  # twice: idempotent
    return out.getvalue()


def test_demo_ledger(seeded):
    workers = list(ModelWorker.objects.all())
    assert len(workers) == len(demo.WORKERS)
    for worker in workers:
        validate_id_number(worker.id_number)
        assert 80 <= 2027 - worker.birth_date.year <= 95
    owners = set(ModelWorker.objects.values_list("owner__name", flat=True))
    assert owners == {"天津市总工会", "和平区总工会", "河西区总工会", "天津渤化集团工会"}


def test_demo_festivals_fall_on_the_right_solar_dates(seeded):
    for occasion, day in [(Occasion.SPRING_FESTIVAL, date(2027, 2, 6)), (Occasion.MID_AUTUMN, date(2027, 9, 15)),
                          (Occasion.DOUBLE_NINTH, date(2027, 10, 8))]:
        assert set(Visit.objects.filter(year=2027, occasion=occasion).values_list("occasion_date", flat=True)) == {day}
    assert Visit.objects.filter(year=2027, event__isnull=True).count() == 5 * len(demo.WORKERS)


def test_demo_has_a_leader_birthday_visit_assigned_to_the_city(seeded):
    visit = Visit.objects.get(worker__name="王守业", year=2027, occasion=Occasion.BIRTHDAY)
    assert visit.requires_leader
    assert visit.assigned_to == UnionOrganization.objects.get(name="天津市总工会")
    assert visit.window_end < visit.occasion_date


def test_demo_has_one_in_hospital_with_a_visit_due(seeded):
    worker = ModelWorker.objects.in_hospital().get()
    visit = worker.visits.get(event__isnull=False)
    assert visit.state() == "due" and visit.window_end >= today()


def test_demo_care_orders_and_benefit_exceptions(seeded):
    assert CareOrder.objects.count() == 5
    assert CareOrder.objects.open().count() == 4
    assert set(BenefitCheck.objects.with_exceptions().values_list("worker__name", flat=True)) == {"赵铁成", "刘振华"}
