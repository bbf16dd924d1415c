"""Jobs in a real browser: a job seeker filters the board, opens a posting and says "I'm
interested" (the intention is saved, pre-filled from the posting); a clerk reviews a posting and
publishes it in the admin."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_job_seeker_filters_opens_a_posting_and_registers_interest(page_at, size):
    from jobs.models import JobIntention, JobPosting

    page = page_at(size)
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto("/jobs/")
    assert page.get_by_role("heading", level=1).inner_text() == "工会核查岗位"
    screenshot(page, f"jobs-board-{size}")

    page.get_by_label("关键词").fill("骑手")
    page.get_by_label("用工形式").select_option("platform")
    page.get_by_role("button", name="搜索").click()
    page.wait_for_load_state()
    assert "找到 1 个岗位" in page.get_by_role("status").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, f"jobs-board-filtered-{size}")

    page.get_by_role("link", name="外卖骑手").click()
    page.wait_for_load_state()
    posting = JobPosting.objects.get(title="外卖骑手")
    assert page.url.endswith(f"/jobs/{posting.pk}/")
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert data["@type"] == "JobPosting" and data["totalJobOpenings"] == 200
    # The JSON-LD block is data, not script: the strict CSP neither blocks nor reports it.
    assert not [text for text in console if "Content Security Policy" in text]
    screenshot(page, f"jobs-posting-{size}")

    page.get_by_role("link", name="我感兴趣").click()
    page.wait_for_load_state()
    assert page.get_by_label("快递外卖").is_checked()  # pre-filled from the posting
    assert page.get_by_label("您想在哪里工作？").input_value() == "511703"
    page.get_by_label("您的姓名").fill("孙小军")
    page.get_by_label("手机号码").fill("13981809999")
    page.get_by_label("年龄").select_option("25-34")
    page.get_by_label("可接受的最低月薪（元）").fill("6000")
    page.get_by_label("我同意工会保存以上信息，用于为我匹配岗位并与我联系。").check()
    screenshot(page, f"jobs-intention-{size}")
    page.get_by_role("button", name="提交").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "您的求职意向已登记"
    intention = JobIntention.objects.get(seeker__phone="13981809999")
    assert intention.interested_in == posting and intention.matches.filter(posting=posting).exists()
    screenshot(page, f"jobs-intention-thanks-{size}")


def test_intention_form_shows_errors_without_javascript(browser, live_server, demo_data):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url, locale="zh-CN")
    page = context.new_page()
    page.goto("/jobs/intention/")
    page.get_by_role("button", name="提交").click()
    page.wait_for_load_state()
    assert "需要您的同意" in page.content()
    context.close()


def login(page, username):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "gonghui-2026")
    page.click("input[type=submit]")
    page.wait_for_load_state()


def test_clerk_reviews_and_publishes_a_posting(page_at):
    from jobs import services
    from jobs.choices import PostingStatus
    from jobs.models import Employer, JobPosting
    from unions.models import Region

    employer = Employer.objects.get(enterprise__name="达州市锦程服饰有限公司")
    posting = services.posting_create(
        owner=employer.owner, employer=employer, title="服装质检员", occupation="sewing", headcount=3,
        pay_min=3800, pay_max=4800, pay_unit="month", employment_form="full_time",
        region=Region.objects.get(code="511703"), address="达州市达川区三里坪工业园区8号", contact_name="何丽",
        contact_phone="13881806789", valid_through=timezone.localdate() + timedelta(days=30), submit=True,
    )
    page = page_at("desktop")
    login(page, "dachuan_jobs")
    page.goto("/admin/jobs/jobposting/?status__exact=in_review")
    screenshot(page, "jobs-admin-review-queue-desktop")
    page.get_by_role("link", name="审核").first.click()
    page.wait_for_load_state()
    page.get_by_label("给发布人的意见").fill("已电话核实岗位信息。")
    screenshot(page, "jobs-admin-review-desktop")
    page.get_by_role("button", name="发布", exact=True).click()
    page.wait_for_load_state()
    assert "已发布" in page.content()
    posting.refresh_from_db()
    assert posting.status == PostingStatus.PUBLISHED and posting.reviewer_comment == "已电话核实岗位信息。"
    assert JobPosting.objects.public().filter(pk=posting.pk).exists()
    page.goto("/admin/")
    assert "在招岗位人数" in page.content()
    screenshot(page, "jobs-admin-dashboard-desktop")
