"""Exact nearest-station search on plain PostgreSQL (no cube/earthdistance needed).

One SQL statement, two steps, both answered from the built-in GiST index on
`point(lng_wgs84, lat_wgs84)`:

1. bound: walk the index in planar (degree) distance order with the KNN operator `<->`, keeping
   only rows that pass the filters, until `limit` of them are found; the largest true (haversine)
   distance among them is an upper bound on the true `limit`-th nearest distance, so every true
   answer lies within it. The walk stops as soon as enough rows pass, however selective the
   filters;
2. answer: the filtered rows inside the bounding box of that distance (lat ± d/R, lng ±
   asin(sin(d/R)/cos lat), which encloses the spherical circle exactly), ordered by haversine.

So the answer equals a full-scan haversine top-N, which the tests and the bench check. Where the
circle would reach a pole the box spans every longitude; the antimeridian is not wrapped (no
Chinese station is near it).

`nearest_page` is the API's nearest list in that same one statement: the search, then the page's
rows with everything the list shows (names of region, owner and host, open-now, facility and
service codes), read as plain rows, and prepared once per database session for each shape of
filters (`unions.db.fetch_prepared`). It is the portal's hottest path: building the same page
through querysets, or planning the statement on every request, cost more than PostgreSQL's answer.
"""

from __future__ import annotations

import functools
from collections import namedtuple
from collections.abc import Sequence

from django.db import connection
from django.db.models import QuerySet

from stations.coords import EARTH_RADIUS_M, all_systems
from unions.db import fetch_prepared


def haversine_sql(lat: float, lng: float, table: str = "s", lat_col: str = "lat_wgs84",
                  lng_col: str = "lng_wgs84") -> tuple[str, list[float]]:
    """SQL for the haversine distance in metres from (lat, lng) to the row's WGS-84 point."""
    la, ln = f'"{table}"."{lat_col}"', f'"{table}"."{lng_col}"'
    sql = (
        f"(2 * {EARTH_RADIUS_M} * asin(least(1.0, sqrt("
        f"power(sin(radians({la} - %s) / 2), 2) + cos(radians(%s)) * cos(radians({la})) "
        f"* power(sin(radians({ln} - %s) / 2), 2)))))"
    )
    return sql, [lat, lat, lng]


def _box_sql(radius_sql: str) -> str:
    """A `box` enclosing the circle of `radius_sql` metres around (%(lat)s, %(lng)s)."""
    ang = f"(({radius_sql}) / {EARTH_RADIUS_M})"
    dlat = f"degrees({ang})"
    dlng = (
        f"(CASE WHEN {ang} + abs(radians(%(lat)s)) >= pi() / 2 THEN 360.0 "
        f"ELSE degrees(asin(least(1.0, sin({ang}) / cos(radians(%(lat)s))))) END)"
    )
    return (
        f"box(point(%(lng)s - {dlng}, %(lat)s - {dlat}), point(%(lng)s + {dlng}, %(lat)s + {dlat}))"
    )


def nearest_sql(base_sql: str, limit: int) -> str:
    """The one-statement search over `base_sql` (a SELECT of id, lat_wgs84, lng_wgs84)."""
    dist = (
        f"(2 * {EARTH_RADIUS_M} * asin(least(1.0, sqrt("
        "power(sin(radians(s.lat_wgs84 - %(lat)s) / 2), 2) + cos(radians(%(lat)s)) * cos(radians(s.lat_wgs84)) "
        "* power(sin(radians(s.lng_wgs84 - %(lng)s) / 2), 2)))))"
    )
    point = "point(s.lng_wgs84, s.lat_wgs84)"
    # Only numbers and Django-compiled SQL are interpolated; every value is a parameter.
    return f"""
WITH bound AS (
  SELECT coalesce(max(d), 0) AS d FROM (
    SELECT {dist} AS d FROM ({base_sql}) s
    ORDER BY {point} <-> point(%(lng)s, %(lat)s)
    LIMIT {limit}) k
)
SELECT s.id, {dist} AS distance FROM ({base_sql}) s
WHERE {point} <@ {_box_sql("(SELECT d FROM bound) + 0.001")}
ORDER BY distance, s.id
LIMIT {limit}
"""  # noqa: S608


def _named(sql: str, params, prefix: str = "p") -> tuple[str, dict]:
    """Turn a Django `%s` query into a `%(pN)s` one so it can sit beside named parameters."""
    text, keys = _named_text(sql, prefix)
    return text, dict(zip(keys, params, strict=True))


@functools.lru_cache(maxsize=256)
def _named_text(sql: str, prefix: str) -> tuple[str, tuple[str, ...]]:
    """`_named`'s text and parameter names: the same for every query of one shape."""
    parts = sql.replace("%%", "\x00").split("%s")
    keys = tuple(f"{prefix}{index}" for index in range(len(parts) - 1))
    out = parts[0] + "".join(f"%({key})s{part}" for key, part in zip(keys, parts[1:], strict=True))
    return out.replace("\x00", "%%"), keys


def nearest_ids(queryset, *, lat: float, lng: float, limit: int = 20) -> list[tuple[int, float]]:
    """[(id, metres)] of the `limit` rows of `queryset` nearest to (lat, lng), nearest first."""
    limit = max(1, int(limit))
    base = queryset.order_by().values("id", "lat_wgs84", "lng_wgs84")
    base_sql, base_params = base.query.sql_with_params()
    base_sql, named = _named(base_sql, base_params)
    sql = nearest_sql(base_sql, limit)
    params = {**named, "lat": float(lat), "lng": float(lng)}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(row[0], row[1]) for row in cursor.fetchall()]


# --- The API's nearest page ------------------------------------------------------------------------

# Station columns of a list row, in the order `NearestStation` takes them.
_ROW_COLUMNS = ("id", "name", "kind", "status", "region_id", "address", "parent_id", "area_m2", "seats", "beds",
                "contact_phone", "is_24h", "operation_mode", "coordinate_system", "lat", "lng", "lat_wgs84",
                "lng_wgs84", "current_stars", "last_verified_on")


class _Named:
    """The one attribute a list row reads of its region, owner and host enterprise."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name


class NearestStation(namedtuple("NearestRow", (*_ROW_COLUMNS, "region_name", "owner_name", "host_name",
                                               "is_open_now", "facility_codes", "service_codes", "distance_m"))):
    """A row of a nearest page, with the attributes `StationListSerializer` reads of a station
    (a named tuple: twenty of them are built per request)."""

    __slots__ = ()

    @property
    def pk(self) -> int:
        return self.id

    @property
    def region(self) -> _Named:
        return _Named(self.region_name)

    @property
    def owner(self) -> _Named:
        return _Named(self.owner_name)

    @property
    def host_enterprise(self) -> _Named | None:
        return _Named(self.host_name) if self.host_name is not None else None

    @property
    def coordinates(self) -> dict[str, list[float]]:
        return all_systems(self.lng_wgs84, self.lat_wgs84)


class RankedWindow(Sequence):
    """What a paginator pages through: `count` ranked stations, of which only the requested window
    (`start`, the page) was read. Asking for any other slice is a programming error."""

    def __init__(self, rows: list[NearestStation], *, start: int, count: int):
        self.rows, self.start, self.count = rows, start, count

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index):
        if isinstance(index, slice) and (index.start or 0) == self.start:
            return self.rows[: max(0, (index.stop or self.count) - self.start)]
        raise IndexError(f"only rows from {self.start} were read")


def _rows_sql(stations) -> tuple[str, list]:
    """SQL selecting the id and WGS-84 position of `stations` (see `nearest_page`)."""
    from stations.models import Station

    if isinstance(stations, QuerySet):
        return stations.order_by().values("id", "lat_wgs84", "lng_wgs84").query.sql_with_params()
    table = Station._meta.db_table
    where = " AND ".join(condition.template.format(station=table) for condition in stations) or "true"
    return (f"SELECT {table}.id, {table}.lat_wgs84, {table}.lng_wgs84 FROM {table} WHERE {where}",  # noqa: S608
            [param for condition in stations for param in condition.params])


def nearest_page(stations, *, lat: float, lng: float, ranked: int, start: int, size: int) -> RankedWindow:
    """Rank the `ranked` stations nearest to (lat, lng) and read rows `start` to `start + size` of
    them for the list, in one statement. `stations` is a queryset, or the conditions on the
    station row (`StationSQL`) that select them, which need no queryset compiled."""
    from stations.models import Station

    base_sql, named = _named(*_rows_sql(stations))
    open_now = Station.objects.open_now_condition()
    sql, open_now_keys = _page_sql(base_sql, max(1, int(ranked)), open_now.template)
    params = {**named, **dict(zip(open_now_keys, open_now.params, strict=True)),
              "lat": float(lat), "lng": float(lng), "size": int(size), "start": int(start)}
    # The statement's plan depends on which filters are given and how many stations are ranked
    # (a number in its text, as the nearest walk's plan follows it), not on the values: prepared
    # once per session for each such shape, it skips planning, which cost as much as running it.
    rows = fetch_prepared(sql, params)
    count = rows[0][-1]
    rows = [NearestStation._make(row[:-1]) for row in rows if row[0] is not None]
    return RankedWindow(rows, start=start, count=count)


@functools.lru_cache(maxsize=128)
def _page_sql(base_sql: str, ranked: int, open_now_template: str) -> tuple[str, tuple[str, ...]]:
    """`nearest_page`'s statement for one shape of filters, and the names of its open-now
    parameters: built once per shape rather than on every request."""
    from stations.models import FACILITY_CODES_SQL, SERVICE_CODES_SQL, Station
    from unions.models import Enterprise, Region, UnionOrganization

    open_now_sql, open_now_keys = _named_text(open_now_template.format(station="s"), "o")
    columns = ", ".join(f"s.{column}" for column in _ROW_COLUMNS)
    # Only numbers, table names and fixed fragments are interpolated; every value is a parameter.
    # One row even past the last ranked station, so the count is always read: the page's columns
    # are then NULL. Names are scalar subqueries rather than joins: PostgreSQL plans them in half
    # the time (which still counts for a session's first runs, before the plan is cached).
    region, organization, enterprise = (model._meta.db_table for model in (Region, UnionOrganization, Enterprise))
    sql = f"""
WITH nearest AS ({nearest_sql(base_sql, ranked)}),
page AS (SELECT id, distance FROM nearest ORDER BY distance, id LIMIT %(size)s OFFSET %(start)s)
SELECT {columns},
  (SELECT r.name FROM {region} r WHERE r.{Region._meta.pk.column} = s.region_id),
  (SELECT o.name FROM {organization} o WHERE o.id = s.owner_id),
  (SELECT h.name FROM {enterprise} h WHERE h.id = s.host_enterprise_id),
  {open_now_sql}, {FACILITY_CODES_SQL.format(station="s")}, {SERVICE_CODES_SQL.format(station="s")},
  p.distance, c.ranked
FROM (SELECT count(*) AS ranked FROM nearest) c
LEFT JOIN (page p JOIN {Station._meta.db_table} s ON s.id = p.id) ON true
ORDER BY p.distance, s.id
"""  # noqa: S608
    return sql, open_now_keys
