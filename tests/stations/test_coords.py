"""Coordinate conversions against published reference pairs, and round trips."""

import random

import pytest

from stations import coords

# Reference pairs published with the widely used coordtransform library (116.404, 39.915: 天安门).
REFERENCE = [
    (coords.wgs84_to_gcj02, (116.404, 39.915), (116.41024449916938, 39.91640428150164)),
    (coords.gcj02_to_bd09, (116.404, 39.915), (116.41036949371029, 39.92133699351021)),
]


@pytest.mark.parametrize(("function", "given", "expected"), REFERENCE, ids=lambda v: getattr(v, "__name__", ""))
def test_forward_conversions_match_published_pairs(function, given, expected):
    lng, lat = function(*given)
    assert lng == pytest.approx(expected[0], abs=1e-12)
    assert lat == pytest.approx(expected[1], abs=1e-12)


def test_bd09_to_gcj02_is_close_to_the_published_approximation():
    # The published closed-form inverse gives (116.39762729119315, 39.90865673957631); ours is the
    # exact iterative inverse, so it agrees to within a few decimetres and round-trips exactly.
    lng, lat = coords.bd09_to_gcj02(116.404, 39.915)
    assert lng == pytest.approx(116.39762729119315, abs=1e-5)
    assert lat == pytest.approx(39.90865673957631, abs=1e-5)
    assert coords.gcj02_to_bd09(lng, lat) == pytest.approx((116.404, 39.915), abs=1e-9)


@pytest.mark.parametrize("system", [coords.GCJ02, coords.BD09])
def test_inverse_round_trips_to_a_millimetre_across_china(system):
    rng = random.Random(7)
    for _ in range(200):
        lng, lat = rng.uniform(74, 134), rng.uniform(18, 53)
        back = coords.to_wgs84(system, *coords.from_wgs84(system, lng, lat))
        assert back == pytest.approx((lng, lat), abs=1e-8)


def test_gcj02_offset_is_a_few_hundred_metres_in_dachuan():
    lng, lat = coords.wgs84_to_gcj02(107.511, 31.196)
    assert 100 < coords.haversine_m(31.196, 107.511, lat, lng) < 800


def test_outside_china_gcj02_equals_wgs84():
    assert coords.wgs84_to_gcj02(2.35, 48.85) == (2.35, 48.85)
    assert coords.gcj02_to_wgs84(2.35, 48.85) == (2.35, 48.85)


def test_all_systems_gives_lng_lat_pairs():
    result = coords.all_systems(107.511, 31.196)
    assert set(result) == {"wgs84", "gcj02", "bd09"}
    assert result["wgs84"] == [107.511, 31.196]
    assert result["bd09"][0] > result["gcj02"][0]


def test_unknown_system_is_refused():
    with pytest.raises(ValueError, match="unknown"):
        coords.to_wgs84("utm", 1, 2)


def test_haversine_dachuan_to_shenyang():
    assert coords.haversine_m(31.196, 107.511, 41.79, 123.35) == pytest.approx(1_836_514, abs=1)
