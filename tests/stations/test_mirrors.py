"""The station row's search mirrors (`stations.models.SEARCH_MIRRORS`): kept in step with the
services, facilities, weekly hours and dated exceptions by database triggers, whatever writes
them, and never changed by anything else."""

import datetime as dt

import pytest
from django.db import connection

from stations.models import Facility, OpeningException, OpeningSlot, ServiceItem, ServiceOffering, Station
from tests.stations.factories import at_local, make_station
from unions.audit import history_of

pytestmark = pytest.mark.django_db


def mirrors(station) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT service_ids, facility_ids, weekly_seconds::text, exception_dates "
                       "FROM stations_station WHERE id = %s", [station.pk])
        services, facilities, weekly, exceptions = cursor.fetchone()
    return {"services": services, "facilities": facilities, "weekly": weekly, "exceptions": exceptions}


@pytest.fixture
def station(orgs):
    return make_station(orgs.dachuan)


def test_a_new_station_has_empty_mirrors(station):
    assert mirrors(station) == {"services": [], "facilities": [], "weekly": "{}", "exceptions": []}


def test_services_follow_inserts_updates_and_deletes(station):
    legal, film = ServiceItem.objects.order_by("pk")[:2]
    ServiceOffering.objects.bulk_create([ServiceOffering(station=station, service=film),
                                         ServiceOffering(station=station, service=legal)])
    assert mirrors(station)["services"] == sorted([legal.pk, film.pk])
    other = make_station(station.owner)
    # Moving an offering to another station refreshes both stations.
    ServiceOffering.objects.filter(station=station, service=film).update(station=other)
    assert mirrors(station)["services"] == [legal.pk]
    assert mirrors(other)["services"] == [film.pk]
    ServiceOffering.objects.filter(station=station).delete()
    assert mirrors(station)["services"] == []


def test_facilities_follow_the_many_to_many(station):
    water, toilet = Facility.objects.order_by("pk")[:2]
    station.facilities.set([toilet, water])
    assert mirrors(station)["facilities"] == sorted([water.pk, toilet.pk])
    station.facilities.remove(toilet)
    assert mirrors(station)["facilities"] == [water.pk]


def test_weekly_hours_are_seconds_since_monday(station):
    OpeningSlot.objects.create(station=station, weekday=2, opens=dt.time(8), closes=dt.time(12))
    OpeningSlot.objects.create(station=station, weekday=2, opens=dt.time(12), closes=dt.time(18, 30))
    wednesday = 2 * 86400
    assert mirrors(station)["weekly"] == f"{{[{wednesday + 8 * 3600},{wednesday + 18 * 3600 + 1800})}}"
    OpeningSlot.objects.filter(station=station).update(weekday=0)
    assert mirrors(station)["weekly"] == f"{{[{8 * 3600},{18 * 3600 + 1800})}}"


def test_exception_dates_follow_the_exceptions(station):
    OpeningException.objects.create(station=station, date=dt.date(2026, 12, 5), reason="停电检修")
    OpeningException.objects.create(station=station, date=dt.date(2026, 10, 1), reason="国庆")
    assert mirrors(station)["exceptions"] == [dt.date(2026, 10, 1), dt.date(2026, 12, 5)]
    OpeningException.objects.filter(reason="国庆").delete()
    assert mirrors(station)["exceptions"] == [dt.date(2026, 12, 5)]


def test_saving_a_stale_instance_keeps_the_mirrors(station):
    """An ORM save writes every column; the station's trigger keeps the mirrors as they were."""
    stale = Station.objects.get(pk=station.pk)
    ServiceOffering.objects.create(station=station, service=ServiceItem.objects.first())
    stale.name = "达川区三里坪驿站"
    stale.save()
    assert mirrors(station)["services"] == [ServiceItem.objects.first().pk]
    with connection.cursor() as cursor:  # nor may raw SQL write them
        cursor.execute("UPDATE stations_station SET service_ids = '{}' WHERE id = %s", [station.pk])
    assert mirrors(station)["services"] == [ServiceItem.objects.first().pk]


def test_a_mirror_refresh_is_not_an_edit(station):
    """Neither a version bump (an ETag a partner holds stays valid) nor an audit event."""
    events = len(history_of(station))
    OpeningSlot.objects.create(station=station, weekday=2, opens=dt.time(8), closes=dt.time(18))
    station.facilities.set(Facility.objects.all()[:3])
    fresh = Station.objects.get(pk=station.pk)
    assert fresh.version == station.version
    assert len(history_of(fresh)) == events
    fresh.name = "达川区翠屏驿站"  # a real edit still is one
    fresh.save()
    assert Station.objects.get(pk=station.pk).version == station.version + 1
    assert len(history_of(fresh)) == events + 1


@pytest.mark.parametrize(("opens", "closes", "at", "expected"), [
    (dt.time(8), dt.time(18), dt.time(8), True),                       # opens <= t
    (dt.time(8), dt.time(18), dt.time(7, 59, 59), False),
    (dt.time(8), dt.time(18), dt.time(17, 59, 59), True),
    (dt.time(8), dt.time(18), dt.time(18), False),                     # t < closes
    (dt.time(8, 0, 0, 500000), dt.time(18), dt.time(8), False),        # a fraction of a second counts
    (dt.time(8, 0, 0, 500000), dt.time(18), dt.time(8, 0, 1), True),
    (dt.time(0), dt.time(23, 59, 59, 999999), dt.time(23, 59, 59), True),
])
def test_open_now_on_the_mirror_agrees_with_python_at_the_edges(station, opens, closes, at, expected):
    OpeningSlot.objects.create(station=station, weekday=2, opens=opens, closes=closes)
    moment = at_local(2026, 12, 2, at.hour, at.minute).replace(second=at.second)  # a Wednesday
    fresh = Station.objects.prefetch_related("slots", "exceptions").get(pk=station.pk)
    assert fresh.is_open_at(moment) is expected
    assert Station.objects.open_now(moment).exists() is expected
