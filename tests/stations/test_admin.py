"""Back office: scoping, lifecycle actions, evaluation, import (all or nothing) and export, feedback
answers, coverage report with CSV, the dashboard panel."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stations import services
from stations.choices import CoverageScope, FeedbackStatus, StationKind, StationStatus
from stations.importers import HEADERS, import_stations
from stations.models import CoverageTarget, Feedback, Station, StatusChange
from tests.stations.factories import make_station
from unions.models import Region
from unions.tabular import read_table

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:stations_station_changelist")


def csv_upload(rows, name="stations.csv", headers=None):
    text = ",".join(headers or HEADERS) + "\n" + "\n".join(",".join(row) for row in rows) + "\n"
    return SimpleUploadedFile(name, text.encode("utf-8-sig"))


GOOD = ["劳动者大本营", "工会驿站", "达川区总工会", "511703", "达州市达川区通州大道297号", "31.193520", "107.514980",
        "GCJ-02", "开放", "是", "自主运营", "260", "40", "4", "0818-5122114", "", "饮用水、微波炉"]


def row(**changes):
    values = dict(zip(HEADERS, GOOD, strict=True))
    values.update(changes)
    return [values[h] for h in HEADERS]


def test_district_sees_own_stations_only(client, orgs, district_staff):
    own = make_station(orgs.dachuan, name="达川驿站")
    make_station(orgs.tongchuan, name="通川驿站")
    client.force_login(district_staff)
    html = client.get(CHANGELIST).content.decode()
    assert "达川驿站" in html and "通川驿站" not in html
    other = Station.objects.get(name="通川驿站")
    assert client.get(reverse("admin:stations_station_change", args=[other.pk])).status_code in (302, 404)
    assert client.get(reverse("admin:stations_station_change", args=[own.pk])).status_code == 200


@pytest.mark.parametrize("size", [2, 15])
def test_changelist_query_count_is_constant(client, orgs, city_staff, django_assert_max_num_queries, size):
    for _ in range(size):
        make_station(orgs.dachuan)
    client.force_login(city_staff)
    with django_assert_max_num_queries(22):
        assert client.get(CHANGELIST).status_code == 200


def test_suspend_action_asks_for_a_reason_and_calls_the_service(client, orgs, district_staff):
    station = make_station(orgs.dachuan)
    client.force_login(district_staff)
    data = {"action": "suspend_stations", "_selected_action": [station.pk]}
    response = client.post(CHANGELIST, data)
    assert response.status_code == 200 and "reason" in response.content.decode()
    response = client.post(CHANGELIST, {**data, "apply": "1", "reason": "装修", "on": "2026-11-01"})
    assert response.status_code == 302
    station.refresh_from_db()
    assert (station.status, station.status_reason) == (StationStatus.SUSPENDED, "装修")
    assert StatusChange.objects.get(station=station).by == district_staff


def test_delisted_cannot_be_opened_from_the_admin(client, orgs, district_staff):
    station = make_station(orgs.dachuan)
    services.station_delist(station=station, reason="摘牌")
    client.force_login(district_staff)
    client.post(CHANGELIST, {"action": "open_stations", "_selected_action": [station.pk], "apply": "1",
                             "reason": "重开", "on": "2026-11-01"})
    assert Station.objects.get(pk=station.pk).status == StationStatus.DELISTED


def test_record_evaluation_page(client, orgs, district_staff):
    station = make_station(orgs.dachuan)
    client.force_login(district_staff)
    url = reverse("admin:stations_station_evaluate", args=[station.pk])
    scores = {"score_facilities": "95", "score_opening": "95", "score_services": "90", "score_use": "90",
              "score_management": "90", "score_visibility": "90"}
    response = client.post(url, {"visited_on": "2026-10-15", "inspectors": "第一巡回督查队", **scores})
    assert response.status_code == 302
    assert Station.objects.get(pk=station.pk).current_stars == 5
    response = client.post(url, {"visited_on": "2026-10-15", "inspectors": "督查队", **scores, "score_use": "150"})
    assert response.status_code == 200 and "errorlist" in response.content.decode()


def test_import_good_file(orgs, district_staff):
    report = import_stations(csv_upload([row(), row(名称="三里坪驿站", 坐标系="WGS-84", 状态="筹建", 设施="")]),
                             user=district_staff)
    assert report.ok, report.errors
    assert (report.created, report.updated) == (2, 0)
    base = Station.objects.get(name="劳动者大本营")
    assert (base.owner, base.status, base.is_24h, base.seats) == (orgs.dachuan, StationStatus.OPEN, True, 40)
    assert base.lat_wgs84 == pytest.approx(31.1961, abs=0.002)
    assert sorted(base.facilities.values_list("code", flat=True)) == ["drinking_water", "microwave"]
    assert Station.objects.get(name="三里坪驿站").status == StationStatus.PLANNED
    again = import_stations(csv_upload([row(座位="50")]), user=district_staff)
    assert (again.created, again.updated) == (0, 1)
    assert Station.objects.get(name="劳动者大本营").seats == 50


def test_bad_file_reports_every_bad_row_and_imports_nothing(orgs, district_staff):
    report = import_stations(csv_upload([
        row(),
        row(名称="坏1", 纬度="95"),
        row(名称="坏2", 类型="城堡", 行政区划代码="999999"),
        row(名称="坏3", 所属组织="通川区总工会"),
        row(名称="坏4", 联系电话="12345", 设施="按摩浴缸"),
        row(),
    ]), user=district_staff)
    assert not report.ok
    found = {(e.line, e.column) for e in report.errors}
    assert found == {(3, "纬度"), (4, "类型"), (4, "行政区划代码"), (5, "所属组织"), (6, "联系电话"), (6, "设施"),
                     (7, "名称")}
    assert Station.objects.count() == 0


def test_missing_column_is_reported(district_staff):
    report = import_stations(csv_upload([["x"]], headers=["名称"]), user=district_staff)
    assert not report.ok and report.errors[0].line == 1


def test_import_page_and_xlsx_export_round_trip(client, orgs, district_staff):
    client.force_login(district_staff)
    url = reverse("admin:stations_station_import")
    response = client.post(url, {"file": csv_upload([row()])})
    assert response.status_code == 200
    station = Station.objects.get(name="劳动者大本营")
    response = client.post(CHANGELIST, {"action": "export_xlsx", "_selected_action": [station.pk]})
    rows = list(read_table(SimpleUploadedFile("x.xlsx", response.content)))
    assert rows[0][1]["名称"] == "劳动者大本营" and rows[0][1]["设施"] == "饮用水、微波炉"
    Station.objects.all().delete()
    assert import_stations(SimpleUploadedFile("x.xlsx", response.content), user=district_staff).created == 1


def test_csv_export_has_chinese_headers(client, orgs, district_staff):
    station = make_station(orgs.dachuan)
    client.force_login(district_staff)
    response = client.post(CHANGELIST, {"action": "export_csv", "_selected_action": [station.pk]})
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff名称,类型,所属组织")


def test_feedback_answer_in_the_admin(client, orgs, district_staff):
    feedback = services.feedback_submit(station=make_station(orgs.dachuan), rating=2, category="hours", text="关门早")
    client.force_login(district_staff)
    url = reverse("admin:stations_feedback_change", args=[feedback.pk])
    response = client.post(url, {"new_status": "resolved", "public_reply": ""})
    assert response.status_code == 200
    assert Feedback.objects.get().status == FeedbackStatus.RECEIVED
    response = client.post(url, {"new_status": "resolved", "public_reply": "已延长至22点"})
    assert response.status_code == 302
    assert (Feedback.objects.get().status, Feedback.objects.get().reply) == ("resolved", "已延长至22点")


def test_coverage_report_and_csv(client, orgs, superuser):
    CoverageTarget.objects.create(owner=orgs.national, region=Region.objects.get(code="140000"),
                                  kind=StationKind.LABOUR_STATION, scope=CoverageScope.PER_COUNTY, minimum=1,
                                  due=dt.date(2025, 12, 31))
    make_station(orgs.national, kind=StationKind.LABOUR_STATION, region_code="140521")
    client.force_login(superuser)
    url = reverse("admin:stations_coverage_report")
    html = client.get(url, {"within": "140000"}).content.decode()
    assert "沁水县" in html
    response = client.get(url, {"within": "140000", "format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8")
    lines = body.strip().splitlines()
    assert lines[0] == "\ufeff区划代码,县（市、区）,现有,目标,缺口"
    assert lines[-2] == "140521,沁水县,1,1,0"  # short counties first, so the one met is last


def test_dashboard_panel(client, orgs, district_staff):
    make_station(orgs.dachuan)
    make_station(orgs.dachuan, status=StationStatus.PLANNED)
    services.feedback_submit(station=make_station(orgs.dachuan), rating=3, category="other", text="好")
    client.force_login(district_staff)
    html = client.get(reverse("admin:index")).content.decode()
    assert "共 3 个，开放 2 个（暂停 0 个，筹建 1 个）" in html
    assert "未办结的意见" in html


@pytest.mark.parametrize("content", [b"not a zip", b""])
def test_unreadable_xlsx_is_reported(district_staff, content):
    report = import_stations(SimpleUploadedFile("x.xlsx", content), user=district_staff)
    assert not report.ok and report.errors[0].line == 1


def test_region_is_picked_by_search_and_a_coverage_target_is_never_offered_a_township(client, orgs, city_staff):
    Region.objects.create(code="511703001", name="三里桥街道", level="township", parent_id="511703")
    client.force_login(city_staff)
    html = client.get(reverse("admin:stations_station_add")).content.decode()
    assert "三里桥街道" not in html and 'data-model-name="station"' in html  # no select of every region

    def search(model_name, term):
        response = client.get(reverse("admin:autocomplete"), {
            "app_label": "stations", "model_name": model_name, "field_name": "region", "term": term})
        assert response.status_code == 200
        return [item["text"] for item in response.json()["results"]]

    assert any("三里桥街道" in text for text in search("station", "三里桥"))
    assert not search("coveragetarget", "三里桥")
    assert any("达川区" in text for text in search("coveragetarget", "达川"))
