"""The OpenAPI schema documents every answer the API gives (unions/api/openapi.py).

`make fuzz` checks the same on a live server with schemathesis; these tests keep the schema
honest in `make test`, one rule each.
"""

import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def error_attrs(schema, operation, status="400"):
    """The `attr` values a validation error of this operation may name."""
    components = schema["components"]["schemas"]
    ref = operation["responses"][status]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    mapping = components[ref]["discriminator"]["mapping"]
    if "validation_error" not in mapping:
        return set()
    error = components[mapping["validation_error"].rsplit("/", 1)[1]]["properties"]["errors"]["items"]["$ref"]
    return set(components[error.rsplit("/", 1)[1]]["discriminator"]["mapping"])


def test_every_operation_documents_503(schema):
    missing = [f"{method} {path}" for path, method, operation in operations(schema) if "503" not in operation["responses"]]
    assert missing == []


def test_503_is_a_server_error_with_its_code(schema):
    component = schema["components"]["schemas"]["ErrorResponse503"]
    assert component["properties"]["type"]["$ref"].endswith("/ServerErrorEnum")
    error = schema["components"]["schemas"]["Error503"]
    assert error["properties"]["code"]["$ref"].endswith("/ErrorCode503Enum")


def test_writes_guarded_by_if_match_document_412_and_others_do_not(schema):
    assert "412" in schema["paths"]["/api/v1/stations/{id}/"]["patch"]["responses"]
    assert "412" in schema["paths"]["/api/v1/postings/{id}/"]["put"]["responses"]
    assert "412" not in schema["paths"]["/api/v1/stations/{id}/"]["get"]["responses"]
    assert "412" not in schema["paths"]["/api/v1/cases/"]["post"]["responses"]


def test_public_reads_may_be_anonymous(schema):
    for path in ("/api/v1/stations/", "/api/v1/postings/{id}/", "/api/v1/regions/", "/api/v1/events/"):
        assert {} in schema["paths"][path]["get"]["security"], path


def test_private_reads_and_writes_need_credentials(schema):
    for path, method in (("/api/v1/cases/", "get"), ("/api/v1/stations/", "post"), ("/api/v1/model-workers/", "get")):
        assert {} not in schema["paths"][path][method]["security"], (method, path)


def test_query_serializer_errors_are_documented(schema):
    assert "within" in error_attrs(schema, schema["paths"]["/api/v1/coverage/"]["get"])
    assert {"number", "code"} <= error_attrs(schema, schema["paths"]["/api/v1/cases/status/"]["get"])


def test_actions_without_a_body_document_the_service_errors(schema):
    assert "non_field_errors" in error_attrs(schema, schema["paths"]["/api/v1/postings/{id}/withdraw/"]["post"])


def test_geojson_is_documented_as_geojson(schema):
    content = schema["paths"]["/api/v1/stations/geojson/"]["get"]["responses"]["200"]["content"]
    assert list(content) == ["application/geo+json"]


def test_station_patch_answers_the_station(schema):
    ref = schema["paths"]["/api/v1/stations/{id}/"]["patch"]["responses"]["200"]["content"]["application/json"]
    assert ref["schema"]["$ref"].endswith("/StationDetail")


def test_station_without_host_enterprise_is_valid(api_client, orgs, schema):
    from tests.stations.factories import make_station

    station = make_station(orgs.dachuan, host_enterprise=None)
    data = api_client.get(f"/api/v1/stations/{station.pk}/").json()
    assert data["host_enterprise"] is None
    assert schema["components"]["schemas"]["StationDetail"]["properties"]["host_enterprise"]["nullable"] is True


def error_codes(schema, operation, attr):
    """The codes a validation error of this operation may give for `attr`."""
    components = schema["components"]["schemas"]
    ref = operation["responses"]["400"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    mapping = components[ref]["discriminator"]["mapping"]
    error = components[mapping["validation_error"].rsplit("/", 1)[1]]["properties"]["errors"]["items"]["$ref"]
    for ref in components[error.rsplit("/", 1)[1]]["oneOf"]:
        variant = components[ref["$ref"].rsplit("/", 1)[1]]
        named = variant["properties"]["attr"]
        if named.get("enum") == [attr] or re.match(named.get("pattern", "^$"), attr):
            code = variant["properties"]["code"]
            return set(components[code["$ref"].rsplit("/", 1)[1]]["enum"] if "$ref" in code else code["enum"])
    return set()


def test_validator_functions_document_their_codes(schema):
    posting = schema["paths"]["/api/v1/postings/"]["post"]
    assert "phone_invalid" in error_codes(schema, posting, "contact_phone")
    employer = schema["paths"]["/api/v1/employers/"]["post"]
    assert {"credit_code_length", "credit_code_invalid"} <= error_codes(schema, employer, "credit_code")


def test_a_missing_nested_list_is_documented_under_its_own_name(schema):
    # DRF answers {"applicants": ["This field is required."]}, not applicants.non_field_errors.
    assert {"required", "null"} <= error_codes(schema, schema["paths"]["/api/v1/cases/"]["post"], "applicants")


def test_page_size_is_a_whole_number_from_1_and_its_400_is_documented(schema):
    for path in ("/api/v1/regions/", "/api/v1/postings/", "/api/v1/stations/"):
        operation = schema["paths"][path]["get"]
        parameter = next(p for p in operation["parameters"] if p["name"] == "page_size")
        assert parameter["schema"]["minimum"] == 1 and parameter["allowEmptyValue"] is True
        assert "invalid" in error_codes(schema, operation, "page_size")


def test_filters_document_that_an_empty_value_filters_nothing(schema):
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/cases/"]["get"]["parameters"]}
    assert parameters["received_before"]["allowEmptyValue"] is True
    assert parameters["received_before"]["schema"]["format"] == "date"
    assert parameters["overdue"]["schema"]["type"] == "boolean"


def test_empty_filters_filter_nothing(api_as, superuser):
    response = api_as(superuser).get("/api/v1/cases/", {"received_before": "", "channel": "", "mediator": ""})
    assert response.status_code == 200


def test_opening_hours_are_local_times_with_their_pattern(api_client, orgs, schema):
    import datetime as dt
    import re

    from stations.models import OpeningSlot
    from tests.stations.factories import make_station

    slot = schema["components"]["schemas"]["Slot"]["properties"]["opens"]
    assert "format" not in slot  # RFC 3339 full-time would require an offset
    station = make_station(orgs.dachuan)
    OpeningSlot.objects.create(station=station, weekday=0, opens=dt.time(8, 30), closes=dt.time(11, 30))
    slots = api_client.get(f"/api/v1/stations/{station.pk}/").json()["slots"]
    assert slots == [{"weekday": 0, "opens": "08:30:00", "closes": "11:30:00"}]
    assert re.match(slot["pattern"], slots[0]["opens"])


def test_errors_inside_a_list_name_the_position(schema):
    operation = schema["paths"]["/api/v1/cases/"]["post"]
    assert "required" in error_codes(schema, operation, "claims.0.item")
    assert "invalid" in error_codes(schema, operation, "claims.12.amount")
    assert error_codes(schema, operation, "claims.x.amount") == set()
    assert "INDEX" not in str([c.get("properties", {}).get("attr") for c in schema["components"]["schemas"].values()])


def test_model_choice_filters_document_the_nul_character_error(schema):
    assert "null_characters_not_allowed" in error_codes(schema, schema["paths"]["/api/v1/regions/"]["get"], "within")


def test_mine_is_documented_with_what_it_accepts(schema, api_as, partner_write_key):
    parameter = next(p for p in schema["paths"]["/api/v1/postings/"]["get"]["parameters"] if p["name"] == "mine")
    assert set(parameter["schema"]["enum"]) == {"true", "false", "1", "0", ""}
    response = api_as(partner_write_key).get("/api/v1/postings/", {"mine": "null"})
    assert (response.status_code, response.json()["errors"][0]["attr"]) == (400, "mine")


def test_id_filters_take_whole_numbers(api_as, superuser):
    response = api_as(superuser).get("/api/v1/cases/", {"mediator": "0.5"})
    assert (response.status_code, response.json()["errors"][0]["attr"]) == (400, "mediator")
    assert api_as(superuser).get("/api/v1/cases/", {"mediator": "5"}).status_code == 200


def test_a_malformed_idempotency_key_is_documented(schema):
    operation = schema["paths"]["/api/v1/postings/"]["post"]
    assert "idempotency_key_invalid" in error_codes(schema, operation, "Idempotency-Key")
