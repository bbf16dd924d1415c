"""The foundation's API: root, schema, regions, organisations, keys, throttles, error format."""

import pytest
from django.utils import timezone

from unions import services
from unions.models import ApiKey

pytestmark = pytest.mark.django_db


def test_root_lists_endpoints(api_client):
    response = api_client.get("/api/v1/")
    assert response.status_code == 200
    assert {"regions", "organizations", "schema", "docs"} <= set(response.json())


def test_schema_is_openapi_3(api_client):
    response = api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/regions/" in schema["paths"]
    assert "ApiKeyAuth" in schema["components"]["securitySchemes"]


def test_docs_page_serves(client):
    assert client.get("/api/v1/docs/").status_code == 200


def test_regions_county_count(api_client):
    response = api_client.get("/api/v1/regions/", {"level": "county"})
    assert response.status_code == 200
    assert response.json()["count"] == 2846


def test_regions_within_shanxi(api_client):
    response = api_client.get("/api/v1/regions/", {"level": "county", "within": "140000"})
    assert response.json()["count"] == 117


def test_regions_parent_and_search(api_client):
    assert api_client.get("/api/v1/regions/", {"parent": "140500"}).json()["count"] == 6  # 晋城市辖区县
    results = api_client.get("/api/v1/regions/", {"q": "沁水"}).json()["results"]
    assert [r["code"] for r in results] == ["140521"]


@pytest.mark.parametrize(
    ("params", "attr"),
    [({"level": "nonsense"}, "level"), ({"within": "999999"}, "within"), ({"parent": "abc"}, "parent")],
)
def test_bad_filters_are_400_naming_the_field(api_client, params, attr):
    response = api_client.get("/api/v1/regions/", params)
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "validation_error"
    assert body["errors"][0]["attr"] == attr


def test_page_size_is_capped(api_client):
    response = api_client.get("/api/v1/regions/", {"page_size": 100000})
    assert len(response.json()["results"]) == 100


def test_bad_page_is_404_not_500(api_client):
    assert api_client.get("/api/v1/regions/", {"page": "zzz"}).status_code == 404


def test_regions_are_read_only(api_client):
    response = api_client.post("/api/v1/regions/", {"code": "999999", "name": "x"})
    assert response.status_code in (401, 403, 405)


def test_organisations_need_authentication(api_client, orgs):
    response = api_client.get("/api/v1/organizations/")
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "not_authenticated"


def test_organisations_scoped_for_city_staff(api_as, orgs, city_staff):
    names = {o["name"] for o in api_as(city_staff).get("/api/v1/organizations/").json()["results"]}
    assert names == {"达州市总工会", "达川区总工会", "通川区总工会"}


def test_other_organisation_detail_is_404(api_as, orgs, district_staff):
    response = api_as(district_staff).get(f"/api/v1/organizations/{orgs.tongchuan.pk}/")
    assert response.status_code == 404


def test_partner_key_reads_its_subtree(api_as, orgs, partner_read_key):
    response = api_as(partner_read_key).get("/api/v1/organizations/")
    assert response.status_code == 200
    assert [o["name"] for o in response.json()["results"]] == ["达川区总工会"]


def test_key_without_scope_is_403(api_as, orgs):
    key = services.api_key_create(organization=orgs.dachuan, name="jobs only", scopes=["jobs:read"])
    assert api_as(key).get("/api/v1/organizations/").status_code == 403


def test_only_the_hash_is_stored(orgs):
    api_key, full_key = services.api_key_create(organization=orgs.dachuan, name="k", scopes=["unions:read"])
    stored = ApiKey.objects.get(pk=api_key.pk)
    assert full_key not in (stored.hashed_key, stored.prefix)
    assert stored.hashed_key == ApiKey.hash(full_key)
    assert len(stored.hashed_key) == 64


def test_wrong_and_revoked_keys_are_401(api_as, partner_read_key):
    api_key, full_key = partner_read_key
    assert api_as(full_key + "x").get("/api/v1/organizations/").status_code == 401
    assert api_as("garbage").get("/api/v1/organizations/").status_code == 401
    services.api_key_revoke(api_key=api_key)
    response = api_as(full_key).get("/api/v1/organizations/")
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "authentication_failed"


def test_last_used_is_recorded(api_as, partner_read_key):
    api_key, _full_key = partner_read_key
    before = timezone.now()
    api_as(partner_read_key).get("/api/v1/organizations/")
    api_key.refresh_from_db()
    assert api_key.last_used_at >= before


def test_unknown_scope_is_refused(orgs):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.api_key_create(organization=orgs.dachuan, name="k", scopes=["stations:admin"])


def test_anonymous_callers_are_throttled(api_client, monkeypatch):
    from rest_framework.settings import api_settings

    from unions.api.throttling import AnonymousThrottle

    # monkeypatch restores the class's own rates: a lowered rate must not leak into later tests.
    monkeypatch.setattr(AnonymousThrottle, "THROTTLE_RATES", {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "3/min"})
    codes = [api_client.get("/api/v1/regions/", {"level": "province"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_keys_are_throttled_per_key(api_as, partner_read_key, other_partner_key):
    from rest_framework.settings import api_settings

    from unions.api.throttling import ApiKeyThrottle

    ApiKeyThrottle.THROTTLE_RATES = {**api_settings.DEFAULT_THROTTLE_RATES, "api_key": "2/min"}
    try:
        first = [api_as(partner_read_key).get("/api/v1/organizations/").status_code for _ in range(3)]
        other = api_as(other_partner_key).get("/api/v1/organizations/").status_code
    finally:
        ApiKeyThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    assert first == [200, 200, 429]
    assert other == 200


def test_a_throttled_caller_is_told_when_to_retry_and_is_let_in_when_the_window_ends(api_client, monkeypatch):
    from rest_framework.settings import api_settings

    from unions.api.throttling import AnonymousThrottle

    clock = [1_800_000_000.0]
    monkeypatch.setattr(AnonymousThrottle, "timer", lambda self: clock[0])
    monkeypatch.setattr(AnonymousThrottle, "THROTTLE_RATES", {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "2/min"})
    url = "/api/v1/regions/?level=province"
    assert [api_client.get(url).status_code for _ in range(2)] == [200, 200]
    clock[0] += 20
    refused = api_client.get(url)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "40"
    assert refused.json()["errors"][0]["code"] == "throttled"
    clock[0] += 40
    assert api_client.get(url).status_code == 200


def test_the_throttle_costs_one_statement(api_client, django_assert_num_queries):
    from unions.models import RateCounter

    api_client.get("/api/v1/")  # the API root reads nothing else from the database
    with django_assert_num_queries(1):
        api_client.get("/api/v1/")
    assert RateCounter.objects.get(key__contains="anon").hits == 2


def test_with_redis_the_throttle_counts_there(api_client, settings, monkeypatch):
    import redis

    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).flushdb()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    from django.core.cache import caches
    from rest_framework.settings import api_settings

    from unions.api.throttling import AnonymousThrottle
    from unions.models import RateCounter

    settings.REDIS_URL = url
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    monkeypatch.setattr(AnonymousThrottle, "THROTTLE_RATES", {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "2/min"})
    try:
        codes = [api_client.get("/api/v1/").status_code for _ in range(3)]
    finally:
        caches["default"].clear()
    assert codes == [200, 200, 429]
    assert not RateCounter.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_killed_database_session_costs_the_throttle_nothing():
    import time

    import psycopg2
    from django.db import connection

    from unions.api.throttling import count_hit

    connection.ensure_connection()
    pid = connection.connection.get_backend_pid()
    settings_dict = connection.settings_dict
    admin = psycopg2.connect(dbname=settings_dict["NAME"], user=settings_dict["USER"], host=settings_dict["HOST"] or None,
                             port=settings_dict["PORT"] or None, password=settings_dict["PASSWORD"] or None)
    admin.autocommit = True
    try:
        admin.cursor().execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        admin.close()
    assert count_hit("throttle_anon_198.51.100.7", time.time(), 60)[0] == 1
    assert connection.connection.get_backend_pid() != pid


def test_private_api_answers_are_not_stored(api_as, city_staff):
    response = api_as(city_staff).get("/api/v1/organizations/")
    assert "no-store" in response["Cache-Control"]


def test_create_api_key_command_prints_key_once(orgs, capsys):
    from django.core.management import call_command

    call_command("create_api_key", "--organization", "达川区总工会", "--scope", "stations:read")
    full_key = capsys.readouterr().out.strip()
    api_key = ApiKey.objects.get(prefix=full_key.split(".")[0])
    assert api_key.hashed_key == ApiKey.hash(full_key)
    assert api_key.scopes == ["stations:read"]


def test_create_api_key_command_rejects_bad_scope(orgs):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match=r"Unknown scope|未知"):
        call_command("create_api_key", "--organization", "达川区总工会", "--scope", "nope:read")


def count_queries(call) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        response = call()
    assert response.status_code == 200
    return len(context.captured_queries)


def test_region_list_query_count_is_constant(api_client):
    small = count_queries(lambda: api_client.get("/api/v1/regions/", {"page_size": 10}))
    large = count_queries(lambda: api_client.get("/api/v1/regions/", {"page_size": 100}))
    assert small == large


def test_organisation_list_query_count_is_constant(api_as, orgs, city_staff):
    from unions import services
    from unions.choices import OrganizationLevel

    client = api_as(city_staff)
    few = count_queries(lambda: client.get("/api/v1/organizations/"))
    for number in range(15):
        services.organization_create(name=f"达川区第{number}街道工会", level=OrganizationLevel.TOWNSHIP,
                                     parent=orgs.dachuan)
    client = api_as(city_staff)
    assert count_queries(lambda: client.get("/api/v1/organizations/")) == few
    assert client.get("/api/v1/organizations/").json()["count"] == 18
