"""Stations API: nearest with true distances, filters, coordinates in three systems, GeoJSON,
HSDS 3.0 validation, feedback and sign-ups (anonymous, throttled), writes by partners, coverage."""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
import time_machine
from django.urls import reverse

from stations import services
from stations.choices import CoverageScope, Recurrence, StationKind, StationStatus
from stations.coords import haversine_m
from stations.models import CoverageTarget, Feedback, OpeningSlot, ServiceItem, ServiceOffering, Station
from tests.stations.factories import at_local, make_station
from unions.models import Region

pytestmark = pytest.mark.django_db

LIST = "/api/v1/stations/"
HSDS_SCHEMA = json.loads((Path(__file__).parent / "hsds" / "service_at_location_list.json").read_text())


@pytest.fixture
def dachuan_stations(orgs):
    base = make_station(orgs.dachuan, name="劳动者大本营", lat="31.196000", lng="107.511000", is_24h=True,
                        facilities=["drinking_water", "wifi"])
    near = make_station(orgs.dachuan, name="三里坪驿站", lat="31.205000", lng="107.520000")
    far = make_station(orgs.dachuan, name="河市镇驿站", lat="31.108000", lng="107.474000",
                       kind=StationKind.VENUE)
    ServiceOffering.objects.create(station=near, service=ServiceItem.objects.get(code="legal_aid"))
    make_station(orgs.dachuan, name="规划中驿站", status=StationStatus.PLANNED)
    return base, near, far


def test_near_orders_by_true_distance(api_client, dachuan_stations):
    base, near, far = dachuan_stations
    response = api_client.get(LIST, {"near": "31.196,107.511"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [row["id"] for row in results] == [base.pk, near.pk, far.pk]
    assert results[1]["distance_m"] == pytest.approx(haversine_m(31.196, 107.511, 31.205, 107.520), abs=0.1)
    assert results[0]["coordinates"]["wgs84"] == [107.511, 31.196]
    assert set(results[0]["coordinates"]) == {"wgs84", "gcj02", "bd09"}


def test_without_near_there_is_no_distance(api_client, dachuan_stations):
    rows = api_client.get(LIST).json()["results"]
    assert {row["distance_m"] for row in rows} == {None}
    assert "规划中驿站" not in {row["name"] for row in rows}


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"kind": "venue"}, ["河市镇驿站"]),
        ({"service": "legal_aid"}, ["三里坪驿站"]),
        ({"facility": "wifi"}, ["劳动者大本营"]),
        ({"q": "三里坪"}, ["三里坪驿站"]),
        ({"region": "511700"}, ["三里坪驿站", "劳动者大本营", "河市镇驿站"]),
        ({"region": "210000"}, []),
        ({"is_24h": "true"}, ["劳动者大本营"]),
    ],
)
def test_filters(api_client, dachuan_stations, params, names):
    rows = api_client.get(LIST, params).json()["results"]
    assert sorted(row["name"] for row in rows) == sorted(names)


def test_open_now_filter_and_flag(api_client, dachuan_stations):
    _base, near, _far = dachuan_stations
    OpeningSlot.objects.create(station=near, weekday=2, opens=dt.time(8), closes=dt.time(18))
    with time_machine.travel(at_local(2026, 12, 2, 9), tick=False):
        rows = api_client.get(LIST, {"open_now": "true", "near": "31.196,107.511"}).json()["results"]
    assert [(row["name"], row["is_open_now"]) for row in rows] == [("劳动者大本营", True), ("三里坪驿站", True)]
    with time_machine.travel(at_local(2026, 12, 2, 20), tick=False):
        rows = api_client.get(LIST, {"open_now": "true"}).json()["results"]
    assert [row["name"] for row in rows] == ["劳动者大本营"]


@pytest.mark.parametrize(
    ("params", "attr"),
    [({"near": "abc"}, "near"), ({"near": "91,10"}, "near"), ({"near": "31.2"}, "near"), ({"near": "nan,nan"}, "near"),
     ({"kind": "castle"}, "kind"), ({"service": "nope"}, "service"), ({"region": "999999"}, "region"),
     ({"open_now": "maybe"}, "open_now")],
)
def test_bad_filters_are_400_naming_the_field(api_client, dachuan_stations, params, attr):
    response = api_client.get(LIST, params)
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == attr


def test_near_pages_are_exact(api_client, orgs):
    for n in range(25):
        make_station(orgs.dachuan, lat=f"{31.0 + n * 0.01:.6f}", lng="107.500000")
    first = api_client.get(LIST, {"near": "31.0,107.5", "page_size": 10}).json()
    second = api_client.get(LIST, {"near": "31.0,107.5", "page_size": 10, "page": 2}).json()
    distances = [row["distance_m"] for row in first["results"] + second["results"]]
    assert distances == sorted(distances) and len(distances) == 20
    assert "page=2" in first["next"] and "page=3" in second["next"]
    last = api_client.get(LIST, {"near": "31.0,107.5", "page_size": 10, "page": 3}).json()
    assert len(last["results"]) == 5 and last["next"] is None and last["count"] == 25


def forget_prepared_statements():
    from django.db import connection

    from unions.db import _prepared

    _prepared.pop(connection.connection, None)
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")


@pytest.mark.parametrize("size", [3, 12])
def test_list_query_count_is_constant(api_client, orgs, django_assert_num_queries, size):
    for n in range(size):
        station = make_station(orgs.dachuan, lat=f"{31.1 + n * 0.001:.6f}", facilities=["wifi", "toilet"])
        ServiceOffering.objects.create(station=station, service=ServiceItem.objects.get(code="legal_aid"))
    # The throttle's counter, the count, the page (facilities and services as arrays in it).
    with django_assert_num_queries(3):
        assert len(api_client.get(LIST, {"page_size": 100}).json()["results"]) == size
    # The throttle's counter, then the nearest search and its page in one statement, prepared
    # by the session's first such request and executed by name after.
    forget_prepared_statements()
    with django_assert_num_queries(3):
        assert len(api_client.get(LIST, {"near": "31.1,107.5", "page_size": 100}).json()["results"]) == size
    with django_assert_num_queries(2):
        assert len(api_client.get(LIST, {"near": "31.2,107.4", "page_size": 100}).json()["results"]) == size


def test_the_list_serializer_says_exactly_what_the_field_by_field_one_says(orgs, rf):
    from stations.api.serializers import StationListSerializer, StationSerializer
    from stations.api.views import readable_stations, with_list_relations
    from tests.unions.factories import EnterpriseFactory

    make_station(orgs.dachuan, name="最简驿站")
    full = make_station(orgs.dachuan, name="全要素工间站", kind=StationKind.BREAK_ROOM, area_m2=Decimal("86.5"),
                        seats=12, beds=2, contact_phone="0818-2345678", is_24h=True,
                        host_enterprise=EnterpriseFactory(owner=orgs.dachuan), facilities=["wifi", "toilet"],
                        last_verified_on=dt.date(2026, 10, 9))
    for code in ("legal_aid", "job_info"):
        ServiceOffering.objects.create(station=full, service=ServiceItem.objects.get(code=code))
    Station.objects.filter(pk=full.pk).update(current_stars=4)
    context = {"request": rf.get(LIST)}
    base = readable_stations(None).with_open_now()
    fast_rows = base.select_related("region", "owner", "host_enterprise").with_code_arrays().near(31.2, 107.5)
    slow_rows = with_list_relations(base).near(31.2, 107.5)
    fast = StationListSerializer(fast_rows, many=True, context=context).data
    slow = StationSerializer(slow_rows, many=True, context=context).data
    assert len(fast) == 2 and fast[1]["facilities"] and fast[1]["services"] and fast[1]["area_m2"]
    assert json.loads(json.dumps(fast)) == json.loads(json.dumps(slow))
    # The API's nearest list reads its rows in one statement of its own (`nearest_page`).
    from rest_framework.test import APIClient

    api = APIClient().get(LIST, {"near": "31.2,107.5"}, HTTP_HOST="testserver").json()["results"]
    assert json.loads(json.dumps(api)) == json.loads(json.dumps(slow))


class TestNearestStatement:
    """`?near=` lists come from one statement (`stations.nearest.nearest_page`); they must answer
    exactly what the general path answers, page by page and filter by filter."""

    @pytest.fixture
    def stations(self, orgs):
        from tests.unions.factories import EnterpriseFactory

        rows = []
        for n in range(14):
            station = make_station(
                orgs.dachuan, lat=f"{31.10 + n * 0.007:.6f}", lng=f"{107.40 + n * 0.004:.6f}",
                kind=StationKind.BREAK_ROOM if n % 3 == 0 else StationKind.POST_STATION,
                host_enterprise=EnterpriseFactory(owner=orgs.dachuan) if n % 3 == 0 else None,
                is_24h=n % 4 == 0, facilities=["wifi"] if n % 2 else ["toilet", "wifi"],
                area_m2=Decimal("40.5") if n % 5 else None, name=f"达川区第{n + 1}驿站",
            )
            if n % 2:
                ServiceOffering.objects.create(station=station, service=ServiceItem.objects.get(code="legal_aid"))
            OpeningSlot.objects.create(station=station, weekday=2, opens=dt.time(8), closes=dt.time(12 + n % 6))
            rows.append(station)
        make_station(orgs.dachuan, status=StationStatus.PLANNED, name="筹建中驿站", lat="31.090000", lng="107.390000")
        return rows

    def general(self, client, params):
        """The same list through the general path: querysets and the FilterSet's `near`."""
        from unittest import mock

        with mock.patch("stations.api.views.StationViewSet._nearest_window", return_value=None):
            return client.get(LIST, params)

    @pytest.mark.parametrize("params", [
        {"near": "31.15,107.43"},
        {"near": "31.15,107.43", "page_size": 5},
        {"near": "31.15,107.43", "page_size": 5, "page": 2},
        {"near": "31.15,107.43", "page_size": 5, "page": 3},
        {"near": "31.15,107.43", "page_size": 5, "page": 4},   # past the last page: 404 on both
        {"near": "31.15,107.43", "page_size": 5, "page": "last"},
        {"near": "31.15,107.43", "kind": "post_station", "service": "legal_aid", "open_now": "true"},
        {"near": "31.15,107.43", "facility": "toilet", "is_24h": "false"},
        {"near": "31.15,107.43", "q": "第1", "region": "511703"},
        {"near": "31.15,107.43", "open_now": "false"},
        {"near": "60.0,10.0", "kind": "labour_station"},        # nothing matches
        {"near": "31.15,107.43", "page_size": "many"},          # 400 on both
        {"near": "31.15", "page_size": 5},
    ])
    def test_answers_what_the_general_path_answers(self, api_client, stations, params):
        with time_machine.travel(at_local(2026, 12, 2, 12, 30), tick=False):  # a Wednesday
            fast = api_client.get(LIST, params)
            slow = self.general(api_client, params)
        assert fast.status_code == slow.status_code
        assert fast.json() == slow.json()
        if fast.status_code == 200 and "page" not in params:
            assert fast.json()["results"] or params["near"] == "60.0,10.0"

    def test_staff_also_see_their_own_unpublished_stations(self, api_as, district_staff, stations):
        rows = api_as(district_staff).get(LIST, {"near": "31.09,107.39"}).json()["results"]
        assert rows[0]["name"] == "筹建中驿站" and rows[0]["status"] == "planned"
        assert self.general(api_as(district_staff), {"near": "31.09,107.39"}).json()["results"] == rows


def test_detail_has_hours_and_etag(api_client, dachuan_stations):
    base = dachuan_stations[0]
    OpeningSlot.objects.create(station=base, weekday=0, opens=dt.time(8), closes=dt.time(18))
    response = api_client.get(f"{LIST}{base.pk}/")
    assert response.status_code == 200
    assert response.json()["slots"] == [{"weekday": 0, "opens": "08:00:00", "closes": "18:00:00"}]
    assert response["ETag"] == f'"{Station.objects.get(pk=base.pk).version}"'


def test_planned_station_is_hidden_from_the_public_but_not_from_its_owner(api_client, api_as, orgs, district_staff):
    planned = make_station(orgs.dachuan, status=StationStatus.PLANNED)
    assert api_client.get(f"{LIST}{planned.pk}/").status_code == 404
    assert api_as(district_staff).get(f"{LIST}{planned.pk}/").status_code == 200


def test_geojson_is_wgs84_lng_lat(api_client, dachuan_stations):
    response = api_client.get("/api/v1/stations/geojson/", {"kind": "post_station"})
    data = response.json()
    assert data["type"] == "FeatureCollection"
    feature = next(f for f in data["features"] if f["properties"]["name"] == "劳动者大本营")
    assert feature["geometry"] == {"type": "Point", "coordinates": [107.511, 31.196]}


def test_hsds_pages_validate_against_the_schema(api_client, dachuan_stations):
    base, _near, _far = dachuan_stations
    for code in ("water", "charging", "film_night"):
        ServiceOffering.objects.create(station=base, service=ServiceItem.objects.get(code=code))
    page = api_client.get("/api/v1/hsds/service_at_locations/", {"page_size": 2}).json()
    assert (page["total_items"], page["total_pages"], page["first_page"], page["last_page"]) == (4, 2, True, False)
    second = api_client.get("/api/v1/hsds/service_at_locations/", {"page_size": 2, "page": 2}).json()
    records = page["contents"] + second["contents"]
    validator = jsonschema.Draft7Validator(HSDS_SCHEMA, format_checker=jsonschema.FormatChecker())
    for record in records:
        validator.validate(record)
    assert len({record["id"] for record in records}) == 4
    film = next(r for r in records if r["service"]["name"] == "达工影院")
    assert film["location"]["latitude"] == 31.196 and film["service"]["status"] == "active"


class TestFeedback:
    def url(self, station):
        return f"{LIST}{station.pk}/feedback/"

    def test_anonymous_feedback_is_accepted(self, api_client, dachuan_stations):
        base = dachuan_stations[0]
        response = api_client.post(self.url(base), {"rating": 5, "category": "facilities", "text": "热水很方便"},
                                   format="json")
        assert response.status_code == 201
        assert Feedback.objects.get().text == "热水很方便"

    @pytest.mark.parametrize(
        ("payload", "attr"),
        [({"rating": 9, "category": "facilities", "text": "x"}, "rating"),
         ({"rating": 3, "category": "facilities", "text": ""}, "text"),
         ({"rating": 3, "category": "facilities", "text": "长" * (10 * 1024 * 1024)}, "text"),
         ({"rating": 3, "category": "weather", "text": "x"}, "category"),
         ({"rating": "five", "category": "facilities", "text": "x"}, "rating")],
    )
    def test_bad_feedback_is_a_clear_400(self, api_client, dachuan_stations, payload, attr):
        response = api_client.post(self.url(dachuan_stations[0]), payload, format="json")
        assert response.status_code == 400
        if attr:
            assert response.json()["errors"][0]["attr"] == attr
        assert Feedback.objects.count() == 0

    def test_feedback_is_throttled(self, api_client, dachuan_stations, settings):
        base = dachuan_stations[0]
        codes = [api_client.post(self.url(base), {"rating": 4, "category": "other", "text": f"第{n}条"},
                                 format="json").status_code for n in range(11)]
        assert codes == [201] * 10 + [429]

    def test_no_feedback_for_hidden_stations(self, api_client, orgs):
        planned = make_station(orgs.dachuan, status=StationStatus.PLANNED)
        assert api_client.post(self.url(planned), {"rating": 4, "category": "other", "text": "x"},
                               format="json").status_code == 404


class TestEvents:
    @pytest.fixture
    def film(self, orgs):
        station = make_station(orgs.dachuan)
        return services.event_create(
            station=station, title="达工影院", recurrence=Recurrence.WEEKLY, capacity=1,
            starts_at=at_local(2026, 12, 2, 18), ends_at=at_local(2026, 12, 2, 20))

    @time_machine.travel(dt.datetime(2026, 12, 1, 4, tzinfo=dt.UTC), tick=False)
    def test_list_and_sign_up(self, api_client, film):
        rows = api_client.get("/api/v1/events/").json()["results"]
        assert rows[0]["next_occurrences"][0].startswith("2026-12-02T18:00:00+08:00")
        url = f"/api/v1/events/{film.pk}/signup/"
        payload = {"occurrence": "2026-12-02", "name": "张三", "phone": "13800000001", "consent": True}
        response = api_client.post(url, payload, format="json")
        assert (response.status_code, response.json()["places_left"]) == (201, 0)
        response = api_client.post(url, {**payload, "phone": "13800000002"}, format="json")
        assert response.status_code == 400
        assert response.json()["errors"][0]["attr"] == "occurrence"

    @time_machine.travel(dt.datetime(2026, 12, 1, 4, tzinfo=dt.UTC), tick=False)
    def test_sign_up_without_consent_is_refused(self, api_client, film):
        response = api_client.post(f"/api/v1/events/{film.pk}/signup/",
                                   {"occurrence": "2026-12-02", "name": "张三", "phone": "13800000001",
                                    "consent": False}, format="json")
        assert response.status_code == 400
        assert response.json()["errors"][0]["attr"] == "consent"


def test_service_catalogue_has_three_groups_and_30_items(api_client):
    rows = api_client.get("/api/v1/services/", {"page_size": 100}).json()["results"]
    assert len(rows) >= 30
    assert {row["group"] for row in rows} == {"career", "life", "culture"}
    assert {row["code"]: (row["name"], row["name_en"]) for row in rows}["film_night"] == ("达工影院", "Film night")


class TestWrites:
    def payload(self, **extra):
        return {"name": "新建驿站", "kind": "post_station", "region": "511703", "address": "达川区新路1号",
                "lat": "31.193400", "lng": "107.514600", "coordinate_system": "gcj02",
                "facilities": ["drinking_water"], **extra}

    def test_partner_with_write_scope_creates_for_its_organisation(self, api_as, partner_write_key, orgs):
        response = api_as(partner_write_key).post(LIST, self.payload(), format="json")
        assert response.status_code == 201, response.json()
        station = Station.objects.get(name="新建驿站")
        assert (station.owner, station.status) == (orgs.dachuan, StationStatus.PLANNED)
        assert response.json()["coordinates"]["gcj02"] == pytest.approx([107.5146, 31.1934], abs=1e-6)

    def test_read_key_cannot_write(self, api_as, partner_read_key):
        assert api_as(partner_read_key).post(LIST, self.payload(), format="json").status_code == 403

    def test_anonymous_cannot_write(self, api_client):
        assert api_client.post(LIST, self.payload(), format="json").status_code in (401, 403)

    def test_partner_updates_own_station_but_not_anothers(self, api_as, partner_write_key, other_partner_key, orgs):
        own = make_station(orgs.dachuan)
        response = api_as(partner_write_key).patch(f"{LIST}{own.pk}/", {"seats": 12}, format="json")
        assert response.status_code == 200
        assert Station.objects.get(pk=own.pk).seats == 12
        assert api_as(other_partner_key).patch(f"{LIST}{own.pk}/", {"seats": 1}, format="json").status_code == 404

    def test_stale_if_match_is_412(self, api_as, partner_write_key, orgs):
        own = make_station(orgs.dachuan)
        response = api_as(partner_write_key).patch(f"{LIST}{own.pk}/", {"seats": 3}, format="json",
                                                   HTTP_IF_MATCH='"999"')
        assert response.status_code == 412

    @pytest.mark.parametrize(
        ("extra", "attr"),
        [({"lat": "95"}, "lat"), ({"region": "000000"}, "region"), ({"kind": "labour_point"}, "parent"),
         ({"facilities": ["jacuzzi"]}, "facilities"), ({"coordinate_system": "utm"}, "coordinate_system")],
    )
    def test_bad_station_is_400(self, api_as, partner_write_key, extra, attr):
        response = api_as(partner_write_key).post(LIST, self.payload(**extra), format="json")
        assert response.status_code == 400
        assert response.json()["errors"][0]["attr"] == attr

    def test_partner_cannot_create_for_another_organisation(self, api_as, partner_write_key, orgs):
        response = api_as(partner_write_key).post(LIST, self.payload(owner=orgs.shenyang.pk), format="json")
        assert response.status_code == 400
        assert response.json()["errors"][0]["attr"] == "owner"


class TestCoverage:
    @pytest.fixture
    def targets(self, orgs):
        shanxi = Region.objects.get(code="140000")
        CoverageTarget.objects.create(owner=orgs.national, region=shanxi, kind=StationKind.LABOUR_STATION,
                                      scope=CoverageScope.PER_COUNTY, minimum=1, due=dt.date(2025, 12, 31))
        CoverageTarget.objects.create(owner=orgs.national, region=shanxi, kind=StationKind.LABOUR_STATION,
                                      scope=CoverageScope.TOTAL, minimum=400, due=dt.date(2027, 12, 31))
        make_station(orgs.national, kind=StationKind.LABOUR_STATION, region_code="140521", lat="35.76", lng="112.45")

    def test_report_counts_per_county_short_first(self, api_as, superuser, targets):
        data = api_as(superuser).get("/api/v1/coverage/", {"within": "140000"}).json()
        counties = data["counties"]
        assert counties[-1] == {"code": "140521", "name": "沁水县", "actual": 1, "target": 1, "shortfall": 0}
        assert all(row["shortfall"] == 1 for row in counties[:-1])
        assert data["totals"]["actual"] == 1
        assert data["totals"]["counties_short"] == len(counties) - 1
        assert [(rule["scope"], rule["actual"]) for rule in data["rules"]] == [("per_county", 1), ("total", 1)]

    def test_unknown_region_is_400(self, api_as, superuser, targets):
        response = api_as(superuser).get("/api/v1/coverage/", {"within": "999999"})
        assert (response.status_code, response.json()["errors"][0]["attr"]) == (400, "within")

    def test_anonymous_cannot_read_coverage(self, api_client, targets):
        assert api_client.get("/api/v1/coverage/", {"within": "140000"}).status_code in (401, 403)


def test_api_root_lists_station_endpoints(api_client):
    entries = api_client.get("/api/v1/").json()
    assert entries["stations"].endswith(reverse("stations-api:station-list"))
    assert "hsds-service-at-locations" in entries and "coverage" in entries


def test_amounts_are_decimal_strings(api_client, orgs):
    make_station(orgs.dachuan, area_m2=Decimal("45.5"))
    assert api_client.get(LIST).json()["results"][0]["area_m2"] == "45.5"


@pytest.mark.parametrize("params", [
    {},
    {"near": "31.2,107.5", "kind": "post_station", "service": "legal_aid", "facility": "wifi", "open_now": "true",
     "is_24h": "false", "q": " 驿站 ", "region": "511703"},
    {"near": "31.2,107.5", "open_now": "0", "q": "   "},
    {"near": "91,10"},
    {"kind": "castle", "service": "nope", "open_now": "maybe"},
    {"q": "x" * 65},
    {"region": "999999", "near": "abc"},
])
def test_the_nearest_lists_cleaning_is_the_filterset_forms(orgs, params):
    """`StationFilterSet.clean` (the nearest list's, without a form instance) gives the form's
    cleaned values for good input and the form's errors for bad."""
    from django.http import QueryDict

    from stations.filtersets import StationFilterSet

    data = QueryDict(mutable=True)
    data.update(params)
    form = StationFilterSet.form_class()(data)
    cleaned, errors = StationFilterSet.clean(data)
    if form.is_valid():
        assert errors is None and cleaned == form.cleaned_data
    else:
        assert cleaned == {} and errors == form.errors and errors


@pytest.mark.parametrize("near", [{}, {"near": "31.2,107.5"}])
@pytest.mark.parametrize(("params", "expected"), [
    ({"q": "%"}, {"满意100%驿站"}),                       # a LIKE wildcard is searched for as itself
    ({"q": "_"}, {"a_b驿站"}),
    ({"q": "ab"}, set()),                                 # "_" matched no other character
    ({"q": "WIFI"}, {"Wifi驿站"}),                         # either case
    ({"q": "滨河路"}, {"a_b驿站"}),                         # the address too
    ({"q": "  "}, {"满意100%驿站", "a_b驿站", "Wifi驿站", "通川驿站"}),  # blank searches nothing
    ({"region": "511700"}, {"满意100%驿站", "a_b驿站", "Wifi驿站", "通川驿站"}),  # the city and inside it
    ({"region": "511702"}, {"通川驿站"}),
    ({"is_24h": "true"}, {"Wifi驿站"}),
    ({"kind": "break_room"}, {"通川驿站"}),
])
def test_filters_select_the_stations_they_name(api_client, orgs, near, params, expected):
    """Each filter's SQL (`stations.filtersets.station_condition`), on the general list and on
    the nearest list, against stations whose answer is known."""
    make_station(orgs.dachuan, name="满意100%驿站")
    make_station(orgs.dachuan, name="a_b驿站", address="达州市达川区滨河路8号")
    make_station(orgs.dachuan, name="Wifi驿站", is_24h=True)
    make_station(orgs.dachuan, name="通川驿站", region_code="511702", kind=StationKind.BREAK_ROOM)
    make_station(orgs.dachuan, name="筹建中的ab驿站", status=StationStatus.PLANNED)  # never public
    response = api_client.get(LIST, {**near, **params})
    assert response.status_code == 200, response.content
    assert {row["name"] for row in response.json()["results"]} == expected


@pytest.mark.parametrize("near", [{}, {"near": "31.2,107.5"}])
def test_list_labels_follow_the_requests_language(api_client, orgs, near):
    make_station(orgs.dachuan, name="双语驿站")
    chinese = api_client.get(LIST, near, HTTP_ACCEPT_LANGUAGE="zh-hans").json()["results"][0]
    english = api_client.get(LIST, near, HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]
    assert (chinese["kind_label"], chinese["status_label"]) == ("工会驿站", "开放")
    assert (english["kind_label"], english["status_label"]) == ("Union post station", "Open")
