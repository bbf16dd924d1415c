"""Back office: review queue and publish, bulk actions, spreadsheet import, seekers registered at
a station, the follow-up queue, and the dashboard panel."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jobs.choices import MatchStatus, PostingStatus, VerificationResult
from jobs.models import JobIntention, JobPosting, Match, VerificationVisit
from tests.jobs.factories import EmployerFactory, make_posting, register_seeker

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, district_staff):
    client.force_login(district_staff)
    return client


@pytest.mark.parametrize(
    "model",
    [
        "employer",
        "verificationvisit",
        "jobposting",
        "bulletin",
        "jobfair",
        "jobseeker",
        "jobintention",
        "match",
        "trainingcourse",
        "enrolment",
    ],
)
def test_changelists_open(orgs, staff_client, model):
    make_posting(owner=orgs.dachuan)
    register_seeker()
    assert staff_client.get(f"/admin/jobs/{model}/").status_code == 200


@pytest.mark.parametrize("size", [2, 10])
def test_posting_changelist_query_count_is_constant(orgs, staff_client, django_assert_max_num_queries, size):
    for n in range(size):
        make_posting(owner=orgs.dachuan, title=f"岗位{n}")
    with django_assert_max_num_queries(12):
        assert staff_client.get("/admin/jobs/jobposting/").status_code == 200


def test_neighbour_does_not_see_our_postings(orgs, client, neighbour_staff):
    posting = make_posting(owner=orgs.dachuan)
    client.force_login(neighbour_staff)
    assert client.get(f"/admin/jobs/jobposting/{posting.pk}/change/").status_code == 302  # "does not exist" redirect
    assert client.get(f"/admin/jobs/jobposting/{posting.pk}/review/").status_code == 404


def test_review_and_publish(orgs, staff_client):
    posting = make_posting(owner=orgs.dachuan, status=PostingStatus.DRAFT)
    response = staff_client.post(
        f"/admin/jobs/jobposting/{posting.pk}/review/", {"comment": "核实无误", "publish": "1"}
    )
    assert response.status_code == 302
    posting.refresh_from_db()
    assert posting.status == PostingStatus.PUBLISHED and posting.reviewer_comment == "核实无误"


def test_send_back_needs_a_comment(orgs, staff_client):
    posting = make_posting(owner=orgs.dachuan, status=PostingStatus.DRAFT)
    JobPosting.objects.filter(pk=posting.pk).update(status=PostingStatus.IN_REVIEW)
    response = staff_client.post(f"/admin/jobs/jobposting/{posting.pk}/review/", {"comment": "", "send_back": "1"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_bulk_publish_reports_refusals(orgs, staff_client):
    good = make_posting(owner=orgs.dachuan, status=PostingStatus.DRAFT)
    bad = make_posting(
        owner=orgs.dachuan,
        status=PostingStatus.DRAFT,
        employer=EmployerFactory(owner=orgs.dachuan, verification=VerificationResult.BLACKLISTED),
    )
    staff_client.post("/admin/jobs/jobposting/", {"action": "publish_selected", "_selected_action": [good.pk, bad.pk]})
    good.refresh_from_db()
    bad.refresh_from_db()
    assert (good.status, bad.status) == (PostingStatus.PUBLISHED, PostingStatus.DRAFT)


def test_bulk_expire(orgs, staff_client):
    posting = make_posting(owner=orgs.dachuan)
    staff_client.post("/admin/jobs/jobposting/", {"action": "expire_selected", "_selected_action": [posting.pk]})
    posting.refresh_from_db()
    assert posting.status == PostingStatus.EXPIRED


def _csv(rows):
    header = "企业信用代码,岗位名称,工种,招聘人数,最低薪资,最高薪资,计薪单位,用工形式,地区代码,工作地址,联系人,联系电话,有效期至,岗位描述\n"
    return SimpleUploadedFile("postings.csv", (header + "\n".join(rows)).encode("utf-8-sig"), content_type="text/csv")


def test_import_creates_draft_postings(orgs, staff_client):
    employer = EmployerFactory(owner=orgs.dachuan)
    until = (timezone.localdate() + timedelta(days=30)).isoformat()
    upload = _csv(
        [
            f"{employer.enterprise.credit_code},针车工,服装缝纫,10,4000,6500,按月,全职,511703,三里坪工业园,何丽,13881806789,{until},计件"
        ]
    )
    response = staff_client.post("/admin/jobs/jobposting/import/", {"file": upload})
    assert response.context["report"].ok, response.context["report"].errors
    posting = JobPosting.objects.get()
    assert (posting.title, posting.occupation, posting.status) == ("针车工", "sewing", PostingStatus.DRAFT)
    assert JobPosting.objects.keyword("针车").get() == posting


def test_import_reports_each_bad_cell_and_saves_nothing(orgs, staff_client):
    employer = EmployerFactory(owner=orgs.dachuan)
    until = (timezone.localdate() + timedelta(days=30)).isoformat()
    upload = _csv(
        [
            f"{employer.enterprise.credit_code},针车工,服装缝纫,10,4000,6500,按月,全职,511703,园区,何丽,13881806789,{until},",
            f"{employer.enterprise.credit_code},保安,宇航员,十,4000,3000,按月,全职,511703,园区,何丽,123,{until},",
            "91000000000000000X,保安,保安物业,5,3000,3500,按月,全职,511703,园区,何丽,13881806789,明天,",
        ]
    )
    report = staff_client.post("/admin/jobs/jobposting/import/", {"file": upload}).context["report"]
    assert not report.ok
    assert {(e.line, e.column) for e in report.errors} == {
        (3, "工种"),
        (3, "招聘人数"),
        (4, "企业信用代码"),
        (4, "有效期至"),
    }
    assert not JobPosting.objects.exists()


def test_import_refuses_a_file_of_the_wrong_type(staff_client):
    upload = SimpleUploadedFile("postings.pdf", b"%PDF", content_type="application/pdf")
    response = staff_client.post("/admin/jobs/jobposting/import/", {"file": upload})
    assert response.context["form"].errors["file"]


def test_staff_register_a_walk_in_seeker(orgs, staff_client):
    make_posting(owner=orgs.dachuan)
    response = staff_client.post(
        "/admin/jobs/jobseeker/add/",
        {
            "name": "陈建国",
            "phone": "13981801005",
            "age_band": "45-54",
            "education": "1",
            "occupations": ["delivery"],
            "region": "511703",
            "availability": "now",
            "consent": "on",
            "owner": orgs.dachuan.pk,
        },
    )
    assert response.status_code == 302
    intention = JobIntention.objects.get()
    assert intention.seeker.source == "station" and intention.matches.count() == 1


def test_recording_a_visit_goes_through_the_service(orgs, staff_client):
    employer = EmployerFactory(owner=orgs.dachuan, verification=VerificationResult.UNVERIFIED)
    response = staff_client.post(
        "/admin/jobs/verificationvisit/add/",
        {
            "employer": employer.pk,
            "visited_on": timezone.localdate().isoformat(),
            "result": "verified",
            "working_conditions": "良好",
            "pay_findings": "按时发放",
        },
    )
    assert response.status_code == 302
    employer.refresh_from_db()
    assert employer.verification == VerificationResult.VERIFIED
    assert VerificationVisit.objects.get().inspector is not None


def test_follow_up_actions(orgs, staff_client):
    make_posting(owner=orgs.dachuan)
    register_seeker()
    match = Match.objects.get()
    staff_client.post("/admin/jobs/match/", {"action": "contacted", "_selected_action": [match.pk]})
    match.refresh_from_db()
    assert match.status == MatchStatus.CONTACTED


def test_dashboard_panel_shows_positions_and_placements(orgs, staff_client):
    make_posting(owner=orgs.dachuan, headcount=200)
    register_seeker()
    match = Match.objects.get()
    for status in (MatchStatus.CONTACTED, MatchStatus.INTERVIEWED, MatchStatus.HIRED):
        from jobs import services

        services.match_advance(match=match, to=status)
    html = staff_client.get("/admin/").content.decode()
    from jobs.admin import jobs_figures

    figures = jobs_figures(orgs.dachuan and staff_client.get("/admin/").wsgi_request.user)
    assert figures["positions"] == 200 and figures["placements"] == 1 and figures["seekers"] == 1
    assert "200 (1)" in html


def test_bulletin_admin_links_to_the_print_view(orgs, staff_client):
    from jobs.models import Bulletin

    bulletin = Bulletin.objects.create(
        owner=orgs.dachuan, year=2026, number=10, title="招聘信息", issued_on=timezone.localdate()
    )
    assert f"/jobs/bulletins/{bulletin.pk}/" in staff_client.get("/admin/jobs/bulletin/").content.decode()
