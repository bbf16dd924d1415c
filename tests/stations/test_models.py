"""Station model: validation, constraints, WGS-84 copy, open-now (Asia/Shanghai)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from stations import services
from stations.choices import CoordinateSystem, StationKind, StationStatus
from stations.models import OpeningException, OpeningSlot, Station
from tests.stations.factories import at_local, make_station

pytestmark = pytest.mark.django_db


def test_gcj02_location_gets_a_wgs84_copy(orgs):
    station = make_station(orgs.dachuan, lat="31.193400", lng="107.514600", coordinate_system=CoordinateSystem.GCJ02)
    assert station.lat == Decimal("31.193400")
    assert station.lat_wgs84 == pytest.approx(31.1960, abs=0.002)
    assert station.lng_wgs84 == pytest.approx(107.5110, abs=0.006)
    assert station.coordinates["gcj02"] == pytest.approx([107.5146, 31.1934], abs=1e-6)


def test_labour_point_needs_a_labour_station(orgs):
    with pytest.raises(ValidationError) as error:
        make_station(orgs.dachuan, kind=StationKind.LABOUR_POINT)
    assert "parent" in error.value.message_dict
    post = make_station(orgs.dachuan)
    with pytest.raises(ValidationError, match=r"labour-relations station|劳动关系"):
        make_station(orgs.dachuan, kind=StationKind.LABOUR_POINT, parent=post)
    station = make_station(orgs.dachuan, kind=StationKind.LABOUR_STATION)
    point = make_station(orgs.dachuan, kind=StationKind.LABOUR_POINT, parent=station)
    assert list(station.points.all()) == [point]


def test_only_break_rooms_have_host_enterprises(orgs):
    from tests.unions.factories import EnterpriseFactory

    with pytest.raises(ValidationError) as error:
        make_station(orgs.dachuan, host_enterprise=EnterpriseFactory(owner=orgs.dachuan))
    assert "host_enterprise" in error.value.message_dict


@pytest.mark.parametrize(("lat", "lng", "field"), [("91", "107", "lat"), ("31", "181", "lng")])
def test_out_of_range_coordinates_are_refused(orgs, lat, lng, field):
    with pytest.raises(ValidationError) as error:
        make_station(orgs.dachuan, lat=lat, lng=lng)
    assert field in error.value.message_dict


def test_stars_constraint_is_enforced_by_the_database(orgs):
    station = make_station(orgs.dachuan)
    with pytest.raises(IntegrityError):
        Station.objects.filter(pk=station.pk).update(current_stars=6)


def test_slot_must_close_after_it_opens(orgs):
    station = make_station(orgs.dachuan)
    slot = OpeningSlot(station=station, weekday=2, opens=dt.time(20), closes=dt.time(18))
    with pytest.raises(ValidationError):
        slot.full_clean()


class TestOpenNow:
    @pytest.fixture
    def station(self, orgs):
        station = make_station(orgs.dachuan)
        OpeningSlot.objects.create(station=station, weekday=2, opens=dt.time(8), closes=dt.time(18))  # Wednesday
        return station

    WEDNESDAY = (2026, 12, 2)

    def test_open_inside_a_weekly_slot_in_shanghai_time(self, station):
        at = at_local(*self.WEDNESDAY, 9, 0)
        assert station.is_open_at(at)
        assert list(Station.objects.open_now(at)) == [station]

    def test_closed_outside_slots(self, station):
        for at in [at_local(*self.WEDNESDAY, 7, 59), at_local(*self.WEDNESDAY, 18, 0), at_local(2026, 12, 3, 9)]:
            assert not station.is_open_at(at)
            assert list(Station.objects.open_now(at)) == []

    def test_utc_time_is_converted(self, station):
        at = dt.datetime(2026, 12, 2, 1, 30, tzinfo=dt.UTC)  # 09:30 in Shanghai
        assert station.is_open_at(at)
        assert Station.objects.open_now(at).count() == 1

    def test_24_hour_station_is_open_at_3am(self, orgs):
        station = make_station(orgs.dachuan, is_24h=True)
        at = at_local(2026, 12, 5, 3, 0)
        assert station.is_open_at(at)
        assert list(Station.objects.open_now(at)) == [station]

    def test_closure_exception_closes_even_a_24_hour_station(self, orgs):
        station = make_station(orgs.dachuan, is_24h=True)
        OpeningException.objects.create(station=station, date=dt.date(2026, 12, 5), closed=True, reason="检修")
        assert not station.is_open_at(at_local(2026, 12, 5, 3))
        assert Station.objects.open_now(at_local(2026, 12, 5, 3)).count() == 0
        assert Station.objects.open_now(at_local(2026, 12, 6, 3)).count() == 1

    def test_exception_with_special_hours(self, station):
        OpeningException.objects.create(station=station, date=dt.date(2026, 12, 2), closed=False,
                                        opens=dt.time(13), closes=dt.time(15), reason="半天")
        assert not station.is_open_at(at_local(*self.WEDNESDAY, 9))
        assert station.is_open_at(at_local(*self.WEDNESDAY, 14))
        assert Station.objects.open_now(at_local(*self.WEDNESDAY, 14)).count() == 1
        assert Station.objects.open_now(at_local(*self.WEDNESDAY, 9)).count() == 0

    def test_suspended_station_is_never_open(self, station):
        services.station_suspend(station=station, reason="装修")
        assert not Station.objects.get(pk=station.pk).is_open_at(at_local(*self.WEDNESDAY, 9))
        assert Station.objects.open_now(at_local(*self.WEDNESDAY, 9)).count() == 0

    def test_annotation_agrees_with_python(self, station):
        at = at_local(*self.WEDNESDAY, 9)
        annotated = Station.objects.with_open_now(at).get(pk=station.pk)
        assert annotated.is_open_now_db is True
        assert Station.objects.with_open_now(at_local(*self.WEDNESDAY, 19)).get().is_open_now_db is False

    def test_the_condition_holds_inside_a_subquery_and_negated(self, station, orgs):
        closed = make_station(orgs.dachuan)  # no slots: never open
        at = at_local(*self.WEDNESDAY, 9)
        # Nested, Django renames the station table (U0): the SQL fragment must follow it.
        nested = Station.objects.filter(pk__in=Station.objects.open_now(at).values("pk"))
        assert list(nested) == [station]
        assert list(Station.objects.exclude(Station.objects.open_now_condition(at))) == [closed]


def test_public_excludes_planned_and_delisted(orgs):
    open_station = make_station(orgs.dachuan)
    make_station(orgs.dachuan, status=StationStatus.PLANNED)
    gone = make_station(orgs.dachuan)
    services.station_delist(station=gone, reason="长期闲置")
    assert list(Station.objects.public()) == [open_station]


def test_every_catalogue_entry_has_an_english_name():
    from stations.catalogue import ENGLISH_NAMES, FACILITIES, SERVICE_ITEMS
    from stations.models import Facility, ServiceItem

    assert set(ENGLISH_NAMES["facilities"]) == {code for code, _name in FACILITIES}
    assert set(ENGLISH_NAMES["services"]) == {code for code, *_rest in SERVICE_ITEMS}
    assert not Facility.objects.filter(name_en="").exists()
    assert not ServiceItem.objects.filter(name_en="").exists()


def test_a_catalogue_label_follows_the_language_and_falls_back_to_chinese():
    from django.utils import translation

    from stations.models import Facility

    wifi = Facility.objects.get(code="wifi")
    own = Facility(code="tea", name="茶水", name_en="")
    with translation.override("en"):
        assert (wifi.label, own.label) == ("Wi-Fi", "茶水")
    with translation.override("zh-hans"):
        assert (wifi.label, own.label) == ("无线网络", "茶水")
