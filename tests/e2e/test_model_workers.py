"""A model-worker liaison in the back office: the ledger with masked ID numbers, the visit
calendar, recording a visit, the five-visit overview; screenshots at phone and desktop size."""

import pytest

from model_workers.models import ModelWorker, Visit
from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e


def login(page, username):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "gonghui-2026")
    page.click("input[type=submit]")
    page.wait_for_load_state()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_liaison_records_a_visit_in_the_admin(page_at, size):
    page = page_at(size)
    login(page, "heping")
    assert "劳模走访" in page.content()  # dashboard panel
    screenshot(page, f"model-workers-dashboard-{size}")

    page.goto("/admin/model_workers/modelworker/?age=90")
    worker = ModelWorker.objects.get(name="王守业")
    html = page.content()
    assert "王守业" in html and worker.id_number not in html and worker.id_number_masked in html
    screenshot(page, f"model-workers-ledger-{size}")

    page.get_by_role("link", name="王守业").first.click()
    page.wait_for_load_state()
    html = page.content()
    assert "高血压" in html and worker.id_number not in html  # the owner sees health, never the raw ID
    screenshot(page, f"model-workers-worker-{size}")

    page.goto("/admin/model_workers/visit/calendar/?month=2027-09")
    assert "中秋节" in page.content()
    screenshot(page, f"model-workers-calendar-{size}")

    visit = Visit.objects.get(worker__name="张秀兰", year=2027, occasion="mid_autumn")
    page.goto(f"/admin/model_workers/visit/{visit.pk}/change/")
    page.get_by_role("link", name="登记此次走访").click()
    page.wait_for_load_state()
    page.fill("#id_visitors-0-name", "周建华")
    page.fill("#id_visitors-0-title", "和平区总工会联络员")
    page.fill("#id_cash_amount", "500")
    page.fill("#id_needs_found", "腿脚不便，需要上门理发")
    page.get_by_label("上门理发").check()
    screenshot(page, f"model-workers-record-{size}")
    page.get_by_role("button", name="登记走访").click()
    page.wait_for_load_state()
    assert "走访已登记" in page.content()
    visit.refresh_from_db()
    assert visit.status == "done"
    assert visit.care_orders.get().service.kind == "haircut"
    screenshot(page, f"model-workers-recorded-{size}")

    page.goto("/admin/model_workers/modelworker/five-visits/?year=2027")
    assert "张秀兰" in page.content()
    screenshot(page, f"model-workers-five-visits-{size}")


def test_leader_visit_without_a_leader_is_refused(page_at):
    page = page_at("desktop")
    login(page, "tianjin")
    visit = Visit.objects.get(worker__name="王守业", year=2027, occasion="birthday")
    assert visit.requires_leader
    page.goto(f"/admin/model_workers/modelworker/{visit.worker_id}/change/")
    assert "王守业" in page.content() and "高血压" not in page.content()  # the city: no health details
    page.goto(f"/admin/model_workers/visit/{visit.pk}/record/")
    page.fill("#id_visitors-0-name", "孙丽华")
    page.get_by_role("button", name="登记走访").click()
    page.wait_for_load_state()
    assert "请在走访人中标明领导" in page.content()
    page.fill("#id_visitors-0-name", "王志强")
    page.fill("#id_visitors-0-title", "天津市总工会副主席")
    page.check("#id_visitors-0-is_leader")
    page.get_by_role("button", name="登记走访").click()
    page.wait_for_load_state()
    assert "走访已登记" in page.content()
    screenshot(page, "model-workers-leader-visit-desktop")
