"""Coordinate systems used by Chinese map platforms, and conversions between them.

- WGS-84: what a phone's GPS reports; what we compute distances in.
- GCJ-02 (国测局坐标): the obfuscated system every map published in China must use (Amap, Tencent).
- BD-09 (百度坐标): Baidu's further offset of GCJ-02.

WGS-84 → GCJ-02 and GCJ-02 → BD-09 follow the published formulas exactly (the Krasovsky 1940
ellipsoid constants of GCJ-02 and Baidu's rotation). The inverses have no closed form, so they
are solved iteratively: start from the naive inverse and correct by the forward error until the
round trip agrees to 1e-10 degrees (about 0.01 mm). Outside China GCJ-02 equals WGS-84, as the
platforms themselves do.

Every function takes and returns (lng, lat): longitude first, as GeoJSON and the map APIs do.
"""

from __future__ import annotations

import math

WGS84 = "wgs84"
GCJ02 = "gcj02"
BD09 = "bd09"
SYSTEMS = (WGS84, GCJ02, BD09)

_A = 6378245.0  # semi-major axis of the Krasovsky 1940 ellipsoid used by GCJ-02
_EE = 0.00669342162296594323  # its first eccentricity squared
_X_PI = math.pi * 3000.0 / 180.0
_TOLERANCE = 1e-10
_MAX_ITERATIONS = 30

EARTH_RADIUS_M = 6371008.8  # mean Earth radius (IUGG), used by the haversine everywhere


def out_of_china(lng: float, lat: float) -> bool:
    return not (73.66 < lng < 135.05 and 3.86 < lat < 53.55)


def _delta_lat(x: float, y: float) -> float:
    result = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    result += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    result += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    result += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return result


def _delta_lng(x: float, y: float) -> float:
    result = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    result += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    result += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    result += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return result


def wgs84_to_gcj02(lng: float, lat: float) -> tuple[float, float]:
    if out_of_china(lng, lat):
        return lng, lat
    d_lat = _delta_lat(lng - 105.0, lat - 35.0)
    d_lng = _delta_lng(lng - 105.0, lat - 35.0)
    rad_lat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad_lat) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    d_lng = (d_lng * 180.0) / (_A / sqrt_magic * math.cos(rad_lat) * math.pi)
    return lng + d_lng, lat + d_lat


def gcj02_to_bd09(lng: float, lat: float) -> tuple[float, float]:
    z = math.sqrt(lng * lng + lat * lat) + 0.00002 * math.sin(lat * _X_PI)
    theta = math.atan2(lat, lng) + 0.000003 * math.cos(lng * _X_PI)
    return z * math.cos(theta) + 0.0065, z * math.sin(theta) + 0.006


def _bd09_to_gcj02_naive(lng: float, lat: float) -> tuple[float, float]:
    x, y = lng - 0.0065, lat - 0.006
    z = math.sqrt(x * x + y * y) - 0.00002 * math.sin(y * _X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * _X_PI)
    return z * math.cos(theta), z * math.sin(theta)


def _invert(forward, target_lng: float, target_lat: float, start: tuple[float, float]) -> tuple[float, float]:
    """Solve forward(lng, lat) == target by fixed-point correction (the offsets vary slowly)."""
    lng, lat = start
    for _ in range(_MAX_ITERATIONS):
        got_lng, got_lat = forward(lng, lat)
        err_lng, err_lat = got_lng - target_lng, got_lat - target_lat
        if abs(err_lng) < _TOLERANCE and abs(err_lat) < _TOLERANCE:
            break
        lng, lat = lng - err_lng, lat - err_lat
    return lng, lat


def gcj02_to_wgs84(lng: float, lat: float) -> tuple[float, float]:
    if out_of_china(lng, lat):
        return lng, lat
    return _invert(wgs84_to_gcj02, lng, lat, start=(lng, lat))


def bd09_to_gcj02(lng: float, lat: float) -> tuple[float, float]:
    return _invert(gcj02_to_bd09, lng, lat, start=_bd09_to_gcj02_naive(lng, lat))


def wgs84_to_bd09(lng: float, lat: float) -> tuple[float, float]:
    return gcj02_to_bd09(*wgs84_to_gcj02(lng, lat))


def bd09_to_wgs84(lng: float, lat: float) -> tuple[float, float]:
    return gcj02_to_wgs84(*bd09_to_gcj02(lng, lat))


def to_wgs84(system: str, lng: float, lat: float) -> tuple[float, float]:
    if system == WGS84:
        return lng, lat
    if system == GCJ02:
        return gcj02_to_wgs84(lng, lat)
    if system == BD09:
        return bd09_to_wgs84(lng, lat)
    raise ValueError(f"unknown coordinate system {system!r}")


def from_wgs84(system: str, lng: float, lat: float) -> tuple[float, float]:
    if system == WGS84:
        return lng, lat
    if system == GCJ02:
        return wgs84_to_gcj02(lng, lat)
    if system == BD09:
        return wgs84_to_bd09(lng, lat)
    raise ValueError(f"unknown coordinate system {system!r}")


def all_systems(lng: float, lat: float) -> dict[str, list[float]]:
    """A WGS-84 point in every system, as {"wgs84": [lng, lat], "gcj02": […], "bd09": […]}."""
    gcj = wgs84_to_gcj02(lng, lat)
    bd = gcj02_to_bd09(*gcj)
    return {
        WGS84: [round(lng, 7), round(lat, 7)],
        GCJ02: [round(gcj[0], 7), round(gcj[1], 7)],
        BD09: [round(bd[0], 7), round(bd[1], 7)],
    }


def haversine_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in metres on the mean-radius sphere (the same formula as the SQL)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    d_lat = p2 - p1
    d_lng = math.radians(lng2 - lng1)
    h = math.sin(d_lat / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(d_lng / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))
