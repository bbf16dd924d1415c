"""Public pages: the board with filters and keyword, posting pages with JSON-LD, "I'm interested"
and the intention form, fairs, training and the printable bulletin."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from jobs.choices import Occupation, PostingStatus
from jobs.models import Bulletin, BulletinPage, JobFair, JobIntention, JobSeeker, TrainingClass, TrainingCourse
from tests.jobs.factories import EmployerFactory, make_posting

pytestmark = pytest.mark.django_db

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def test_board_lists_published_postings(orgs, client):
    rider = make_posting(owner=orgs.dachuan, title="外卖骑手")
    make_posting(owner=orgs.dachuan, title="草稿岗位", status=PostingStatus.DRAFT)
    response = client.get("/jobs/")
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [rider]


def test_board_keyword_finds_substrings(orgs, client):
    rider = make_posting(owner=orgs.dachuan, title="外卖骑手")
    make_posting(owner=orgs.dachuan, title="物业保安", occupation=Occupation.SECURITY)
    response = client.get("/jobs/", {"q": "骑手"})
    assert list(response.context["page"].object_list) == [rider]
    assert response.context["count"] == 1


def test_board_and_api_share_one_filterset():
    from jobs.api.views import PostingViewSet
    from jobs.filtersets import PostingFilterSet

    assert PostingViewSet.filterset_class is PostingFilterSet


def test_board_with_bad_filter_shows_the_error_not_a_500(orgs, client):
    make_posting(owner=orgs.dachuan)
    response = client.get("/jobs/", {"min_pay": "lots"})
    assert response.status_code == 200
    assert response.context["count"] == 0


def test_board_caps_its_page_number(orgs, client):
    assert client.get("/jobs/", {"page": 51}).status_code == 404
    assert client.get("/jobs/", {"page": 0}).status_code == 404


@pytest.mark.parametrize("size", [3, 15])
def test_board_query_count_is_constant(orgs, client, django_assert_max_num_queries, size):
    for n in range(size):
        make_posting(owner=orgs.dachuan, title=f"岗位{n}")
    with django_assert_max_num_queries(5):
        response = client.get("/jobs/")
    assert len(response.context["page"].object_list) == size


def test_posting_page_has_job_posting_json_ld(orgs, client):
    posting = make_posting(owner=orgs.dachuan, title="外卖骑手", headcount=200, latitude="31.196", longitude="107.508")
    response = client.get(f"/jobs/{posting.pk}/")
    data = json.loads(LD_JSON.search(response.content.decode()).group(1))
    assert data["@type"] == "JobPosting"
    assert data["title"] == "外卖骑手"
    assert data["totalJobOpenings"] == 200
    assert data["employmentType"] == "CONTRACTOR"
    assert data["hiringOrganization"]["name"] == posting.employer.enterprise.name
    assert data["baseSalary"]["value"] == {
        "@type": "QuantitativeValue",
        "minValue": 5000.0,
        "maxValue": 8000.0,
        "unitText": "MONTH",
    }
    assert data["baseSalary"]["currency"] == "CNY"
    assert data["jobLocation"]["geo"]["latitude"] == 31.196
    assert data["validThrough"].startswith(posting.valid_through.isoformat())
    assert data["datePosted"] == timezone.localdate().isoformat()


def test_json_ld_date_posted_is_the_date_in_china(orgs, client):
    import datetime as dt

    import time_machine

    # 2026-11-28 17:30 UTC is 01:30 on 29 November in Asia/Shanghai.
    with time_machine.travel(dt.datetime(2026, 11, 28, 17, 30, tzinfo=dt.UTC), tick=False):
        posting = make_posting(owner=orgs.dachuan, title="外卖骑手")
        response = client.get(f"/jobs/{posting.pk}/")
    data = json.loads(LD_JSON.search(response.content.decode()).group(1))
    assert data["datePosted"] == "2026-11-29"


def test_json_ld_cannot_be_broken_out_of(orgs, client):
    posting = make_posting(owner=orgs.dachuan, description="</script><script>alert(1)</script> & more")
    html = client.get(f"/jobs/{posting.pk}/").content.decode()
    block = LD_JSON.search(html).group(1)
    assert "</script>" not in block and "<" not in block
    assert json.loads(block)["description"] == "</script><script>alert(1)</script> & more"
    assert html.count("<script") == 1  # the data block only: no executable inline script


def test_posting_page_keeps_the_strict_csp(orgs, client):
    posting = make_posting(owner=orgs.dachuan)
    csp = client.get(f"/jobs/{posting.pk}/")["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_draft_posting_page_is_404(orgs, client):
    posting = make_posting(owner=orgs.dachuan, status=PostingStatus.DRAFT)
    assert client.get(f"/jobs/{posting.pk}/").status_code == 404


def test_interested_prefills_the_intention_form(orgs, client):
    posting = make_posting(owner=orgs.dachuan, occupation=Occupation.DELIVERY)
    response = client.get(f"/jobs/{posting.pk}/interested/", follow=True)
    form = response.context["form"]
    assert form.initial == {
        "occupations": ["delivery"],
        "employment_forms": ["platform"],
        "region": "511703",
        "posting": posting.pk,
    }
    assert response.context["posting"] == posting


def intention_data(**overrides):
    data = {
        "name": "张伟",
        "phone": "139 8180 1001",
        "age_band": "25-34",
        "priority_group": "new_form",
        "education": "3",
        "occupations": ["delivery"],
        "region": "511703",
        "min_monthly_pay": "6000",
        "availability": "now",
        "skills": "电动车",
        "consent": "on",
    }
    data.update(overrides)
    return data


def test_intention_form_registers_a_seeker_without_an_account(orgs, client):
    posting = make_posting(owner=orgs.dachuan)
    response = client.post("/jobs/intention/", intention_data(posting=posting.pk))
    assert response.status_code == 302 and response["Location"] == "/jobs/intention/thanks/"
    intention = JobIntention.objects.get()
    assert intention.interested_in == posting and intention.seeker.phone == "13981801001"
    assert intention.matches.get().posting == posting


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"phone": "12345"}, "phone"),
        ({"consent": ""}, "consent"),
        ({"occupations": []}, "occupations"),
        ({"region": "999999"}, "region"),
        ({"min_monthly_pay": "-5"}, "min_monthly_pay"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_intention_is_refused_by_field(orgs, client, overrides, field):
    response = client.post("/jobs/intention/", intention_data(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not JobSeeker.objects.exists()


def test_seeker_phone_is_never_shown_publicly(orgs, client):
    posting = make_posting(owner=orgs.dachuan)
    client.post("/jobs/intention/", intention_data(posting=posting.pk))
    for url in ("/jobs/", f"/jobs/{posting.pk}/", "/api/v1/postings/"):
        assert "13981801001" not in client.get(url).content.decode()


def test_fair_and_training_pages(orgs, client):
    start = timezone.now() + timedelta(days=3)
    fair = JobFair.objects.create(
        owner=orgs.dazhou,
        name="新就业形态劳动者专场招聘会",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        venue="达川区工人文化宫",
        organiser="达州市总工会",
        employers_reported=1200,
        positions_reported=3000,
    )
    employer = EmployerFactory(owner=orgs.dachuan)
    course = TrainingCourse.objects.create(
        owner=orgs.dachuan,
        title="养老护理员订单班",
        employer=employer,
        occupation=Occupation.ELDER_CARE,
        demand=70,
    )
    TrainingClass.objects.create(
        course=course, name="第一期", seats=35, starts_on=timezone.localdate(), ends_on=timezone.localdate()
    )
    assert "新就业形态" in client.get("/jobs/fairs/").content.decode()
    assert client.get(f"/jobs/fairs/{fair.pk}/").context["fair"].employers_total == 1200
    assert "养老护理员订单班" in client.get("/jobs/training/").content.decode()
    assert "第一期" in client.get(f"/jobs/training/{course.pk}/").content.decode()


def test_bulletin_prints_with_a_qr_code_per_posting(orgs, client):
    postings = [make_posting(owner=orgs.dachuan, title=t) for t in ("外卖骑手", "针车工")]
    bulletin = Bulletin.objects.create(
        owner=orgs.dachuan, year=2026, number=10, title="招聘信息", issued_on=timezone.localdate()
    )
    page = BulletinPage.objects.create(bulletin=bulletin, number=1)
    page.postings.set(postings)
    html = client.get(f"/jobs/bulletins/{bulletin.pk}/").content.decode()
    assert html.count("<svg") == 2
    assert "bulletin.css" in html and "style=" not in html


def test_intention_form_is_rate_limited_per_address(orgs, client, settings):
    for n in range(10):
        client.post("/jobs/intention/", intention_data(phone=f"1398180{n:04d}"))
    response = client.post("/jobs/intention/", intention_data(phone="13981809999"))
    assert response.status_code == 429
    assert JobSeeker.objects.count() == 10


def test_board_count_stops_at_the_pages_a_person_can_reach(orgs, client, monkeypatch):
    from jobs import views

    monkeypatch.setattr(views, "MAX_PAGE", 1)
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for n in range(3):
        make_posting(owner=orgs.dachuan, title=f"岗位{n}")
    response = client.get("/jobs/")
    assert (response.context["count"], response.context["more"]) == (2, True)
    assert "超过 2 个岗位" in response.content.decode()


def _fairs_and_courses(orgs, size):
    employer = EmployerFactory(owner=orgs.dachuan)
    start = timezone.now() + timedelta(days=3)
    for n in range(size):
        fair = JobFair.objects.create(
            owner=orgs.dazhou,
            name=f"招聘会{n}",
            starts_at=start,
            ends_at=start + timedelta(hours=3),
            venue="文化宫",
            organiser="达州市总工会",
        )
        fair.participations.create(employer=employer, positions=10)
        course = TrainingCourse.objects.create(
            owner=orgs.dachuan,
            title=f"订单班{n}",
            employer=employer,
            occupation=Occupation.ELDER_CARE,
            demand=10,
        )
        TrainingClass.objects.create(
            course=course, name="第一期", seats=5, starts_on=timezone.localdate(), ends_on=timezone.localdate()
        )


@pytest.mark.parametrize("size", [2, 8])
@pytest.mark.parametrize(("url", "queries"), [
    ("/jobs/fairs/", 1),  # the page
    ("/jobs/training/", 1),
    ("/api/v1/fairs/", 6),  # the throttle's counter, count, page, participations, their employers and enterprises
    ("/api/v1/trainings/", 4),  # the throttle's counter, count, page, classes
])
def test_fair_and_training_lists_query_count_is_constant(orgs, client, django_assert_num_queries, size, url, queries):
    _fairs_and_courses(orgs, size)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
