"""Back office: the ledger list and filters, privacy on the model worker's page, reveal, import
and export, recording a visit, the calendar, the five-visit overview, events, checks, panels."""

import io
from datetime import date

import pytest
import time_machine
from django.urls import reverse
from openpyxl import Workbook

from model_workers import services
from model_workers.choices import EventKind, Honour, LivingSituation, Occasion, VisitStatus
from model_workers.models import BenefitCheck, ModelWorker, Visit, WorkerEvent
from tests.model_workers.factories import ModelWorkerFactory, id_number_for
from unions.models import RevealLog

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel("2027-03-01 09:00 +0800", tick=False):
        yield


@pytest.fixture
def worker(orgs, liaison):
    return ModelWorkerFactory(
        owner=orgs.dachuan, name="王守业", birth_date=date(1936, 3, 20), contact_person=liaison,
        phone="13812345678", health_conditions="高血压", family_contacts="王小丽 女儿 13900001111",
    )


def login(client, user):
    client.force_login(user)
    return client


CHANGELIST = "/admin/model_workers/modelworker/"


# --- The ledger list ----------------------------------------------------------------------------


def test_ledger_list_masks_id_numbers(client, liaison, worker):
    response = login(client, liaison).get(CHANGELIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "王守业" in html
    assert worker.id_number not in html
    assert worker.id_number_masked in html


@pytest.mark.parametrize(("query", "expected"), [
    ("age=90", {"九十老人"}), ("age=80", {"九十老人", "八十老人", "住院老人"}), ("in_hospital__exact=1", {"住院老人"}),
    ("living_situation__exact=alone", {"独居老人"}),
])
def test_ledger_filters(client, liaison, orgs, query, expected):
    ModelWorkerFactory(owner=orgs.dachuan, name="九十老人", birth_date=date(1936, 1, 1))
    ModelWorkerFactory(owner=orgs.dachuan, name="八十老人", birth_date=date(1946, 1, 1))
    hospitalised = ModelWorkerFactory(owner=orgs.dachuan, name="住院老人", birth_date=date(1940, 1, 1))
    ModelWorkerFactory(owner=orgs.dachuan, name="独居老人", birth_date=date(1920, 1, 1),
                       living_situation=LivingSituation.ALONE, date_of_death=date(2020, 1, 1))
    services.event_record(worker=hospitalised, kind=EventKind.HOSPITAL_ADMISSION, occurred_on=date(2027, 2, 27))
    response = login(client, liaison).get(f"{CHANGELIST}?{query}")
    shown = {w.name for w in response.context["cl"].result_list}
    assert shown == expected


def test_ledger_list_query_count_is_constant(client, liaison, orgs, django_assert_max_num_queries):
    login(client, liaison)
    ModelWorkerFactory.create_batch(2, owner=orgs.dachuan, contact_person=liaison)
    with django_assert_max_num_queries(16):
        assert client.get(CHANGELIST).status_code == 200
    ModelWorkerFactory.create_batch(20, owner=orgs.dachuan, contact_person=liaison)
    with django_assert_max_num_queries(16):
        assert client.get(CHANGELIST).status_code == 200


def test_district_does_not_see_its_neighbours_ledger(client, neighbour_staff, worker):
    client.force_login(neighbour_staff)
    assert "王守业" not in client.get(CHANGELIST).content.decode()
    assert client.get(reverse("admin:model_workers_modelworker_change", args=[worker.pk])).status_code in (302, 404)


def test_city_sees_the_district_ledger_but_not_health_and_family(client, city_liaison, worker):
    response = login(client, city_liaison).get(reverse("admin:model_workers_modelworker_change", args=[worker.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "王守业" in html
    assert "高血压" not in html and "王小丽" not in html
    assert worker.id_number not in html


def test_owning_district_sees_health_and_family(client, liaison, worker):
    html = login(client, liaison).get(reverse("admin:model_workers_modelworker_change", args=[worker.pk])).content.decode()
    assert "高血压" in html and "王小丽" in html
    assert worker.id_number not in html and "13812345678" not in html


def test_city_save_keeps_health_fields(client, city_liaison, worker):
    url = reverse("admin:model_workers_modelworker_change", args=[worker.pk])
    login(client, city_liaison)
    form = client.get(url).context["adminform"].form
    data = {name: ("" if value is None else value) for name, value in form.initial.items() if name in form.fields}
    data.update({"address": "和平区新地址1号", "birth_date": "1936-03-20", "id_number": "", "phone": ""})
    for name in ("birthday_lunar", "enjoys_benefits", "long_term_care_insurance", "low_income"):
        data.pop(name, None)
    data["contact_person"] = worker.contact_person_id
    data["owner"] = worker.owner_id
    data["date_of_death"] = ""
    data["honour_year"] = worker.honour_year
    for prefix in ("visits", "life_events", "care_orders", "benefit_checks"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    worker.refresh_from_db()
    assert (worker.address, worker.health_conditions, worker.phone) == ("和平区新地址1号", "高血压", "13812345678")


def test_history_never_holds_the_raw_id_number(client, liaison, worker):
    html = login(client, liaison).get(reverse("admin:model_workers_modelworker_history", args=[worker.pk])).content.decode()
    assert worker.id_number_masked in html
    assert worker.id_number not in html


# --- Reveal -------------------------------------------------------------------------------------


def test_reveal_shows_the_raw_values_and_logs(client, liaison, worker):
    response = login(client, liaison).post(reverse("admin:model_workers_modelworker_reveal", args=[worker.pk]))
    assert response.status_code == 200
    assert worker.id_number in response.content.decode()
    log = RevealLog.objects.get()
    assert (log.user, log.object_id, log.fields) == (liaison, str(worker.pk), ["id_number", "phone"])


def test_reveal_without_permission_is_refused(client, readonly_staff, worker):
    response = login(client, readonly_staff).post(reverse("admin:model_workers_modelworker_reveal", args=[worker.pk]))
    assert response.status_code == 403
    assert not RevealLog.objects.exists()


def test_reveal_of_another_organisations_worker_is_404(client, neighbour_staff, worker):
    response = login(client, neighbour_staff).post(reverse("admin:model_workers_modelworker_reveal", args=[worker.pk]))
    assert response.status_code == 404


# --- Import and export --------------------------------------------------------------------------

HEADER = "姓名,性别,出生日期,农历生日,身份证号,荣誉,荣誉年份,享受劳模待遇,责任单位,联系人,住址,电话,居住状况,长期护理保险,低收入\n"


def csv_upload(text, name="台账.csv"):
    upload = io.BytesIO(("\ufeff" + HEADER + text).encode())
    upload.name = name
    return upload


def test_import_creates_entries_and_plans_them(client, liaison, worker):
    services.plan_visits(year=2027)
    good = id_number_for(date(1938, 5, 2), 7)
    response = login(client, liaison).post(
        reverse("admin:model_workers_modelworker_import"),
        {"file": csv_upload(f"李德福,男,1938-05-02,否,{good},全国劳动模范,1977,是,达川区总工会,liaison,达川区某街1号,13812340000,独居,否,是\n")},
    )
    assert response.status_code == 200
    assert response.context["report"].ok, response.context["report"].errors
    worker = ModelWorker.objects.get(name="李德福")
    assert (worker.honour, worker.living_situation, worker.low_income) == (Honour.NATIONAL_MODEL, LivingSituation.ALONE, True)
    assert worker.visits.count() == 5  # the 2027 plan exists, so the newcomer joins it


def test_bad_import_reports_each_row_and_saves_nothing(client, liaison):
    good = id_number_for(date(1938, 5, 2), 7)
    rows = (
        f"李德福,男,1938-05-02,否,{good},全国劳动模范,1977,是,达川区总工会,,,,,否,否\n"
        "张坏号,男,1938-05-02,否,120101193805020071,全国劳动模范,,否,达川区总工会,,,,,否,否\n"
        f"赵未知,女,1939-01-01,否,{id_number_for(date(1939, 1, 1), 8)},市级劳动模范,,否,不存在的工会,,,,,否,否\n"
        f"钱未来,女,2030-01-01,否,{id_number_for(date(1939, 1, 2), 9)},市级劳动模范,,否,达川区总工会,,,,,否,否\n"
        f"孙邻居,女,1939-01-03,否,{id_number_for(date(1939, 1, 3), 10)},市级劳动模范,,否,通川区总工会,,,,,否,否\n"
    )
    response = login(client, liaison).post(reverse("admin:model_workers_modelworker_import"), {"file": csv_upload(rows)})
    report = response.context["report"]
    assert {(e.line, e.column) for e in report.errors} == {
        (3, "身份证号"), (4, "责任单位"), (5, "出生日期"), (6, "责任单位"),
    }
    assert not ModelWorker.objects.exists()
    assert "nothing was imported" in response.content.decode() or "未导入" in response.content.decode()


def test_import_of_a_duplicate_id_number_in_the_file(client, liaison):
    good = id_number_for(date(1938, 5, 2), 7)
    row = f"李德福,男,1938-05-02,否,{good},全国劳动模范,,否,达川区总工会,,,,,否,否\n"
    response = login(client, liaison).post(reverse("admin:model_workers_modelworker_import"), {"file": csv_upload(row * 2)})
    assert [(e.line, e.column) for e in response.context["report"].errors] == [(3, "身份证号")]


def test_import_updates_an_existing_entry(client, liaison, worker):
    row = f"王守业,男,1936-03-20,是,{worker.id_number},全国劳动模范,1979,是,达川区总工会,,新地址,,,否,否\n"
    response = login(client, liaison).post(reverse("admin:model_workers_modelworker_import"), {"file": csv_upload(row)})
    assert (response.context["report"].created, response.context["report"].updated) == (0, 1)
    worker.refresh_from_db()
    assert (worker.address, worker.birthday_lunar) == ("新地址", True)


def test_import_xlsx_and_wrong_file_type(client, liaison):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["李德福", "男", date(1938, 5, 2), "否", id_number_for(date(1938, 5, 2), 7), "全国先进工作者", 1980, "否",
                  "达川区总工会", "", "", "", "与配偶同住", "否", "否"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "台账.xlsx"
    login(client, liaison)
    response = client.post(reverse("admin:model_workers_modelworker_import"), {"file": buffer})
    assert response.context["report"].ok, response.context["report"].errors
    assert ModelWorker.objects.get().honour == Honour.NATIONAL_ADVANCED
    bad = io.BytesIO(b"hello")
    bad.name = "x.pdf"
    response = client.post(reverse("admin:model_workers_modelworker_import"), {"file": bad})
    assert response.context["report"] is None
    assert response.context["form"].errors["file"]


def test_import_needs_add_permission(client, readonly_staff):
    assert login(client, readonly_staff).get(reverse("admin:model_workers_modelworker_import")).status_code == 403


def test_export_masks_for_staff_without_reveal(client, readonly_staff, worker):
    response = login(client, readonly_staff).post(CHANGELIST, {"action": "export_csv", "_selected_action": [worker.pk]})
    body = b"".join(response.streaming_content).decode()
    assert worker.id_number_masked in body and worker.id_number not in body
    assert not RevealLog.objects.exists()


def test_export_reveals_and_logs_for_a_liaison(client, liaison, worker):
    response = login(client, liaison).post(CHANGELIST, {"action": "export_csv", "_selected_action": [worker.pk]})
    body = b"".join(response.streaming_content).decode()
    assert worker.id_number in body
    assert RevealLog.objects.filter(object_id=str(worker.pk)).count() == 1


# --- Recording a visit --------------------------------------------------------------------------


def planned(worker, occasion):
    return Visit.objects.get(worker=worker, year=2027, occasion=occasion)


def visit_post(**extra):
    data = {"done_on": "2027-02-28", "gift_value": "200", "cash_amount": "500", "notes": "精神很好",
            "needs_found": "", "visitors-TOTAL_FORMS": 3, "visitors-INITIAL_FORMS": 0,
            "visitors-0-name": "周建华", "visitors-0-title": "联络员", "record": "1"}
    data.update(extra)
    return data


def test_liaison_records_a_visit(client, liaison, worker):
    services.plan_visits(year=2027)
    visit = planned(worker, Occasion.SPRING_FESTIVAL)
    url = reverse("admin:model_workers_visit_record", args=[visit.pk])
    login(client, liaison)
    assert client.get(url).status_code == 200
    response = client.post(url, visit_post())
    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.status, visit.done_on, str(visit.cash_amount)) == (VisitStatus.DONE, date(2027, 2, 28), "500.00")
    assert [v.name for v in visit.visitors.all()] == ["周建华"]


def test_recording_without_a_visitor_shows_the_error(client, liaison, worker):
    services.plan_visits(year=2027)
    visit = planned(worker, Occasion.SPRING_FESTIVAL)
    response = login(client, liaison).post(reverse("admin:model_workers_visit_record", args=[visit.pk]),
                                            visit_post(**{"visitors-0-name": ""}))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Visit.objects.get(pk=visit.pk).status == VisitStatus.PLANNED


def test_recording_a_visit_in_the_future_is_a_field_error(client, liaison, worker):
    services.plan_visits(year=2027)
    visit = planned(worker, Occasion.SPRING_FESTIVAL)
    response = login(client, liaison).post(reverse("admin:model_workers_visit_record", args=[visit.pk]),
                                            visit_post(done_on="2027-03-05"))
    assert "done_on" in response.context["form"].errors


def test_cancelling_a_visit_from_the_record_page(client, liaison, worker):
    services.plan_visits(year=2027)
    visit = planned(worker, Occasion.MAY_DAY)
    response = login(client, liaison).post(reverse("admin:model_workers_visit_record", args=[visit.pk]),
                                            {"cancel": "1", "cancel_reason": "住院转外地"})
    assert response.status_code == 302
    assert Visit.objects.get(pk=visit.pk).status == VisitStatus.CANCELLED


def test_readonly_staff_cannot_record(client, readonly_staff, worker):
    services.plan_visits(year=2027)
    visit = planned(worker, Occasion.MAY_DAY)
    assert login(client, readonly_staff).get(reverse("admin:model_workers_visit_record", args=[visit.pk])).status_code == 403


def test_neighbour_cannot_record(client, neighbour_staff, worker):
    services.plan_visits(year=2027)
    visit = planned(worker, Occasion.MAY_DAY)
    assert login(client, neighbour_staff).get(reverse("admin:model_workers_visit_record", args=[visit.pk])).status_code == 404


def test_visit_list_query_count_is_constant(client, liaison, orgs, django_assert_max_num_queries):
    login(client, liaison)
    ModelWorkerFactory(owner=orgs.dachuan)
    services.plan_visits(year=2027)
    with django_assert_max_num_queries(14):
        assert client.get("/admin/model_workers/visit/?state=overdue").status_code == 200
    ModelWorkerFactory.create_batch(10, owner=orgs.dachuan)
    services.plan_visits(year=2027)
    with django_assert_max_num_queries(14):
        assert client.get("/admin/model_workers/visit/").status_code == 200


# --- Calendar and overview ----------------------------------------------------------------------


def test_calendar_shows_the_month_of_due_visits(client, liaison, worker, django_assert_max_num_queries):
    services.plan_visits(year=2027)
    login(client, liaison)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("admin:model_workers_visit_calendar"), {"month": "2027-09"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "王守业" in html and "<script>" not in html and 'style="' not in html
    days = {cell["day"]: cell["visits"] for week in response.context["weeks"] for cell in week}
    assert [v.occasion for v in days[date(2027, 9, 15)]] == [Occasion.MID_AUTUMN]


def test_calendar_with_a_bad_month_shows_this_month(client, liaison):
    response = login(client, liaison).get(reverse("admin:model_workers_visit_calendar"), {"month": "2027-13"})
    assert response.status_code == 200
    assert response.context["month"] == date(2027, 3, 1)


def test_five_visit_overview(client, liaison, worker, orgs):
    services.plan_visits(year=2027)
    services.visit_record(visit=planned(worker, Occasion.SPRING_FESTIVAL), done_on=date(2027, 2, 5),
                          visitors=[services.VisitorData("周建华")])
    response = login(client, liaison).get(reverse("admin:model_workers_modelworker_five_visits"), {"year": "2027"})
    assert response.status_code == 200
    (row_worker, cells), = response.context["table"]
    assert row_worker == worker
    assert [(c["done"], c["total"]) for c in cells] == [(1, 4), (0, 1), (0, 0), (0, 0), (0, 0)]


# --- Events, care orders, benefit checks ----------------------------------------------------------


def test_recording_a_hospital_admission_in_the_admin_plans_a_visit(client, liaison, worker):
    response = login(client, liaison).post("/admin/model_workers/workerevent/add/", {
        "worker": worker.pk, "kind": "hospital_admission", "occurred_on": "2027-02-28", "hospital": "天津市第一中心医院",
        "description": "肺炎",
    })
    assert response.status_code == 302
    event = WorkerEvent.objects.get()
    assert event.visit.window_end == date(2027, 3, 4)
    worker.refresh_from_db()
    assert worker.in_hospital


def test_event_in_the_future_is_a_form_error(client, liaison, worker):
    response = login(client, liaison).post("/admin/model_workers/workerevent/add/", {
        "worker": worker.pk, "kind": "disaster", "occurred_on": "2027-03-09",
    })
    assert response.status_code == 200
    assert "occurred_on" in response.context["adminform"].form.errors


def test_care_order_added_and_delivered(client, liaison, worker):
    from model_workers.models import CareOrder, CareService

    login(client, liaison)
    response = client.post("/admin/model_workers/careorder/add/", {
        "worker": worker.pk, "service": CareService.objects.get(kind="haircut").pk, "provider": "社区志愿者",
        "scheduled_on": "2027-03-02", "cost": "0", "paid_by": "volunteers",
    })
    assert response.status_code == 302
    order = CareOrder.objects.get()
    assert order.owner == worker.owner
    client.post("/admin/model_workers/careorder/", {"action": "deliver_today", "_selected_action": [order.pk]})
    order.refresh_from_db()
    assert order.status == "delivered"


def test_benefit_check_recorded_in_the_admin(client, liaison, worker):
    login(client, liaison)
    client.post(CHANGELIST, {"action": "prepare_benefit_checks", "_selected_action": [worker.pk]})
    check = BenefitCheck.objects.get()
    response = client.post(f"/admin/model_workers/benefitcheck/{check.pk}/change/", {
        "honour_allowance_found": "true", "higher_medical_found": "false", "care_insurance_found": "unknown",
        "nursing_subsidy_found": "unknown", "notes": "医保未按劳模比例报销", "seen_version": check.version,
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    check.refresh_from_db()
    assert check.exceptions == ["医疗报销比例提高"]
    assert check.checked_by == liaison


def test_benefit_check_missing_an_expected_answer_is_a_form_error(client, liaison, worker):
    login(client, liaison)
    client.post(CHANGELIST, {"action": "prepare_benefit_checks", "_selected_action": [worker.pk]})
    check = BenefitCheck.objects.get()
    response = client.post(f"/admin/model_workers/benefitcheck/{check.pk}/change/", {
        "honour_allowance_found": "true", "higher_medical_found": "unknown", "care_insurance_found": "unknown",
        "nursing_subsidy_found": "unknown", "seen_version": check.version,
    })
    assert response.status_code == 200
    assert "higher_medical_found" in response.context["adminform"].form.errors


# --- Dashboard ----------------------------------------------------------------------------------


def test_dashboard_panels_count_the_users_scope(client, liaison, worker, orgs):
    ModelWorkerFactory(owner=orgs.tongchuan)  # the neighbour's: not counted
    services.plan_visits(year=2027)
    services.event_record(worker=worker, kind=EventKind.HOSPITAL_ADMISSION, occurred_on=date(2027, 3, 1))
    response = login(client, liaison).get("/admin/")
    panels = {panel.title: dict(panel.rows) for panel in response.context["panels"]}
    visits = panels["Model-worker visits"] if "Model-worker visits" in panels else panels["劳模走访"]
    assert list(visits.values()) == [2, 1, 1, 1]  # hospital visit + birthday window; spring festival overdue


def test_dashboard_hides_panels_without_permission(client, django_user_model, orgs):
    from unions import services as union_services
    from unions.choices import Role

    user = django_user_model.objects.create_user(username="stations", password="x")
    union_services.membership_grant(user=user, organization=orgs.dachuan, role=Role.STATION_MANAGER)
    response = login(client, django_user_model.objects.get(pk=user.pk)).get("/admin/")
    titles = [str(panel.title) for panel in response.context["panels"]]
    assert not any("劳模" in title or "Model-worker" in title for title in titles)


def test_import_template_has_the_columns(client, liaison):
    from openpyxl import load_workbook

    response = login(client, liaison).get(reverse("admin:model_workers_modelworker_import_template"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]][:5] == ["姓名", "性别", "出生日期", "农历生日", "身份证号"]
