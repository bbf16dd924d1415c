"""The jobs API: public postings with keyword and filters, partner writes with Idempotency-Key,
employers with credit codes, staff-only intentions and matches, and scoping."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jobs.choices import MatchStatus, Occupation, PostingStatus, VerificationResult
from jobs.models import IdempotencyRecord, JobPosting, Match
from tests.jobs.factories import EmployerFactory, make_posting, register_seeker
from tests.unions.factories import valid_credit_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def employer(orgs):
    return EmployerFactory(owner=orgs.dachuan)


def posting_body(employer, **overrides):
    body = {
        "employer": employer.enterprise.credit_code,
        "title": "外卖骑手",
        "occupation": "delivery",
        "headcount": 200,
        "pay_min": "5000.00",
        "pay_max": "9000.00",
        "pay_unit": "month",
        "employment_form": "platform",
        "region": "511703",
        "address": "达州市达川区金河大道66号",
        "contact_name": "周站长",
        "contact_phone": "13908181234",
        "valid_through": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "priority_groups": ["new_form"],
        "benefits": ["meals"],
    }
    body.update(overrides)
    return body


# --- Public reads -----------------------------------------------------------------------------------


def test_anonymous_sees_only_published_postings(orgs, api_client):
    published = make_posting(owner=orgs.dachuan)
    make_posting(owner=orgs.dachuan, status=PostingStatus.DRAFT, title="草稿岗位")
    response = api_client.get("/api/v1/postings/")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [published.pk]
    assert response.json()["results"][0]["employer_credit_code"] == published.employer.enterprise.credit_code


def test_keyword_and_filters(orgs, api_client):
    rider = make_posting(owner=orgs.dachuan, title="外卖骑手", priority_groups=["new_form"])
    make_posting(owner=orgs.dachuan, title="物业保安", occupation=Occupation.SECURITY, pay_min=2800, pay_max=3500)
    assert [r["id"] for r in api_client.get("/api/v1/postings/", {"q": "骑手"}).json()["results"]] == [rider.pk]
    assert [r["id"] for r in api_client.get("/api/v1/postings/", {"min_pay": 6000}).json()["results"]] == [rider.pk]
    assert [r["id"] for r in api_client.get("/api/v1/postings/", {"priority_group": "new_form"}).json()["results"]] == [
        rider.pk
    ]
    assert len(api_client.get("/api/v1/postings/", {"region": "511700"}).json()["results"]) == 2
    assert api_client.get("/api/v1/postings/", {"region": "210100"}).json()["results"] == []


@pytest.mark.parametrize(
    ("params", "attr"),
    [
        ({"occupation": "astronaut"}, "occupation"),
        ({"min_pay": "lots"}, "min_pay"),
        ({"region": "999999"}, "region"),
        ({"priority_group": "x"}, "priority_group"),
        ({"q": "骑" * 65}, "q"),
    ],
)
def test_bad_filters_are_400_naming_the_field(api_client, params, attr):
    response = api_client.get("/api/v1/postings/", params)
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == attr


def test_postings_are_cursor_paginated(orgs, api_client):
    ids = [make_posting(owner=orgs.dachuan, title=f"岗位{n}").pk for n in range(5)]
    first = api_client.get("/api/v1/postings/", {"page_size": 2}).json()
    assert [r["id"] for r in first["results"]] == sorted(ids, reverse=True)[:2]
    second = api_client.get(first["next"]).json()
    assert [r["id"] for r in second["results"]] == sorted(ids, reverse=True)[2:4]


@pytest.mark.parametrize("size", [3, 12])
def test_posting_list_query_count_is_constant(orgs, api_client, django_assert_num_queries, size):
    for n in range(size):
        make_posting(owner=orgs.dachuan, title=f"岗位{n}")
    with django_assert_num_queries(2):  # the throttle's counter; the page (cursor pagination needs no COUNT)
        assert len(api_client.get("/api/v1/postings/").json()["results"]) == size


# --- Partner writes ----------------------------------------------------------------------------------


def test_partner_creates_a_posting_that_waits_for_review(orgs, api_as, partner_write_key, employer):
    response = api_as(partner_write_key).post("/api/v1/postings/", posting_body(employer), format="json")
    assert response.status_code == 201, response.json()
    posting = JobPosting.objects.get(pk=response.json()["id"])
    assert posting.status == PostingStatus.IN_REVIEW and posting.owner == orgs.dachuan
    assert response["ETag"] == f'"{posting.version}"'
    assert JobPosting.objects.keyword("骑手").get() == posting


def test_read_only_key_cannot_create(api_as, partner_read_key, employer):
    response = api_as(partner_read_key).post("/api/v1/postings/", posting_body(employer), format="json")
    assert response.status_code == 403


def test_anonymous_cannot_create(api_client, employer):
    assert api_client.post("/api/v1/postings/", posting_body(employer), format="json").status_code == 401


def test_other_organisations_key_cannot_post_for_our_employer(api_as, other_partner_key, employer):
    response = api_as(other_partner_key).post("/api/v1/postings/", posting_body(employer), format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "employer"


@pytest.mark.parametrize(
    ("overrides", "attr"),
    [
        ({"pay_min": "9000", "pay_max": "5000"}, "pay_max"),
        ({"contact_phone": "12"}, "contact_phone"),
        ({"occupation": "astronaut"}, "occupation"),
        ({"headcount": 0}, "headcount"),
        ({"region": "000000"}, "region"),
        ({"priority_groups": ["vip"]}, "priority_groups.0"),
        ({"valid_through": "tomorrow"}, "valid_through"),
    ],
)
def test_bad_postings_are_400_naming_the_field(api_as, partner_write_key, employer, overrides, attr):
    response = api_as(partner_write_key).post("/api/v1/postings/", posting_body(employer, **overrides), format="json")
    assert response.status_code == 400, response.json()
    assert response.json()["errors"][0]["attr"] == attr
    assert not JobPosting.objects.exists()


def test_idempotency_key_replays_the_first_response(api_as, partner_write_key, employer):
    client = api_as(partner_write_key)
    first = client.post("/api/v1/postings/", posting_body(employer), format="json", HTTP_IDEMPOTENCY_KEY="abc-1")
    for _replay in range(3):
        again = client.post("/api/v1/postings/", posting_body(employer), format="json", HTTP_IDEMPOTENCY_KEY="abc-1")
        assert first.status_code == again.status_code == 201
        assert again.json() == first.json()
        assert again["Idempotent-Replayed"] == "true" and again["Location"] == first["Location"]
    assert JobPosting.objects.count() == 1


def test_idempotency_key_with_another_body_is_422(api_as, partner_write_key, employer):
    client = api_as(partner_write_key)
    client.post("/api/v1/postings/", posting_body(employer), format="json", HTTP_IDEMPOTENCY_KEY="abc-2")
    response = client.post(
        "/api/v1/postings/",
        posting_body(employer, headcount=5),
        format="json",
        HTTP_IDEMPOTENCY_KEY="abc-2",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "idempotency_key_reused"
    assert JobPosting.objects.count() == 1


def test_idempotency_keys_are_per_caller(api_as, partner_write_key, district_staff, employer):
    api_as(partner_write_key).post("/api/v1/postings/", posting_body(employer), format="json", HTTP_IDEMPOTENCY_KEY="k")
    response = api_as(district_staff).post(
        "/api/v1/postings/", posting_body(employer), format="json", HTTP_IDEMPOTENCY_KEY="k"
    )
    assert response.status_code == 201
    assert JobPosting.objects.count() == 2


def test_a_rejected_request_is_not_remembered(api_as, partner_write_key, employer):
    client = api_as(partner_write_key)
    bad = client.post(
        "/api/v1/postings/", posting_body(employer, headcount=0), format="json", HTTP_IDEMPOTENCY_KEY="k3"
    )
    assert bad.status_code == 400
    assert not IdempotencyRecord.objects.exists()
    good = client.post("/api/v1/postings/", posting_body(employer), format="json", HTTP_IDEMPOTENCY_KEY="k3")
    assert good.status_code == 201


def test_too_long_idempotency_key_is_400(api_as, partner_write_key, employer):
    response = api_as(partner_write_key).post(
        "/api/v1/postings/",
        posting_body(employer),
        format="json",
        HTTP_IDEMPOTENCY_KEY="x" * 300,
    )
    assert response.status_code == 400


def test_partner_updates_its_own_posting_with_if_match(orgs, api_as, partner_write_key):
    posting = make_posting(owner=orgs.dachuan)
    client = api_as(partner_write_key)
    etag = client.get(f"/api/v1/postings/{posting.pk}/")["ETag"]
    response = client.patch(f"/api/v1/postings/{posting.pk}/", {"headcount": 150}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200 and response.json()["headcount"] == 150
    stale = client.patch(f"/api/v1/postings/{posting.pk}/", {"headcount": 120}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412


def test_partner_cannot_change_another_organisations_posting(orgs, api_as, other_partner_key):
    posting = make_posting(owner=orgs.dachuan)
    response = api_as(other_partner_key).patch(f"/api/v1/postings/{posting.pk}/", {"headcount": 1}, format="json")
    assert response.status_code == 404


def test_partner_withdraws_its_posting(orgs, api_as, partner_write_key):
    posting = make_posting(owner=orgs.dachuan)
    response = api_as(partner_write_key).post(f"/api/v1/postings/{posting.pk}/withdraw/")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"


# --- Employers ---------------------------------------------------------------------------------------


def test_employers_list_name_and_credit_code(orgs, api_as, partner_read_key, employer):
    rows = api_as(partner_read_key).get("/api/v1/employers/").json()["results"]
    assert rows == [
        {
            "id": employer.pk,
            "name": employer.enterprise.name,
            "credit_code": employer.enterprise.credit_code,
            "region": None,
            "industry": "制造业",
            "address": "",
            "contact_name": "刘经理",
            "contact_phone": "13800001111",
            "verification": "verified",
            "verified_on": None,
        }
    ]


def test_employers_are_not_public(api_client):
    assert api_client.get("/api/v1/employers/").status_code == 401


def test_other_organisation_does_not_see_our_employers(api_as, other_partner_key, employer):
    assert api_as(other_partner_key).get("/api/v1/employers/").json()["results"] == []


def test_create_employer_with_valid_code(orgs, api_as, partner_write_key):
    response = api_as(partner_write_key).post(
        "/api/v1/employers/",
        {
            "name": "达州市新岗位有限公司",
            "credit_code": valid_credit_code(77),
            "contact_name": "李",
            "contact_phone": "13800002222",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["verification"] == VerificationResult.UNVERIFIED


def test_wrong_credit_code_is_400_naming_the_field(api_as, partner_write_key):
    code = valid_credit_code(77)
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    response = api_as(partner_write_key).post(
        "/api/v1/employers/",
        {
            "name": "某公司",
            "credit_code": wrong,
            "contact_name": "李",
            "contact_phone": "13800002222",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "credit_code"


# --- Fairs and trainings --------------------------------------------------------------------------------


def test_fairs_and_trainings_are_public(api_client):
    assert api_client.get("/api/v1/fairs/").status_code == 200
    assert api_client.get("/api/v1/trainings/").status_code == 200


# --- Intentions and matches: staff only ---------------------------------------------------------------------


def test_intentions_are_staff_only_and_mask_phones(orgs, api_as, district_staff, partner_read_key):
    register_seeker(phone="13712345678")
    assert api_as(partner_read_key).get("/api/v1/intentions/").status_code == 403
    rows = api_as(district_staff).get("/api/v1/intentions/").json()["results"]
    assert rows[0]["seeker"]["phone"] == "137****5678"


def test_neighbour_does_not_see_our_intentions(orgs, api_as, neighbour_staff):
    register_seeker()
    assert api_as(neighbour_staff).get("/api/v1/intentions/").json()["results"] == []


def test_matches_explain_and_advance(orgs, api_as, district_staff):
    make_posting(owner=orgs.dachuan)
    register_seeker()
    client = api_as(district_staff)
    row = client.get("/api/v1/matches/").json()["results"][0]
    assert {"met": True, "text": row["explanation"][0]["text"]} == row["explanation"][0]
    response = client.post(
        f"/api/v1/matches/{row['id']}/advance/", {"status": "contacted", "note": "已电话联系"}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == MatchStatus.CONTACTED
    bad = client.post(f"/api/v1/matches/{row['id']}/advance/", {"status": "hired"}, format="json")
    assert bad.status_code == 400
    unknown = client.post(f"/api/v1/matches/{row['id']}/advance/", {"status": "promoted"}, format="json")
    assert unknown.status_code == 400 and unknown.json()["errors"][0]["attr"] == "status"


def test_readonly_staff_cannot_advance_matches(orgs, api_as, readonly_staff):
    make_posting(owner=orgs.dachuan)
    register_seeker()
    match = Match.objects.get()
    response = api_as(readonly_staff).post(
        f"/api/v1/matches/{match.pk}/advance/", {"status": "contacted"}, format="json"
    )
    assert response.status_code == 403


@pytest.mark.parametrize("size", [2, 8])
def test_match_list_query_count_is_constant(orgs, api_as, district_staff, django_assert_max_num_queries, size):
    make_posting(owner=orgs.dachuan)
    for n in range(size):
        register_seeker(phone=f"137000000{n:02d}")
    client = api_as(district_staff)
    with django_assert_max_num_queries(13):  # session, user, permissions, scope, throttle, count, page
        assert len(client.get("/api/v1/matches/").json()["results"]) == size


def test_api_root_lists_the_jobs_endpoints(api_client):
    assert {"postings", "employers", "fairs", "trainings", "intentions", "matches"} <= set(
        api_client.get("/api/v1/").json()
    )


def test_schema_documents_the_idempotency_header(api_client):
    schema = api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    parameters = schema["paths"]["/api/v1/postings/"]["post"]["parameters"]
    assert any(p["name"] == "Idempotency-Key" for p in parameters)


def test_postings_shown_at_a_station(orgs, api_as, partner_write_key, employer):
    from tests.stations.factories import make_station

    station = make_station(orgs.dachuan, name="达川区金河驿站")
    response = api_as(partner_write_key).post(
        "/api/v1/postings/", posting_body(employer, stations=[station.pk]), format="json"
    )
    assert response.status_code == 201, response.json()
    posting = JobPosting.objects.get()
    assert list(posting.stations.all()) == [station]
    JobPosting.objects.filter(pk=posting.pk).update(status=PostingStatus.PUBLISHED)
    rows = api_as(None).get("/api/v1/postings/", {"station": station.pk}).json()["results"]
    assert [(row["id"], row["stations"]) for row in rows] == [(posting.pk, [station.pk])]
    assert api_as(None).get("/api/v1/postings/", {"station": 999999}).status_code == 400


def test_list_rows_equal_the_detail_representation(orgs, api_client):
    from tests.stations.factories import make_station

    posting = make_posting(
        owner=orgs.dachuan,
        latitude="31.196000",
        longitude="107.508000",
        benefits=["meals"],
        priority_groups=["4050"],
        age_min=18,
        age_max=50,
    )
    posting.stations.set([make_station(orgs.dachuan)])
    listed = api_client.get("/api/v1/postings/").json()["results"][0]
    assert listed == api_client.get(f"/api/v1/postings/{posting.pk}/").json()


def test_partner_lists_its_own_postings_in_review_with_mine(orgs, api_as, partner_write_key, employer):
    client = api_as(partner_write_key)
    created = client.post("/api/v1/postings/", posting_body(employer), format="json").json()
    assert client.get("/api/v1/postings/").json()["results"] == []  # the public board: not yet reviewed
    mine = client.get("/api/v1/postings/", {"mine": "1"}).json()["results"]
    assert [(row["id"], row["status"]) for row in mine] == [(created["id"], "in_review")]
    assert client.get(f"/api/v1/postings/{created['id']}/").status_code == 200


@pytest.mark.parametrize("size", [2, 8])
@pytest.mark.parametrize("url", ["/api/v1/intentions/", "/api/v1/employers/"])
def test_staff_lists_query_count_is_constant(orgs, api_as, district_staff, django_assert_max_num_queries, size, url):
    for n in range(size):
        register_seeker(phone=f"137000001{n:02d}")
        EmployerFactory(owner=orgs.dachuan)
    client = api_as(district_staff)
    with django_assert_max_num_queries(13):
        assert client.get(url).status_code == 200
