"""The nearest search is exact: it equals a full-scan haversine ordering, dense and sparse."""

import random

import pytest

from stations.choices import StationKind
from stations.coords import haversine_m
from stations.models import Station
from stations.nearest import nearest_ids
from tests.stations.factories import make_station

pytestmark = pytest.mark.django_db


def brute_force(queryset, lat, lng, limit):
    rows = [(haversine_m(lat, lng, s.lat_wgs84, s.lng_wgs84), s.pk) for s in queryset]
    return [pk for _d, pk in sorted(rows)[:limit]]


@pytest.fixture
def scattered(orgs):
    rng = random.Random(11)
    for _ in range(60):  # a dense cluster around 达川区
        make_station(orgs.dachuan, lat=round(31.196 + rng.gauss(0, 0.03), 6), lng=round(107.511 + rng.gauss(0, 0.03), 6))
    for _ in range(40):  # sparse across China
        make_station(orgs.dachuan, lat=round(rng.uniform(20, 50), 6), lng=round(rng.uniform(80, 130), 6),
                     kind=StationKind.BREAK_ROOM)


@pytest.mark.parametrize("limit", [1, 5, 20, 100, 150])
def test_nearest_equals_full_scan(scattered, limit):
    rng = random.Random(limit)
    points = [(31.2, 107.5), (45.0, 85.0), (23.0, 113.0), (41.79, 123.35)] + [
        (rng.uniform(18, 53), rng.uniform(74, 134)) for _ in range(6)
    ]
    for lat, lng in points:
        found = nearest_ids(Station.objects.all(), lat=lat, lng=lng, limit=limit)
        assert [pk for pk, _d in found] == brute_force(Station.objects.all(), lat, lng, limit)
        distances = [d for _pk, d in found]
        assert distances == sorted(distances)


def test_nearest_respects_filters(scattered):
    queryset = Station.objects.filter(kind=StationKind.BREAK_ROOM)
    found = [pk for pk, _d in nearest_ids(queryset, lat=31.2, lng=107.5, limit=10)]
    assert found == brute_force(queryset, 31.2, 107.5, 10)


def test_near_queryset_annotates_true_distance(orgs):
    near = make_station(orgs.dachuan, name="近", lat="31.196000", lng="107.511000")
    far = make_station(orgs.dachuan, name="远", lat="31.296000", lng="107.511000")
    result = list(Station.objects.near(31.196, 107.511, limit=5))
    assert result == [near, far]
    assert result[0].distance_m == pytest.approx(0, abs=0.01)
    assert result[1].distance_m == pytest.approx(haversine_m(31.196, 107.511, 31.296, 107.511), abs=0.01)


def test_near_on_empty_table_is_empty(db):
    assert list(Station.objects.near(31.2, 107.5)) == []


def test_near_the_pole_does_not_fail(orgs):
    make_station(orgs.dachuan, lat="31.196000", lng="107.511000")
    assert len(list(Station.objects.near(89.9, 0, limit=3))) == 1
