"""Back office: scoped case list with its filters, the case page, workflow steps, reveal, export,
teams' load and the dashboard panel."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from mediation import services
from mediation.choices import CaseStatus
from mediation.models import Case
from tests.mediation.factories import MediatorFactory, id_number, mediating_case, open_case
from tests.unions.factories import EnterpriseFactory
from unions.models import RevealLog

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/mediation/case/"


def step_url(case, step):
    return reverse("admin:mediation_case_step", args=[case.pk, step])


def test_case_list_is_scoped(client, orgs, mediator):
    own = open_case(orgs.dachuan)
    other = open_case(orgs.tongchuan, n=2)
    client.force_login(mediator)
    html = client.get(CHANGELIST).content.decode()
    assert own.number in html and other.number not in html


@pytest.mark.parametrize("query", ["", "?deadline=overdue", "?deadline=near", "?status__exact=received",
                                   "?dispute_type__exact=wage_arrears", "?mediator=1", "?station_place=x"])
def test_case_list_filters_answer(client, orgs, mediator, query):
    open_case(orgs.dachuan)
    client.force_login(mediator)
    assert client.get(CHANGELIST + query).status_code == 200


def test_overdue_filter(client, orgs, mediator):
    late = open_case(orgs.dachuan, received_on=date(2026, 1, 1))
    services.case_accept(case=late, accepted_on=date(2026, 1, 1))
    fresh = open_case(orgs.dachuan, n=2)
    client.force_login(mediator)
    html = client.get(CHANGELIST + "?deadline=overdue").content.decode()
    assert late.number in html and fresh.number not in html


@pytest.mark.parametrize("rows", [1, 6])
def test_case_list_query_count_is_constant(client, orgs, mediator, django_assert_max_num_queries, rows):
    enterprise = EnterpriseFactory(owner=orgs.dachuan)
    for n in range(rows):
        mediating_case(orgs.dachuan, n=n, enterprise=enterprise)
    client.force_login(mediator)
    with django_assert_max_num_queries(22):
        assert client.get(CHANGELIST).status_code == 200


def test_case_page_shows_masked_parties_and_available_steps(client, orgs, mediator):
    case = open_case(orgs.dachuan)
    client.force_login(mediator)
    html = client.get(reverse("admin:mediation_case_change", args=[case.pk])).content.decode()
    assert id_number(1) not in html
    assert case.parties.get().id_number_masked in html
    assert step_url(case, "accept") in html and step_url(case, "close") not in html


def test_neighbours_case_page_and_steps_are_closed(client, orgs, neighbour_mediator):
    case = open_case(orgs.dachuan)
    client.force_login(neighbour_mediator)
    assert client.get(reverse("admin:mediation_case_change", args=[case.pk])).status_code in (302, 404)
    assert client.post(step_url(case, "accept"), {"accepted_on": "2026-03-01"}).status_code == 404
    assert client.get(reverse("admin:mediation_case_reveal", args=[case.pk])).status_code == 404


def test_mediator_walks_a_case_from_acceptance_to_agreement(client, orgs, mediator):
    case = open_case(orgs.dachuan, received_on=date(2026, 3, 1))
    member = MediatorFactory(owner=orgs.dachuan)
    client.force_login(mediator)
    assert client.post(step_url(case, "accept"), {"accepted_on": "2026-03-02"}).status_code == 302
    response = client.post(step_url(case, "assign"), {"team": member.team.pk, "mediators": [member.pk]})
    assert response.status_code == 302
    response = client.post(step_url(case, "agreement"), {
        "signed_on": "2026-03-10", "total_amount": "15000.50", "terms": "分两期支付",
        "schedule": "2026-03-15 10000\n2026-04-15 5000.50",
    })
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.AGREEMENT
    assert case.agreement.instalments.count() == 2


def test_a_step_the_state_refuses_shows_the_error(client, orgs, mediator):
    case = open_case(orgs.dachuan)
    client.force_login(mediator)
    response = client.post(step_url(case, "close"), {})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors(), response.context["form"].errors
    case.refresh_from_db()
    assert case.status == CaseStatus.RECEIVED


def test_bad_schedule_line_is_a_form_error(client, orgs, mediator):
    case = mediating_case(orgs.dachuan)
    client.force_login(mediator)
    response = client.post(step_url(case, "agreement"), {"signed_on": "2026-03-10", "total_amount": "10",
                                                         "terms": "x", "schedule": "tomorrow ten"})
    assert "schedule" in response.context["form"].errors


def test_read_only_staff_cannot_take_steps_or_reveal(client, orgs, readonly_staff):
    case = open_case(orgs.dachuan)
    client.force_login(readonly_staff)
    assert client.post(step_url(case, "accept"), {"accepted_on": "2026-03-01"}).status_code == 403
    assert client.get(reverse("admin:mediation_case_reveal", args=[case.pk])).status_code == 403
    assert RevealLog.objects.count() == 0


def test_reveal_page_shows_raw_values_and_logs(client, orgs, mediator):
    case = open_case(orgs.dachuan)
    client.force_login(mediator)
    html = client.get(reverse("admin:mediation_case_reveal", args=[case.pk])).content.decode()
    assert id_number(1) in html and "13800138000" in html
    log = RevealLog.objects.get()
    assert log.user == mediator and log.fields == ["id_number", "phone"]


def test_export_for_statistics_has_no_personal_data(client, orgs, mediator):
    case = open_case(orgs.dachuan)
    client.force_login(mediator)
    response = client.post(CHANGELIST, {"action": "export_redacted", "_selected_action": [case.pk]})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert case.number in body and "15000.50" in body
    assert "王师傅" not in body and id_number(1)[:6] + "1" not in body and "13800138000" not in body


def test_adding_a_case_in_the_admin_numbers_it_and_masks_parties(client, orgs, mediator):
    enterprise = EnterpriseFactory(owner=orgs.dazhou)
    client.force_login(mediator)
    data = {
        "owner": orgs.dachuan.pk, "station_place": "河市镇劳动关系服务站", "channel": "walk_in",
        "channel_reference": "", "received_on": "2026-05-01", "dispute_type": "wage_arrears", "facts": "欠薪",
        "risk": "",
    }
    for prefix, count in [("parties", 1), ("respondents", 1), ("claims", 1), ("sessions", 0), ("documents", 0),
                          ("extensions", 0), ("referrals", 0)]:
        data.update({f"{prefix}-TOTAL_FORMS": count, f"{prefix}-INITIAL_FORMS": 0})
    data.update({"parties-0-role": "applicant", "parties-0-name": "孙师傅", "parties-0-relation": "",
                 "parties-0-new_id_number": id_number(7), "parties-0-new_phone": "13600001111",
                 "respondents-0-role": "employer", "respondents-0-credit_code": enterprise.credit_code,
                 "claims-0-item": "工资", "claims-0-amount": "6000.00"})
    response = client.post(reverse("admin:mediation_case_add"), data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    case = Case.objects.get()
    assert case.number == "511703-2026-0001" and case.status == CaseStatus.RECEIVED
    party = case.parties.get()
    assert party.id_number == id_number(7) and party.phone_masked == "136****1111"
    assert case.claims.get().amount == Decimal("6000.00")
    assert case.respondents.get().enterprise == enterprise


def test_bad_id_number_in_the_admin_is_a_form_error(client, orgs, mediator):
    case = open_case(orgs.dachuan)
    party = case.parties.get()
    client.force_login(mediator)
    url = reverse("admin:mediation_case_change", args=[case.pk])
    response = client.get(url)
    data = _form_data(response)
    data["parties-0-new_id_number"] = "110101198001010011"
    response = client.post(url, data)
    assert response.status_code == 200
    party.refresh_from_db()
    assert party.id_number == id_number(1)


def _form_data(response):
    """The change form's current values, as a browser would post them back."""
    data = {}
    for form in [response.context["adminform"].form, *[f for fs in response.context["inline_admin_formsets"]
                                                        for f in [fs.formset.management_form, *fs.formset.forms]]]:
        for name in form.fields:
            value = form[name].value()
            if value is not None:
                data[form.add_prefix(name)] = value
    return data


def test_mediator_load_is_listed(client, orgs, mediator):
    case = mediating_case(orgs.dachuan)
    member = case.mediators.get()
    client.force_login(mediator)
    response = client.get(reverse("admin:mediation_teammember_changelist"))
    assert response.status_code == 200
    assert f"?mediator={member.pk}\">1</a>" in response.content.decode()


def test_dashboard_panel_counts_open_overdue_and_amounts(client, orgs, mediator):
    late = open_case(orgs.dachuan, received_on=date(2026, 1, 1))
    services.case_accept(case=late, accepted_on=date(2026, 1, 1))
    case = mediating_case(orgs.dachuan, n=2)
    from django.utils import timezone

    services.case_record_agreement(case=case, signed_on=timezone.localdate(), total_amount=Decimal("1300000.00"),
                                   terms="工伤抚恤金和赔偿金")
    client.force_login(mediator)
    panels = client.get("/admin/").context["panels"]
    panel = next(p for p in panels if p.link == "admin:mediation_case_changelist")
    rows = dict(panel.rows)
    assert list(rows.values())[:3] == [1, 1, "100%"]
    assert "¥1,300,000.00 / ¥0.00" in rows.values()


def test_dashboard_panel_is_hidden_without_permission(client, orgs, django_user_model):
    from tests.conftest import _staff
    from unions.choices import Role

    manager = _staff(django_user_model, "manager", orgs.dachuan, Role.STATION_MANAGER)
    client.force_login(manager)
    panels = client.get("/admin/").context["panels"]
    assert all(p.link != "admin:mediation_case_changelist" for p in panels)


def test_risk_follow_up_and_case_opening_steps(client, orgs, mediator):
    enterprise = EnterpriseFactory(owner=orgs.dachuan)
    risk = services.risk_record(owner=orgs.dachuan, enterprise=enterprise, kind="no_injury_insurance",
                                level="high", source="visit", description="未缴工伤保险")
    client.force_login(mediator)
    url = reverse("admin:mediation_risk_step", args=[risk.pk, "open_case"])
    response = client.post(url, {"dispute_type": "work_injury", "facts": "工伤", "applicant_name": "赵师傅",
                                 "applicant_phone": ""})
    assert response.status_code == 302
    assert Case.objects.get().risk == risk


def test_city_hands_an_online_application_to_a_district_station(client, orgs, city_staff):
    from tests.mediation.test_services import _labour_station

    station = _labour_station(orgs.dachuan)
    case = open_case(orgs.dazhou)
    client.force_login(city_staff)
    response = client.post(step_url(case, "transfer"), {"owner": orgs.dachuan.pk, "handling_station": station.pk})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.owner == orgs.dachuan and case.handling_station == station
    assert case.parties.get().owner == orgs.dachuan


def _fill(orgs, rows):
    enterprise = EnterpriseFactory(owner=orgs.dachuan)
    for n in range(rows):
        case = mediating_case(orgs.dachuan, n=n, enterprise=enterprise)
        services.case_record_agreement(case=case, signed_on=date(2026, 3, 5), total_amount=Decimal("100.00"),
                                       terms="x")
        services.risk_record(owner=orgs.dachuan, enterprise=enterprise, kind="wage_arrears", level="low",
                             source="grid", description="x")


@pytest.mark.parametrize("page", ["teammember", "team", "risk", "agreement"])
@pytest.mark.parametrize("rows", [1, 5])
def test_other_lists_query_count_is_constant(client, orgs, mediator, django_assert_max_num_queries, page, rows):
    _fill(orgs, rows)
    client.force_login(mediator)
    with django_assert_max_num_queries(16):
        assert client.get(f"/admin/mediation/{page}/").status_code == 200


def test_risk_is_recorded_against_any_enterprise_by_credit_code(client, orgs, mediator):
    city_enterprise = EnterpriseFactory(owner=orgs.dazhou)  # not in the district's own list
    client.force_login(mediator)
    response = client.post("/admin/mediation/risk/add/", {
        "owner": orgs.dachuan.pk, "credit_code": city_enterprise.credit_code, "kind": "mass_layoff",
        "level": "high", "source": "visit", "reported_on": "2026-05-01", "description": "计划裁员 60 人",
    })
    assert response.status_code == 302
    from mediation.models import Risk

    assert Risk.objects.get().enterprise == city_enterprise
    response = client.post("/admin/mediation/risk/add/", {
        "owner": orgs.dachuan.pk, "credit_code": "91511703MA0000000X", "kind": "mass_layoff",
        "level": "high", "source": "visit", "reported_on": "2026-05-01", "description": "x",
    })
    assert response.status_code == 200 and "credit_code" in response.context["adminform"].form.errors


def test_team_member_user_choices_are_the_users_subtree(client, orgs, mediator, neighbour_mediator):
    client.force_login(mediator)
    response = client.get("/admin/mediation/teammember/add/")
    users = list(response.context["adminform"].form.fields["user"].queryset)
    assert mediator in users and neighbour_mediator not in users
