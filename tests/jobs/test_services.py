"""Services: verification, the posting workflow, seekers, matching follow-up and training."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from jobs import services
from jobs.choices import (
    EnrolmentStatus,
    MatchStatus,
    Occupation,
    PostingStatus,
    PriorityGroup,
    VerificationResult,
)
from jobs.models import JobPosting, Match, PostingReview, TrainingClass, TrainingCourse
from tests.jobs.factories import EmployerFactory, make_posting, register_seeker
from tests.unions.factories import valid_credit_code
from unions.models import Enterprise, Region

TODAY = timezone.localdate


# --- Employers -----------------------------------------------------------------------------------


def test_employer_create_makes_the_enterprise_from_a_valid_credit_code(orgs):
    employer = services.employer_create(
        owner=orgs.dachuan,
        name="达州市示范配送有限公司",
        credit_code=valid_credit_code(42).lower(),
        contact_name="王经理",
        contact_phone="138 0000 1111",
    )
    assert employer.enterprise.credit_code == valid_credit_code(42)
    assert employer.contact_phone == "13800001111"
    assert employer.verification == VerificationResult.UNVERIFIED


def test_employer_create_refuses_a_wrong_check_character(orgs):
    code = valid_credit_code(42)
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    with pytest.raises(ValidationError) as error:
        services.employer_create(
            owner=orgs.dachuan,
            name="某公司",
            credit_code=wrong,
            contact_name="王",
            contact_phone="13800001111",
        )
    assert "credit_code" in error.value.message_dict
    assert not Enterprise.objects.filter(credit_code=wrong).exists()


def test_employer_create_refuses_a_bad_phone(orgs):
    with pytest.raises(ValidationError) as error:
        services.employer_create(
            owner=orgs.dachuan,
            name="某公司",
            credit_code=valid_credit_code(43),
            contact_name="王",
            contact_phone="12345",
        )
    assert "contact_phone" in error.value.message_dict


def test_an_enterprise_is_an_employer_once(orgs):
    employer = EmployerFactory(owner=orgs.dachuan)
    with pytest.raises(ValidationError) as error:
        services.employer_create(
            owner=orgs.dachuan,
            name="x",
            credit_code=employer.enterprise.credit_code,
            contact_name="王",
            contact_phone="13800001111",
        )
    assert "credit_code" in error.value.message_dict


def test_verification_visits_set_the_standing_and_keep_history(orgs, district_staff):
    employer = EmployerFactory(owner=orgs.dachuan, verification=VerificationResult.UNVERIFIED)
    services.verification_record(
        employer=employer,
        visited_on=TODAY() - timedelta(days=30),
        working_conditions="宿舍整洁",
        pay_findings="按月足额发放",
        result=VerificationResult.VERIFIED,
        by=district_staff,
    )
    assert employer.verification == VerificationResult.VERIFIED
    services.verification_record(
        employer=employer,
        visited_on=TODAY(),
        working_conditions="加班未登记",
        pay_findings="拖欠两个月",
        result=VerificationResult.CONCERNS,
        by=district_staff,
    )
    employer.refresh_from_db()
    assert employer.verification == VerificationResult.CONCERNS
    assert employer.verified_on == TODAY()
    assert [v.result for v in employer.visits.all()] == [VerificationResult.CONCERNS, VerificationResult.VERIFIED]


def test_a_visit_cannot_be_in_the_future(orgs):
    employer = EmployerFactory(owner=orgs.dachuan)
    with pytest.raises(ValidationError) as error:
        services.verification_record(
            employer=employer,
            visited_on=TODAY() + timedelta(days=1),
            working_conditions="x",
            pay_findings="y",
            result=VerificationResult.VERIFIED,
        )
    assert "visited_on" in error.value.message_dict


def test_blacklisting_withdraws_published_postings(orgs):
    posting = make_posting(owner=orgs.dachuan)
    services.verification_record(
        employer=posting.employer,
        visited_on=TODAY(),
        working_conditions="无劳动合同",
        pay_findings="克扣工资",
        result=VerificationResult.BLACKLISTED,
    )
    posting.refresh_from_db()
    assert posting.status == PostingStatus.WITHDRAWN
    assert "Blacklisted" in posting.reviewer_comment or "黑名单" in posting.reviewer_comment


# --- Postings ------------------------------------------------------------------------------------


def test_posting_goes_draft_review_published_with_comments(orgs, district_staff):
    posting = make_posting(owner=orgs.dachuan, status=PostingStatus.DRAFT)
    services.posting_submit(posting=posting, by=district_staff)
    services.posting_reject(posting=posting, by=district_staff, comment="请写明工作时间")
    assert posting.status == PostingStatus.DRAFT
    assert posting.reviewer_comment == "请写明工作时间"
    services.posting_submit(posting=posting, by=district_staff)
    services.posting_publish(posting=posting, by=district_staff, comment="核实无误")
    posting.refresh_from_db()
    assert posting.status == PostingStatus.PUBLISHED and posting.published_at is not None
    steps = list(PostingReview.objects.filter(posting=posting).values_list("from_status", "to_status", "comment"))
    assert steps == [
        ("draft", "in_review", ""),
        ("in_review", "draft", "请写明工作时间"),
        ("draft", "in_review", ""),
        ("in_review", "published", "核实无误"),
    ]


def test_rejecting_needs_a_comment(orgs):
    posting = make_posting(owner=orgs.dachuan, status=PostingStatus.DRAFT)
    services.posting_submit(posting=posting)
    with pytest.raises(ValidationError) as error:
        services.posting_reject(posting=posting, comment="  ")
    assert "comment" in error.value.message_dict


@pytest.mark.parametrize(
    "standing", [VerificationResult.UNVERIFIED, VerificationResult.CONCERNS, VerificationResult.BLACKLISTED]
)
def test_only_verified_employers_can_publish(orgs, standing):
    employer = EmployerFactory(owner=orgs.dachuan, verification=standing)
    posting = make_posting(owner=orgs.dachuan, employer=employer, status=PostingStatus.DRAFT)
    with pytest.raises(ValidationError) as error:
        services.posting_publish(posting=posting)
    assert "employer" in error.value.message_dict
    posting.refresh_from_db()
    assert posting.status == PostingStatus.DRAFT


def test_a_filled_posting_cannot_be_published_again(orgs):
    posting = make_posting(owner=orgs.dachuan)
    services.posting_fill(posting=posting)
    with pytest.raises(ValidationError, match="不能变为"):
        services.posting_publish(posting=posting)


def test_a_posting_past_its_date_cannot_be_published(orgs):
    posting = make_posting(owner=orgs.dachuan, status=PostingStatus.DRAFT)
    JobPosting.objects.filter(pk=posting.pk).update(
        valid_from=TODAY() - timedelta(days=9), valid_through=TODAY() - timedelta(days=1)
    )
    with pytest.raises(ValidationError) as error:
        services.posting_publish(posting=posting)
    assert "valid_through" in error.value.message_dict


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"pay_min": Decimal("9000"), "pay_max": Decimal("5000")}, "pay_max"),
        ({"age_min": 40, "age_max": 30}, "age_max"),
        ({"headcount": 0}, "headcount"),
        ({"contact_phone": "110"}, "contact_phone"),
        ({"valid_from": TODAY() + timedelta(days=5), "valid_through": TODAY()}, "valid_through"),
        ({"benefits": ["free_beer"]}, "benefits"),
    ],
)
def test_bad_posting_fields_are_refused_by_field(orgs, fields, field):
    with pytest.raises(ValidationError) as error:
        make_posting(owner=orgs.dachuan, status=PostingStatus.DRAFT, **fields)
    assert field in error.value.message_dict


def test_a_posting_needs_a_county_level_region(orgs):
    with pytest.raises(ValidationError) as error:
        make_posting(owner=orgs.dachuan, region=Region.objects.get(code="511700"))
    assert "region" in error.value.message_dict


def test_expire_command_expires_only_postings_past_their_date(orgs):
    old = make_posting(owner=orgs.dachuan)
    current = make_posting(owner=orgs.dachuan)
    JobPosting.objects.filter(pk=old.pk).update(
        valid_from=TODAY() - timedelta(days=40), valid_through=TODAY() - timedelta(days=1)
    )
    call_command("expire_postings", stdout=open("/dev/null", "w"))  # noqa: SIM115
    old.refresh_from_db()
    current.refresh_from_db()
    assert (old.status, current.status) == (PostingStatus.EXPIRED, PostingStatus.PUBLISHED)


# --- Seekers ------------------------------------------------------------------------------------


def test_seeker_needs_consent(orgs):
    with pytest.raises(ValidationError) as error:
        register_seeker(consent=False)
    assert "consent" in error.value.message_dict


def test_seeker_phone_is_validated(orgs):
    with pytest.raises(ValidationError) as error:
        register_seeker(phone="1234")
    assert "phone" in error.value.message_dict


def test_seeker_wanted_categories_are_validated(orgs):
    with pytest.raises(ValidationError) as error:
        register_seeker(occupations=["astronaut"])
    assert "occupations" in error.value.message_dict


def test_seeker_is_followed_by_the_nearest_federation(orgs):
    intention = register_seeker(region=Region.objects.get(code="511703"))
    assert intention.owner == orgs.dachuan
    intention = register_seeker(
        region=Region.objects.get(code="511722"), phone="13700000000"
    )  # 宣汉县: no county union
    assert intention.owner == orgs.dazhou


def test_seeker_interested_in_a_posting_goes_to_its_union(orgs):
    posting = make_posting(owner=orgs.tongchuan)
    intention = register_seeker(interested_in=posting)
    assert intention.owner == orgs.tongchuan and intention.interested_in == posting


def test_seeker_in_a_region_no_union_serves_is_refused(orgs):
    with pytest.raises(ValidationError) as error:
        register_seeker(region=Region.objects.get(code="650102"))  # 乌鲁木齐天山区
    assert "region" in error.value.message_dict


# --- Matching and follow-up ------------------------------------------------------------------------


@pytest.fixture
def officer(django_user_model, orgs):
    from unions import services as union_services
    from unions.choices import Role

    user = django_user_model.objects.create_user(username="officer", email="officer@example.org")
    union_services.membership_grant(user=user, organization=orgs.dachuan, role=Role.EMPLOYMENT_OFFICER)
    return user


def test_registering_matches_at_once_and_notifies_staff_of_strong_matches(
    orgs, officer, django_capture_on_commit_callbacks
):
    posting = make_posting(owner=orgs.dachuan, priority_groups=[PriorityGroup.NEW_FORM])
    with django_capture_on_commit_callbacks(execute=True):
        intention = register_seeker(priority_group=PriorityGroup.NEW_FORM, min_monthly_pay=Decimal("6000"))
    match = Match.objects.get(intention=intention)
    assert match.posting == posting and match.score == 100 and match.owner == orgs.dachuan
    assert match.reasons == ["category", "same_county", "pay", "priority_group", "age", "education", "employment_form"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["officer@example.org"]
    assert "外卖骑手" in mail.outbox[0].body and "张三" in mail.outbox[0].body
    match.refresh_from_db()
    assert match.notified_at is not None


def test_weak_matches_do_not_notify(orgs, officer, django_capture_on_commit_callbacks):
    make_posting(owner=orgs.dachuan, pay_max=Decimal("3000"), pay_min=Decimal("2500"))
    with django_capture_on_commit_callbacks(execute=True):
        intention = register_seeker(region=Region.objects.get(code="511702"), min_monthly_pay=Decimal("6000"))
    match = Match.objects.get(intention=intention)
    assert match.score == 30 + 10 + 0 + 0 + 5 + 5 + 5
    assert "pay" not in match.reasons and "same_city" in match.reasons
    assert mail.outbox == []


def test_publishing_matches_the_posting_against_waiting_seekers(orgs, district_staff):
    intention = register_seeker(occupations=[Occupation.SEWING])
    posting = make_posting(owner=orgs.dachuan, status=PostingStatus.DRAFT, title="针车工", occupation=Occupation.SEWING)
    assert not Match.objects.exists()
    services.posting_publish(posting=posting, by=district_staff)
    assert Match.objects.get().intention == intention


def test_matching_skips_other_categories_cities_and_closed_postings(orgs):
    make_posting(owner=orgs.dachuan, occupation=Occupation.SECURITY, title="物业保安")
    make_posting(owner=orgs.dachuan, region=Region.objects.get(code="210102"))  # 沈阳和平区
    make_posting(owner=orgs.dachuan, status=PostingStatus.FILLED)
    intention = register_seeker()
    assert not intention.matches.exists()


def test_pay_is_compared_per_month_across_units(orgs):
    make_posting(owner=orgs.dachuan, pay_min=Decimal("25"), pay_max=Decimal("30"), pay_unit="hour")  # 5,220 a month
    intention = register_seeker(min_monthly_pay=Decimal("5000"))
    assert "pay" in intention.matches.get().reasons


def test_explanation_says_what_matched_and_what_did_not(orgs):
    make_posting(owner=orgs.dachuan, age_min=18, age_max=22)
    match = register_seeker(age_band="45-54").matches.get()
    explanation = match.explanation()
    assert (True, "In a category the seeker wants") in explanation or (True, "在求职者想要的工种内") in explanation
    assert [met for met, _text in explanation].count(False) == 2  # age, priority group


def test_follow_up_queue_to_placement(orgs, district_staff):
    make_posting(owner=orgs.dachuan)
    match = register_seeker().matches.get()
    for status in (MatchStatus.CONTACTED, MatchStatus.INTERVIEWED, MatchStatus.HIRED):
        match = services.match_advance(match=match, to=status, by=district_staff, note="电话已联系")
    assert match.status == MatchStatus.HIRED
    assert match.notes.count("电话已联系") == 3
    assert list(Match.objects.placements()) == [match]
    assert not Match.objects.queue().exists()


def test_follow_up_cannot_skip_steps(orgs):
    make_posting(owner=orgs.dachuan)
    match = register_seeker().matches.get()
    with pytest.raises(ValidationError, match="不能变为"):
        services.match_advance(match=match, to=MatchStatus.HIRED)


def test_closing_a_posting_dismisses_its_suggestions(orgs):
    posting = make_posting(owner=orgs.dachuan)
    match = register_seeker().matches.get()
    services.posting_fill(posting=posting)
    match.refresh_from_db()
    assert match.status == MatchStatus.DISMISSED


def test_refresh_is_idempotent(orgs):
    make_posting(owner=orgs.dachuan)
    register_seeker()
    assert services.matches_refresh() == []  # nothing changed: nothing rewritten
    assert Match.objects.count() == 1


# --- Training ------------------------------------------------------------------------------------


@pytest.fixture
def elder_care_class(orgs):
    employer = EmployerFactory(owner=orgs.dachuan)
    course = TrainingCourse.objects.create(
        owner=orgs.dachuan,
        title="养老护理员订单班",
        employer=employer,
        occupation=Occupation.ELDER_CARE,
        demand=40,
    )
    return TrainingClass.objects.create(
        course=course, name="第一期", seats=2, starts_on=TODAY(), ends_on=TODAY() + timedelta(days=20)
    )


def test_training_enrol_complete_place_and_figures(orgs, elder_care_class):
    seeker = register_seeker(occupations=[Occupation.ELDER_CARE]).seeker
    enrolment = services.enrolment_add(training_class=elder_care_class, seeker=seeker)
    with pytest.raises(ValidationError, match="只有已结业"):
        services.enrolment_place(enrolment=enrolment)
    services.enrolment_complete(enrolment=enrolment)
    services.enrolment_place(enrolment=enrolment)
    assert enrolment.placed_with == elder_care_class.course.employer
    course = TrainingCourse.objects.with_figures().get()
    assert (course.classes_count, course.enrolled_count, course.completed_count, course.placed_count) == (1, 1, 1, 1)


def test_a_full_class_refuses_more(orgs, elder_care_class):
    for n in range(2):
        services.enrolment_add(training_class=elder_care_class, seeker=register_seeker(phone=f"1370000000{n}").seeker)
    with pytest.raises(ValidationError, match="名额已满"):
        services.enrolment_add(training_class=elder_care_class, seeker=register_seeker(phone="13700000009").seeker)


def test_a_dropout_cannot_complete(orgs, elder_care_class):
    enrolment = services.enrolment_add(training_class=elder_care_class, seeker=register_seeker().seeker)
    enrolment.status = EnrolmentStatus.DROPPED
    enrolment.save()
    with pytest.raises(ValidationError, match="中途退出"):
        services.enrolment_complete(enrolment=enrolment)
