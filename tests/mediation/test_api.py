"""The cases API: scoping (404 elsewhere), masks and logged reveals, opening, transitions with
If-Match, referrals, and the two anonymous endpoints with their throttles."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import override_settings

from mediation import services
from mediation.choices import CaseStatus, ReferralTarget
from mediation.models import Case
from tests.mediation.factories import MediatorFactory, id_number, mediating_case, open_case
from tests.unions.factories import EnterpriseFactory
from unions.models import RevealLog

pytestmark = pytest.mark.django_db

LIST = "/api/v1/cases/"


def detail(case, suffix=""):
    return f"/api/v1/cases/{case.pk}/{suffix}"


def test_anonymous_cannot_list_cases(api_as, orgs):
    open_case(orgs.dachuan)
    assert api_as().get(LIST).status_code in (401, 403)


def test_district_staff_see_their_cases_only(api_as, orgs, district_staff):
    own = open_case(orgs.dachuan)
    open_case(orgs.tongchuan, n=2)
    response = api_as(district_staff).get(LIST)
    assert response.status_code == 200
    assert [row["number"] for row in response.json()["results"]] == [own.number]


def test_city_staff_see_their_districts_cases(api_as, orgs, city_staff):
    open_case(orgs.dachuan)
    open_case(orgs.tongchuan, n=2)
    assert api_as(city_staff).get(LIST).json()["count"] == 2


def test_neighbour_gets_404_for_another_districts_case(api_as, orgs, neighbour_staff):
    case = open_case(orgs.dachuan)
    client = api_as(neighbour_staff)
    assert client.get(detail(case)).status_code == 404
    assert client.post(detail(case, "accept/"), {}, format="json").status_code == 404


def test_other_partner_gets_404(api_as, orgs, other_partner_key):
    case = open_case(orgs.dachuan)
    assert api_as(other_partner_key).get(detail(case)).status_code == 404


def test_detail_masks_id_numbers_and_phones(api_as, orgs, district_staff):
    case = open_case(orgs.dachuan)
    body = api_as(district_staff).get(detail(case)).json()
    party = body["parties"][0]
    assert party["id_number"] == id_number(1)[:6] + "********" + id_number(1)[-4:]
    assert party["phone"] == "138****8000"
    assert body["claimed_total"] == "15000.50"
    assert RevealLog.objects.count() == 0


def test_reveal_with_permission_is_logged(api_as, orgs, district_staff):
    case = open_case(orgs.dachuan)
    response = api_as(district_staff).get(detail(case) + "?reveal=1")
    assert response.json()["parties"][0]["id_number"] == id_number(1)
    assert RevealLog.objects.filter(user=district_staff, object_id=str(case.parties.get().pk)).count() == 2


def test_reveal_without_permission_stays_masked(api_as, orgs, readonly_staff):
    case = open_case(orgs.dachuan)
    response = api_as(readonly_staff).get(detail(case) + "?reveal=1")
    assert response.status_code == 200
    assert response.json()["parties"][0]["id_number"].count("*") == 8
    assert RevealLog.objects.count() == 0


def test_read_only_partner_reads_masked_and_cannot_transition(api_as, orgs, partner_read_key):
    case = open_case(orgs.dachuan)
    client = api_as(partner_read_key)
    assert client.get(detail(case)).json()["parties"][0]["phone"] == "138****8000"
    assert client.post(detail(case, "accept/"), {}, format="json").status_code == 403


def test_list_filters(api_as, orgs, district_staff):
    overdue = open_case(orgs.dachuan, received_on=date(2026, 1, 1))
    services.case_accept(case=overdue, accepted_on=date(2026, 1, 1))
    open_case(orgs.dachuan, n=2)
    client = api_as(district_staff)
    assert [r["number"] for r in client.get(LIST + "?overdue=true").json()["results"]] == [overdue.number]
    assert client.get(LIST + "?status=received").json()["count"] == 1
    assert client.get(LIST + "?status=accepted&status=received").json()["count"] == 2


def test_bad_filter_is_a_400_naming_the_parameter(api_as, district_staff):
    response = api_as(district_staff).get(LIST + "?status=nonsense")
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "status"


@pytest.mark.parametrize("rows", [1, 6])
def test_list_query_count_is_constant(api_as, orgs, district_staff, django_assert_max_num_queries, rows):
    enterprise = EnterpriseFactory(owner=orgs.dachuan)
    for n in range(rows):
        open_case(orgs.dachuan, n=n, enterprise=enterprise)
    client = api_as(district_staff)
    with django_assert_max_num_queries(13):
        assert client.get(LIST).json()["count"] == rows


@pytest.mark.parametrize("rows", [1, 5])
def test_detail_query_count_is_constant(api_as, orgs, district_staff, django_assert_max_num_queries, rows):
    enterprise = EnterpriseFactory(owner=orgs.dachuan)
    case = open_case(orgs.dachuan, enterprise=enterprise,
                     claims=[(f"项目{n}", Decimal("100.00")) for n in range(rows)])
    client = api_as(district_staff)
    with django_assert_max_num_queries(18):
        assert client.get(detail(case)).status_code == 200


def test_staff_open_a_case(api_as, orgs, district_staff):
    enterprise = EnterpriseFactory(owner=orgs.dazhou)  # kept by the city: still a valid respondent
    response = api_as(district_staff).post(LIST, {
        "channel": "court", "channel_reference": "(2026)川1703民初12号", "dispute_type": "overtime",
        "facts": "长期加班未付加班费", "station_place": "河市镇劳动关系服务站",
        "applicants": [{"name": "周师傅", "id_number": id_number(5), "phone": "13711112222"}],
        "respondents": [{"credit_code": enterprise.credit_code, "role": "employer"}],
        "claims": [{"item": "加班费", "amount": "8800.00"}],
    }, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"].startswith("511703-")
    assert body["owner"] == orgs.dachuan.pk
    assert body["respondents"][0]["name"] == enterprise.name
    assert body["parties"][0]["id_number"].count("*") == 8


def test_opening_with_a_bad_id_number_is_a_400(api_as, orgs, district_staff):
    response = api_as(district_staff).post(LIST, {
        "channel": "walk_in", "dispute_type": "other", "facts": "x",
        "applicants": [{"name": "周师傅", "id_number": "110101198001010011"}],
    }, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "applicants.0.id_number"
    assert not Case.objects.exists()


def test_opening_with_an_unknown_credit_code_is_a_400(api_as, orgs, district_staff):
    response = api_as(district_staff).post(LIST, {
        "channel": "walk_in", "dispute_type": "other", "facts": "x", "applicants": [{"name": "周师傅"}],
        "respondents": [{"credit_code": "91511703MA0000000X"}],
    }, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "respondents.0.credit_code"


def test_cannot_open_a_case_for_another_organisation(api_as, orgs, district_staff):
    response = api_as(district_staff).post(LIST, {
        "owner": orgs.tongchuan.pk, "channel": "walk_in", "dispute_type": "other", "facts": "x",
        "applicants": [{"name": "周师傅"}],
    }, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "owner"


def test_transitions_from_acceptance_to_closing(api_as, orgs, district_staff):
    case = open_case(orgs.dachuan)
    mediator = MediatorFactory(owner=orgs.dachuan)
    client = api_as(district_staff)
    assert client.post(detail(case, "accept/"), {"accepted_on": str(case.received_on)}, format="json").json()["status"] == "accepted"
    response = client.post(detail(case, "assign/"), {"team": mediator.team.pk, "mediators": [mediator.pk]},
                           format="json")
    assert response.json()["status"] == "in_mediation" and response.json()["mediators"] == [mediator.name]
    response = client.post(detail(case, "extend/"), {"days": 5, "reason": "双方同意"}, format="json")
    assert response.status_code == 200
    response = client.post(detail(case, "agreement/"), {
        "signed_on": "2026-03-05", "total_amount": "15000.50", "terms": "一次性支付",
        "instalments": [{"due_on": "2026-03-10", "amount": "10000.00"}, {"due_on": "2026-04-10", "amount": "5000.50"}],
    }, format="json")
    assert response.json()["status"] == "agreement"
    assert response.json()["agreement"]["total_amount"] == "15000.50"
    assert len(response.json()["agreement"]["instalments"]) == 2
    assert client.post(detail(case, "close/"), {}, format="json").json()["status"] == "closed"


def test_an_impossible_transition_is_a_400_naming_no_field(api_as, orgs, district_staff):
    # The case's status is not something the client sent: the error is about the request as a whole.
    case = open_case(orgs.dachuan)
    response = api_as(district_staff).post(detail(case, "close/"), {}, format="json")
    assert response.status_code == 400
    assert [(e["attr"], e["code"]) for e in response.json()["errors"]] == [("non_field_errors", "invalid")]


def test_a_case_without_team_agreement_station_or_claims_reads_as_documented(api_as, orgs, district_staff):
    from drf_spectacular.generators import SchemaGenerator

    case = open_case(orgs.dachuan)
    data = api_as(district_staff).get(detail(case)).json()
    assert (data["team"], data["agreement"], data["handling_station_name"]) == (None, None, None)
    properties = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]["Case"]["properties"]
    for name in ("team", "agreement", "handling_station_name", "claimed_total"):
        assert properties[name]["nullable"] is True, name


def test_declining_without_reason_is_a_400(api_as, orgs, district_staff):
    case = open_case(orgs.dachuan)
    response = api_as(district_staff).post(detail(case, "decline/"), {}, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["attr"] == "reason"


def test_stale_if_match_is_refused(api_as, orgs, district_staff):
    case = open_case(orgs.dachuan)
    client = api_as(district_staff)
    etag = client.get(detail(case))["ETag"]
    services.case_accept(case=case)
    response = client.post(detail(case, "decline/"), {"reason": "x"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 412


def test_assigning_another_districts_mediator_is_a_400(api_as, orgs, district_staff):
    case = open_case(orgs.dachuan)
    services.case_accept(case=case)
    stranger = MediatorFactory(owner=orgs.tongchuan)
    response = api_as(district_staff).post(detail(case, "assign/"), {"team": stranger.team.pk,
                                                                     "mediators": [stranger.pk]}, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["attr"] == "team"


def test_partner_refers_and_court_sets_its_reference(api_as, orgs, partner_write_key):
    case = mediating_case(orgs.dachuan)
    client = api_as(partner_write_key)
    response = client.post(detail(case, "refer/"), {"target": ReferralTarget.COURT, "institution": "达川区人民法院"},
                           format="json")
    assert response.json()["status"] == CaseStatus.REFERRED
    referrals = client.get("/api/v1/referrals/?without_reference=true").json()["results"]
    assert [r["case"] for r in referrals] == [case.number]
    response = client.post(f"/api/v1/referrals/{referrals[0]['id']}/reference/",
                           {"reference_number": "(2026)川1703民初99号"}, format="json")
    assert response.json()["reference_number"] == "(2026)川1703民初99号"
    assert client.get("/api/v1/referrals/?without_reference=true").json()["count"] == 0


def test_other_partner_cannot_see_referrals(api_as, orgs, other_partner_key):
    case = mediating_case(orgs.dachuan)
    services.case_refer(case=case, target=ReferralTarget.COURT, institution="达川区人民法院")
    assert api_as(other_partner_key).get("/api/v1/referrals/").json()["count"] == 0


# --- Anonymous ---------------------------------------------------------------------------------

APPLY = "/api/v1/cases/apply/"
STATUS = "/api/v1/cases/status/"
APPLICATION = {"applicant_name": "李师傅", "applicant_phone": "139 1234 5678", "dispute_type": "wage_arrears",
               "facts": "老板拖欠两个月工资", "consent": True}


def test_anonymous_apply_and_lookup(api_as, orgs):
    response = api_as().post(APPLY, APPLICATION, format="json")
    assert response.status_code == 201
    number, code = response.json()["number"], response.json()["code"]
    case = Case.objects.get(number=number)
    assert case.parties.get().phone == "13912345678"
    body = api_as().get(STATUS, {"number": number, "code": code}).json()
    assert body["status"] == "received"
    assert set(body) == {"number", "status", "status_label", "next_step", "deadline"}
    assert "李师傅" not in str(body) and "1391234" not in str(body)


def test_wrong_code_and_unknown_number_answer_the_same(api_as, orgs):
    number = api_as().post(APPLY, APPLICATION, format="json").json()["number"]
    wrong = api_as().get(STATUS, {"number": number, "code": "AAAAA-AAAAA"})
    missing = api_as().get(STATUS, {"number": "000000-2026-0001", "code": "AAAAA-AAAAA"})
    assert wrong.status_code == missing.status_code == 404
    assert wrong.json() == missing.json()


def test_lookup_without_code_is_a_400(api_as, orgs):
    response = api_as().get(STATUS, {"number": "x"})
    assert response.status_code == 400 and response.json()["errors"][0]["attr"] == "code"


def test_apply_without_consent_is_a_400(api_as, orgs):
    response = api_as().post(APPLY, {**APPLICATION, "consent": False}, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["attr"] == "consent"
    assert not Case.objects.exists()


def test_apply_with_a_bad_phone_is_a_400(api_as, orgs):
    response = api_as().post(APPLY, {**APPLICATION, "applicant_phone": "123"}, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["attr"] == "applicant_phone"


def test_apply_is_throttled(api_as, orgs, settings):
    from rest_framework.settings import api_settings

    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "public_write": "2/hour"}
    with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}):
        from unions.api.throttling import PublicWriteThrottle

        PublicWriteThrottle.THROTTLE_RATES = rates
        try:
            codes = [api_as().post(APPLY, APPLICATION, format="json").status_code for _ in range(3)]
        finally:
            PublicWriteThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    assert codes == [201, 201, 429]


def test_wrong_codes_are_throttled(api_as, orgs):
    from rest_framework.settings import api_settings

    from unions.api.throttling import LookupThrottle

    LookupThrottle.THROTTLE_RATES = {**api_settings.DEFAULT_THROTTLE_RATES, "lookup": "3/hour"}
    try:
        codes = [api_as().get(STATUS, {"number": "x", "code": f"WRONG{n}"}).status_code for n in range(4)]
    finally:
        LookupThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    assert codes == [404, 404, 404, 429]


def test_api_root_lists_cases():
    from django.urls import reverse

    from unions.api.views import API_ROOT_ENTRIES

    assert reverse(API_ROOT_ENTRIES["cases"]) == "/api/v1/cases/"
    assert reverse(API_ROOT_ENTRIES["referrals"]) == "/api/v1/referrals/"


def test_staff_open_a_case_at_their_station_and_filter_by_it(api_as, orgs, district_staff):
    from tests.mediation.test_services import _labour_station

    station = _labour_station(orgs.dachuan)
    client = api_as(district_staff)
    response = client.post(LIST, {"channel": "walk_in", "dispute_type": "other", "facts": "x",
                                  "handling_station": station.pk, "applicants": [{"name": "周师傅"}]}, format="json")
    assert response.status_code == 201
    assert response.json()["handling_station_name"] == station.name
    open_case(orgs.dachuan, n=2)
    assert client.get(LIST + f"?handling_station={station.pk}").json()["count"] == 1


def test_a_neighbours_station_is_a_400(api_as, orgs, district_staff):
    from tests.mediation.test_services import _labour_station

    station = _labour_station(orgs.tongchuan)
    response = api_as(district_staff).post(LIST, {"channel": "walk_in", "dispute_type": "other", "facts": "x",
                                                  "handling_station": station.pk,
                                                  "applicants": [{"name": "周师傅"}]}, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["attr"] == "handling_station"


@pytest.mark.parametrize("rows", [1, 5])
def test_referral_list_query_count_is_constant(api_as, orgs, district_staff, django_assert_max_num_queries, rows):
    enterprise = EnterpriseFactory(owner=orgs.dachuan)
    for n in range(rows):
        case = mediating_case(orgs.dachuan, n=n, enterprise=enterprise)
        services.case_refer(case=case, target=ReferralTarget.ARBITRATION, institution="达川区劳动人事争议仲裁委员会")
    client = api_as(district_staff)
    with django_assert_max_num_queries(13):
        assert client.get("/api/v1/referrals/").json()["count"] == rows
