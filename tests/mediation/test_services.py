"""Services: opening and numbering, the workflow, deadlines, agreements, payments, risks, reminders."""

import threading
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from mediation import services
from mediation.choices import (
    CaseStatus,
    DisputeType,
    FulfilmentStatus,
    IntakeChannel,
    ReferralTarget,
    RiskKind,
    RiskLevel,
    RiskSource,
    RiskStatus,
)
from mediation.models import Case, CaseCounter, Party
from mediation.services import PartyData
from tests.mediation.factories import MediatorFactory, id_number, mediating_case, open_case
from tests.unions.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


# --- Opening and numbering ---------------------------------------------------------------------


def test_case_number_carries_region_year_and_sequence(orgs):
    first = open_case(orgs.dachuan, received_on=date(2026, 3, 1))
    second = open_case(orgs.dachuan, n=2, received_on=date(2026, 3, 2))
    assert first.number == "511703-2026-0001"
    assert second.number == "511703-2026-0002"


def test_case_numbering_restarts_each_year_and_per_region(orgs):
    open_case(orgs.dachuan, received_on=date(2025, 12, 31))
    assert open_case(orgs.dachuan, n=2, received_on=date(2026, 1, 1)).number == "511703-2026-0001"
    assert open_case(orgs.tongchuan, n=3, received_on=date(2026, 1, 1)).number == "511702-2026-0001"


def test_organisation_without_region_numbers_by_its_nearest_ancestor(orgs):
    from unions import services as union_services
    from unions.choices import OrganizationLevel

    township = union_services.organization_create(name="河市镇工会", level=OrganizationLevel.TOWNSHIP,
                                                  parent=orgs.dachuan)
    assert open_case(township, received_on=date(2026, 5, 1)).number == "511703-2026-0001"


def test_case_open_saves_parties_respondents_and_claims(orgs):
    case = open_case(orgs.dachuan, worker=PartyData(name="王小二", id_number=id_number(9)))
    assert case.status == CaseStatus.RECEIVED
    assert [p.role for p in case.parties.order_by("pk")] == ["applicant", "worker"]
    assert case.respondents.count() == 1
    assert case.claimed_total == Decimal("15000.50")
    assert all(party.owner == orgs.dachuan for party in case.parties.all())


def test_case_open_refuses_a_wrong_id_number_and_saves_nothing(orgs):
    wrong = id_number(1)[:-1] + ("0" if id_number(1)[-1] != "0" else "1")
    with pytest.raises(ValidationError) as error:
        open_case(orgs.dachuan, applicants=[PartyData(name="王师傅", id_number=wrong)])
    assert "id_number" in error.value.message_dict
    assert not Case.objects.exists()


def test_case_open_refuses_a_wrong_phone(orgs):
    with pytest.raises(ValidationError) as error:
        open_case(orgs.dachuan, applicants=[PartyData(name="王师傅", phone="12345")])
    assert "phone" in error.value.message_dict


def test_case_open_needs_an_applicant(orgs):
    with pytest.raises(ValidationError) as error:
        open_case(orgs.dachuan, applicants=[])
    assert "applicants" in error.value.message_dict


def test_party_keeps_masked_copies(orgs):
    case = open_case(orgs.dachuan)
    party = case.parties.get()
    assert party.id_number == id_number(1)
    assert party.id_number_masked == id_number(1)[:6] + "********" + id_number(1)[-4:]
    assert party.phone_masked == "138****8000"


def test_raw_id_number_and_phone_never_enter_history(orgs):
    import pghistory.models

    case = open_case(orgs.dachuan)
    party = case.parties.get()
    events = list(pghistory.models.Events.objects.tracks(party))
    assert events
    for event in events:
        assert "id_number" not in event.pgh_data and "phone" not in event.pgh_data
        assert event.pgh_data["id_number_masked"] == party.id_number_masked
        assert id_number(1) not in str(event.pgh_data)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_openings_get_different_numbers(transactional_db):
    from unions import services as union_services
    from unions.choices import OrganizationLevel
    from unions.models import Region

    owner = union_services.organization_create(
        name="沁水县总工会", level=OrganizationLevel.COUNTY, region=Region.objects.get(code="140521")
    )
    enterprise = EnterpriseFactory(owner=owner)
    barrier = threading.Barrier(2)
    numbers, errors = [], []

    def open_one(n):
        try:
            barrier.wait(timeout=10)
            case = open_case(owner, enterprise=enterprise, n=n, received_on=date(2026, 6, 1))
            numbers.append(case.number)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=open_one, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == ["140521-2026-0001", "140521-2026-0002"]
    assert CaseCounter.objects.get(scope="140521", year=2026).last == 2


# --- Workflow ----------------------------------------------------------------------------------


def test_accepting_starts_the_15_day_period(orgs):
    case = open_case(orgs.dachuan, received_on=date(2026, 3, 1))
    case = services.case_accept(case=case, accepted_on=date(2026, 3, 2))
    assert case.status == CaseStatus.ACCEPTED
    assert case.deadline == date(2026, 3, 17)


def test_cannot_accept_before_receiving(orgs):
    case = open_case(orgs.dachuan, received_on=date(2026, 3, 10))
    with pytest.raises(ValidationError) as error:
        services.case_accept(case=case, accepted_on=date(2026, 3, 9))
    assert "accepted_on" in error.value.message_dict


def test_declining_needs_a_reason(orgs):
    case = open_case(orgs.dachuan)
    with pytest.raises(ValidationError) as error:
        services.case_decline(case=case, reason="  ")
    assert "reason" in error.value.message_dict
    case = services.case_decline(case=case, reason="不属于劳动争议")
    assert case.status == CaseStatus.DECLINED and case.decline_reason == "不属于劳动争议"


def test_a_received_case_cannot_jump_to_agreement(orgs):
    case = open_case(orgs.dachuan)
    with pytest.raises(ValidationError) as error:
        services.case_record_agreement(case=case, signed_on=date(2026, 3, 1), total_amount=Decimal(1), terms="x")
    assert error.value.error_dict["status"][0].code == "invalid_transition"


def test_a_closed_case_cannot_move(orgs):
    case = mediating_case(orgs.dachuan)
    services.case_withdraw(case=case, note="撤回")
    case = services.case_close(case=case)
    assert case.status == CaseStatus.CLOSED and case.closed_at is not None
    with pytest.raises(ValidationError):
        services.case_accept(case=case)


def test_assigning_mediators_puts_the_case_in_mediation(orgs):
    case = open_case(orgs.dachuan)
    services.case_accept(case=case)
    mediator = MediatorFactory(owner=orgs.dachuan)
    case = services.case_assign(case=case, team=mediator.team, mediators=[mediator])
    assert case.status == CaseStatus.IN_MEDIATION
    assert list(case.mediators.all()) == [mediator]


def test_mediators_must_belong_to_the_team(orgs):
    case = open_case(orgs.dachuan)
    services.case_accept(case=case)
    mediator = MediatorFactory(owner=orgs.dachuan)
    other = MediatorFactory(owner=orgs.dachuan)
    with pytest.raises(ValidationError) as error:
        services.case_assign(case=case, team=mediator.team, mediators=[other])
    assert "mediators" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.case_assign(case=case, team=mediator.team, mediators=[])
    assert "mediators" in error.value.message_dict


def test_a_neighbours_team_cannot_take_the_case(orgs):
    case = open_case(orgs.dachuan)
    services.case_accept(case=case)
    stranger = MediatorFactory(owner=orgs.tongchuan)
    with pytest.raises(ValidationError) as error:
        services.case_assign(case=case, team=stranger.team, mediators=[stranger])
    assert "team" in error.value.message_dict


def test_a_city_team_can_take_a_district_case(orgs):
    case = open_case(orgs.dachuan)
    services.case_accept(case=case)
    city_mediator = MediatorFactory(owner=orgs.dazhou)
    assert services.case_assign(case=case, team=city_mediator.team, mediators=[city_mediator]).team == city_mediator.team


def test_extension_moves_the_deadline(orgs):
    case = open_case(orgs.dachuan, received_on=date(2026, 3, 1))
    services.case_accept(case=case, accepted_on=date(2026, 3, 1))
    services.case_extend_deadline(case=case, days=10, reason="双方同意延长")
    case.refresh_from_db()
    assert case.deadline == date(2026, 3, 26)
    assert case.extensions.get().days == 10


def test_extension_is_refused_outside_the_period_and_out_of_range(orgs):
    case = open_case(orgs.dachuan)
    with pytest.raises(ValidationError) as error:
        services.case_extend_deadline(case=case, days=5, reason="x")
    assert "status" in error.value.message_dict
    services.case_accept(case=case)
    with pytest.raises(ValidationError) as error:
        services.case_extend_deadline(case=case, days=0, reason="x")
    assert "days" in error.value.message_dict


def test_no_agreement_needs_a_note_and_can_be_referred(orgs):
    case = mediating_case(orgs.dachuan)
    with pytest.raises(ValidationError):
        services.case_record_no_agreement(case=case, note="")
    services.case_record_no_agreement(case=case, note="双方分歧过大")
    referral = services.case_refer(case=case, target=ReferralTarget.ARBITRATION,
                                   institution="达川区劳动人事争议仲裁委员会", reference_number="达川劳仲案〔2026〕12号")
    case.refresh_from_db()
    assert case.status == CaseStatus.REFERRED
    assert referral.reference_number == "达川劳仲案〔2026〕12号"


def test_referral_reference_can_be_set_later_and_is_never_in_the_future(orgs):
    case = mediating_case(orgs.dachuan)
    with pytest.raises(ValidationError) as error:
        services.case_refer(case=case, target=ReferralTarget.COURT, institution="达川区人民法院",
                            referred_on=timezone.localdate() + timedelta(days=1))
    assert "referred_on" in error.value.message_dict
    referral = services.case_refer(case=case, target=ReferralTarget.COURT, institution="达川区人民法院")
    assert services.referral_set_reference(referral=referral, reference_number=" (2026)川1703民初88号 ").reference_number == "(2026)川1703民初88号"


# --- Agreement and fulfilment ------------------------------------------------------------------


def test_agreement_with_a_schedule(orgs):
    case = mediating_case(orgs.dachuan)
    agreement = services.case_record_agreement(
        case=case, signed_on=date(2026, 3, 5), total_amount=Decimal("1300000.00"), terms="工伤抚恤金和赔偿金",
        instalments=[(date(2026, 3, 10), Decimal("800000.00")), (date(2026, 4, 10), Decimal("500000.00"))],
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.AGREEMENT
    assert agreement.instalments.count() == 2
    assert agreement.fulfilment == FulfilmentStatus.PENDING


def test_agreement_schedule_must_add_up(orgs):
    case = mediating_case(orgs.dachuan)
    with pytest.raises(ValidationError) as error:
        services.case_record_agreement(case=case, signed_on=date(2026, 3, 5), total_amount=Decimal("1000.00"),
                                       terms="x", instalments=[(date(2026, 3, 10), Decimal("999.99"))])
    assert "instalments" in error.value.message_dict
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_MEDIATION


def test_payments_move_fulfilment_from_partly_paid_to_paid(orgs):
    case = mediating_case(orgs.dachuan)
    agreement = services.case_record_agreement(case=case, signed_on=date(2026, 3, 5),
                                               total_amount=Decimal("1000.00"), terms="工资")
    instalment = agreement.instalments.get()
    services.instalment_record_payment(instalment=instalment, amount=Decimal("400.00"))
    agreement.refresh_from_db()
    assert agreement.fulfilment == FulfilmentStatus.PARTLY_PAID
    with pytest.raises(ValidationError) as error:
        services.instalment_record_payment(instalment=instalment, amount=Decimal("600.01"))
    assert "amount" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.instalment_record_payment(instalment=instalment, amount=Decimal("0"))
    services.instalment_record_payment(instalment=instalment, amount=Decimal("600.00"))
    agreement.refresh_from_db()
    assert agreement.fulfilment == FulfilmentStatus.PAID
    assert agreement.paid_amount == Decimal("1000.00")


def test_a_default_refers_the_case(orgs):
    case = mediating_case(orgs.dachuan)
    agreement = services.case_record_agreement(case=case, signed_on=date(2026, 3, 5),
                                               total_amount=Decimal("1000.00"), terms="工资")
    referral = services.agreement_mark_defaulted(agreement=agreement, target=ReferralTarget.COURT,
                                                 institution="达川区人民法院", reason="逾期未付")
    agreement.refresh_from_db()
    case.refresh_from_db()
    assert agreement.fulfilment == FulfilmentStatus.DEFAULTED
    assert case.status == CaseStatus.REFERRED and referral.case == case


# --- Deadlines ---------------------------------------------------------------------------------


def test_overdue_and_near_deadline_querysets(orgs):
    today = date(2026, 4, 20)
    overdue = open_case(orgs.dachuan, n=1, received_on=date(2026, 4, 1))
    services.case_accept(case=overdue, accepted_on=date(2026, 4, 1))   # deadline 4-16
    near = open_case(orgs.dachuan, n=2, received_on=date(2026, 4, 5))
    services.case_accept(case=near, accepted_on=date(2026, 4, 6))      # deadline 4-21
    fine = open_case(orgs.dachuan, n=3, received_on=date(2026, 4, 19))
    services.case_accept(case=fine, accepted_on=date(2026, 4, 19))     # deadline 5-04
    open_case(orgs.dachuan, n=4, received_on=date(2026, 4, 1))         # not accepted: no deadline
    assert list(Case.objects.overdue(today)) == [overdue]
    assert list(Case.objects.near_deadline(today)) == [near]
    overdue.refresh_from_db()
    near.refresh_from_db()
    assert overdue.deadline_state(today) == "overdue" and overdue.days_left(today) == -4
    assert near.deadline_state(today) == "near"
    fine.refresh_from_db()
    assert fine.deadline_state(today) == ""


def test_an_agreement_stops_the_clock(orgs):
    case = mediating_case(orgs.dachuan)
    services.case_record_agreement(case=case, signed_on=timezone.localdate(), total_amount=Decimal("10.00"), terms="x")
    assert not Case.objects.overdue(timezone.localdate() + timedelta(days=60)).exists()


def test_reminders_mail_each_mediator_once_a_day(orgs):
    case = mediating_case(orgs.dachuan, received_on=timezone.localdate() - timedelta(days=20))
    Case.objects.filter(pk=case.pk).update(accepted_on=timezone.localdate() - timedelta(days=20),
                                           deadline=timezone.localdate() - timedelta(days=5))
    mediator = case.mediators.get()
    call_command("remind_mediation_deadlines", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [mediator.email]
    assert case.number in mail.outbox[0].body
    assert f"{timezone.localdate() - timedelta(days=5):%Y-%m-%d}" in mail.outbox[0].body
    call_command("remind_mediation_deadlines", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1


def test_reminders_skip_cases_far_from_their_deadline(orgs):
    mediating_case(orgs.dachuan)
    assert services.deadline_reminders_send() == 0
    assert mail.outbox == []


# --- Online applications -----------------------------------------------------------------------


def test_online_application_returns_a_code_stored_only_as_hash(orgs):
    case, code = services.case_apply_online(applicant_name="李师傅", applicant_phone="13912345678",
                                            dispute_type=DisputeType.WAGE_ARREARS, facts="欠薪", consent=True)
    assert case.channel == IntakeChannel.ONLINE and case.owner == orgs.national
    assert len(code) == 11 and code[5] == "-"
    assert code.replace("-", "") not in case.lookup_code_hash
    assert services.case_find_by_code(number=case.number, code=code) == case
    assert services.case_find_by_code(number=case.number.lower(), code=code.lower()) == case
    assert services.case_find_by_code(number=case.number, code="AAAAA-AAAAA") is None
    assert services.case_find_by_code(number="000000-2026-9999", code=code) is None


def test_online_application_needs_consent(orgs):
    with pytest.raises(ValidationError) as error:
        services.case_apply_online(applicant_name="李师傅", applicant_phone="13912345678",
                                   dispute_type=DisputeType.OTHER, facts="x", consent=False)
    assert "consent" in error.value.message_dict
    assert not Case.objects.exists()


def test_transfer_moves_the_case_and_its_children(orgs):
    case, _code = services.case_apply_online(applicant_name="李师傅", applicant_phone="13912345678",
                                             dispute_type=DisputeType.OTHER, facts="x", consent=True)
    services.case_transfer(case=case, owner=orgs.dachuan, station_place="河市镇劳动关系服务站")
    case.refresh_from_db()
    assert case.owner == orgs.dachuan
    assert Party.objects.get(case=case).owner == orgs.dachuan


# --- Early warning -----------------------------------------------------------------------------


def test_opening_a_case_from_a_risk_links_them(orgs):
    enterprise = EnterpriseFactory(owner=orgs.dachuan)
    risk = services.risk_record(owner=orgs.dachuan, enterprise=enterprise, kind=RiskKind.NO_INJURY_INSURANCE,
                                level=RiskLevel.HIGH, source=RiskSource.VISIT, description="未缴工伤保险")
    case = services.case_open_from_risk(risk=risk, dispute_type=DisputeType.WORK_INJURY, facts="工伤",
                                        applicants=[PartyData(name="赵师傅")])
    risk.refresh_from_db()
    assert case.risk == risk and case.channel == IntakeChannel.EARLY_WARNING
    assert case.respondents.get().enterprise == enterprise
    assert risk.status == RiskStatus.FOLLOWING


def test_risk_follow_up_until_resolved(orgs):
    enterprise = EnterpriseFactory(owner=orgs.dachuan)
    risk = services.risk_record(owner=orgs.dachuan, enterprise=enterprise, kind=RiskKind.WAGE_ARREARS,
                                level=RiskLevel.MEDIUM, source=RiskSource.GRID, description="工资晚发")
    risk = services.risk_follow_up(risk=risk, note="已约谈企业")
    assert risk.status == RiskStatus.FOLLOWING and "已约谈企业" in risk.follow_up
    risk = services.risk_follow_up(risk=risk, note="工资已补发", resolved=True)
    assert risk.status == RiskStatus.RESOLVED and risk.resolved_on == timezone.localdate()
    with pytest.raises(ValidationError):
        services.risk_follow_up(risk=risk, note="again")


def test_session_and_document_need_an_accepted_case(orgs, tmp_path, settings):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    case = open_case(orgs.dachuan)
    with pytest.raises(ValidationError):
        services.session_record(case=case, held_at=timezone.now(), place="调解室", participants="双方")
    services.case_accept(case=case)
    session = services.session_record(case=case, held_at=timezone.make_aware(datetime(2026, 3, 3, 9)),
                                      place="调解室", participants="申请人、被申请人、调解员")
    document = services.document_attach(case=case, title="调解协议书", session=session,
                                         file=ContentFile(b"%PDF-1.4", name="agreement.pdf"))
    assert document.owner == orgs.dachuan
    assert document.file.name.startswith(f"{case.pk}/")
    assert (tmp_path / "private" / "mediation" / document.file.name).exists()


def test_case_is_handled_at_a_labour_relations_station_of_its_organisation(orgs):
    from stations.models import Station

    station = _labour_station(orgs.dachuan)
    case = open_case(orgs.dachuan, handling_station=station, station_place="")
    assert case.handling_station == station and case.station_place == station.name
    elsewhere = _labour_station(orgs.tongchuan)
    with pytest.raises(ValidationError) as error:
        open_case(orgs.dachuan, n=2, handling_station=elsewhere)
    assert "handling_station" in error.value.message_dict
    assert Station.objects.count() == 2


def _labour_station(owner):
    from stations.models import Station

    return Station.objects.create(
        owner=owner, name=f"{owner.name}劳动关系服务站", kind="labour_station", region_id=owner.region_id,
        address="通州大道1号", lat=31.2, lng=107.5, lat_wgs84=31.2, lng_wgs84=107.5,
    )
