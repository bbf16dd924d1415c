"""Public pages: the finder works without JavaScript (county, lat/lng, filters), station pages,
feedback through the form, events, sign-up, iCalendar feeds and QR codes."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from stations import services
from stations.choices import Recurrence, StationStatus
from stations.models import EventSignup, Feedback, OpeningException, OpeningSlot, ServiceItem, ServiceOffering
from tests.stations.factories import at_local, make_station

pytestmark = pytest.mark.django_db
FINDER = "/stations/"


@pytest.fixture
def stations(orgs):
    base = make_station(orgs.dachuan, name="劳动者大本营", lat="31.196000", lng="107.511000", is_24h=True,
                        facilities=["drinking_water", "microwave"])
    near = make_station(orgs.dachuan, name="三里坪驿站", lat="31.205000", lng="107.520000")
    shenyang = make_station(orgs.shenyang, name="北方重型机床工间活动站", lat="41.790000", lng="123.350000",
                            region_code="210106")
    return base, near, shenyang


def names(response):
    return re.findall(r'class="station-name" href="[^"]+">([^<]+)<', response.content.decode())


def test_finder_url_name():
    assert reverse("stations:finder") == FINDER


def test_finder_lists_nearest_first_from_lat_lng(client, stations):
    response = client.get(FINDER, {"lat": "41.79", "lng": "123.35"})
    assert response.status_code == 200
    assert names(response) == ["北方重型机床工间活动站", "三里坪驿站", "劳动者大本营"]
    assert "0 m" in response.content.decode() or "0 米" in response.content.decode()


def test_finder_from_a_chosen_county(client, stations):
    response = client.get(FINDER, {"region": "511703"})
    assert names(response)[:2] == ["三里坪驿站", "劳动者大本营"] or names(response)[:2] == ["劳动者大本营", "三里坪驿站"]
    assert names(response)[-1] == "北方重型机床工间活动站"


def test_finder_filters_without_javascript(client, stations):
    assert names(client.get(FINDER, {"facility": "microwave", "lat": "31.2", "lng": "107.5"})) == ["劳动者大本营"]
    assert names(client.get(FINDER, {"is_24h": "true"})) == ["劳动者大本营"]


def test_finder_open_now(client, stations):
    _base, near, _ = stations
    OpeningSlot.objects.create(station=near, weekday=2, opens=dt.time(8), closes=dt.time(18))
    with time_machine.travel(at_local(2026, 12, 2, 20), tick=False):
        assert names(client.get(FINDER, {"open_now": "true"})) == ["劳动者大本营"]


def test_finder_bad_position_is_a_400_with_a_message(client, stations):
    response = client.get(FINDER, {"lat": "100", "lng": "500"})
    assert response.status_code == 400
    assert 'class="errorlist"' in response.content.decode()


def test_finder_has_no_inline_script_or_style(client, stations):
    html = client.get(FINDER).content.decode()
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None
    assert re.search(r"\sstyle=\"", html) is None and "onclick" not in html
    assert 'id="station-map"' in html and "leaflet/leaflet.js" in html


@pytest.mark.parametrize("size", [2, 12])
def test_finder_query_count_is_constant(client, orgs, django_assert_max_num_queries, size):
    for n in range(size):
        make_station(orgs.dachuan, lat=f"{31.1 + n * 0.001:.6f}", facilities=["wifi"])
    with django_assert_max_num_queries(8):
        assert client.get(FINDER, {"lat": "31.1", "lng": "107.5"}).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(FINDER).status_code == 200


def test_station_page_shows_hours_directions_and_qr(client, stations):
    base = stations[0]
    response = client.get(base.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    gcj_lng, gcj_lat = base.coordinates["gcj02"]
    bd_lng, bd_lat = base.coordinates["bd09"]
    assert f"position={gcj_lng}%2C{gcj_lat}" in html  # Amap takes GCJ-02, lng first
    assert f"location={bd_lat}%2C{bd_lng}" in html and "coord_type=bd09ll" in html  # Baidu BD-09, lat first
    assert f"coord%3A{gcj_lat}%2C{gcj_lng}" in html  # Tencent GCJ-02, lat first
    assert reverse("stations:qr", args=[base.pk]) in html


def _hours_rows(html):
    table = re.search(r'<table class="hours">(.*?)</table>', html, re.S).group(1)
    return re.findall(r'<th scope="row">([^<]+)</th><td>([^<]+)</td>', table)


WEEKDAYS = [(day, dt.time(8, 30), dt.time(12)) for day in range(5)] + [(day, dt.time(14, 30), dt.time(17, 30))
                                                                       for day in range(5)]


@pytest.mark.parametrize(("slots", "language", "rows"), [
    pytest.param(WEEKDAYS, "zh-hans", [("星期一至星期五", "08:30–12:00，14:30–17:30"), ("星期六至星期日", "休息")],
                 id="weekdays-zh"),
    pytest.param(WEEKDAYS, "en", [("Monday – Friday", "08:30–12:00, 14:30–17:30"), ("Saturday – Sunday", "Closed")],
                 id="weekdays-en"),
    pytest.param([(day, dt.time(7), dt.time(21)) for day in range(7)], "en", [("Every day", "07:00–21:00")],
                 id="every-day"),
    pytest.param([(0, dt.time(9), dt.time(17)), (1, dt.time(9), dt.time(17)), (2, dt.time(13), dt.time(17)),
                  (3, dt.time(9), dt.time(17)), (6, dt.time(9), dt.time(12))], "en",
                 [("Monday – Tuesday", "09:00–17:00"), ("Wednesday", "13:00–17:00"), ("Thursday", "09:00–17:00"),
                  ("Friday – Saturday", "Closed"), ("Sunday", "09:00–12:00")], id="broken-week"),
])
def test_opening_hours_group_days_with_the_same_hours(client, orgs, slots, language, rows):
    station = make_station(orgs.dachuan, name="北外驿站", lat="31.2", lng="107.5")
    OpeningSlot.objects.bulk_create(OpeningSlot(station=station, weekday=day, opens=opens, closes=closes)
                                    for day, opens, closes in reversed(slots))
    html = client.get(station.get_absolute_url(), headers={"accept-language": language}).content.decode()
    assert _hours_rows(html) == rows


@time_machine.travel(dt.datetime(2026, 12, 1, 4, tzinfo=dt.UTC), tick=False)
def test_special_dates_are_those_to_come(client, orgs):
    station = make_station(orgs.dachuan, name="北外驿站", lat="31.2", lng="107.5")
    for day, reason in [(dt.date(2026, 10, 1), "国庆节闭站"), (dt.date(2026, 12, 1), "设备检修"),
                        (dt.date(2027, 1, 1), "元旦闭站")]:
        OpeningException.objects.create(station=station, date=day, reason=reason)
    html = client.get(station.get_absolute_url()).content.decode()
    assert "设备检修" in html and "元旦闭站" in html and "1月1日 星期五" in html
    assert "国庆节闭站" not in html
    assert "现在未开放" in html  # today's closure still decides "open now"
    english = client.get(station.get_absolute_url(), headers={"accept-language": "en"}).content.decode()
    assert "Friday, January 1: closed" in english  # as event dates read: weekday first


@pytest.mark.parametrize(("language", "shown", "not_shown"), [
    ("zh-hans", ["饮用水", "微波炉", "送法律"], ["Drinking water", "Legal help"]),
    ("en", ["Drinking water", "Microwave", "Legal help"], ["饮用水", "送法律"]),
])
def test_facilities_and_services_are_named_in_the_pages_language(client, stations, language, shown, not_shown):
    base = stations[0]
    ServiceOffering.objects.create(station=base, service=ServiceItem.objects.get(code="legal_aid"))
    pages = [client.get(base.get_absolute_url(), headers={"accept-language": language}).content.decode(),
             client.get(FINDER, {"lat": "31.196", "lng": "107.511"}, headers={"accept-language": language})
             .content.decode()]
    for page in pages:
        assert all(name in page for name in shown[:2]), shown
        assert not any(name in page for name in not_shown[:1])
    assert shown[2] in pages[0] and not_shown[1] not in pages[0]


def test_hidden_station_page_is_404(client, orgs):
    planned = make_station(orgs.dachuan, status=StationStatus.PLANNED)
    assert client.get(planned.get_absolute_url()).status_code == 404


def test_qr_code_is_svg_of_the_station_page(client, stations, settings):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    response = client.get(reverse("stations:qr", args=[stations[0].pk]))
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content[:200] and b"xmlns" in response.content[:300]


def test_feedback_form_posts_and_redirects(client, stations):
    base = stations[0]
    response = client.post(base.get_absolute_url(), {"rating": "5", "category": "facilities", "text": "很方便"})
    assert response.status_code == 302
    assert Feedback.objects.get().station == base


@pytest.mark.parametrize(
    "data", [{"rating": "9", "category": "facilities", "text": "x"}, {"rating": "3", "category": "facilities", "text": ""}]
)
def test_bad_feedback_form_is_400_with_errors(client, stations, data):
    response = client.post(stations[0].get_absolute_url(), data)
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()
    assert Feedback.objects.count() == 0


def test_feedback_form_is_throttled(client, stations):
    url = stations[0].get_absolute_url()
    codes = [client.post(url, {"rating": "4", "category": "other", "text": f"第{n}条"}).status_code for n in range(11)]
    assert codes == [302] * 10 + [429]


@pytest.fixture
def film(stations):
    return services.event_create(
        station=stations[0], title="达工影院", recurrence=Recurrence.WEEKLY, capacity=2, repeat_until=dt.date(2027, 12, 29),
        starts_at=at_local(2026, 12, 2, 18), ends_at=at_local(2026, 12, 2, 20), description="观众点片")


@time_machine.travel(dt.datetime(2026, 12, 1, 4, tzinfo=dt.UTC), tick=False)
def test_events_page_and_sign_up(client, film):
    assert "达工影院" in client.get(reverse("stations:events")).content.decode()
    url = film.get_absolute_url()
    assert client.get(url).status_code == 200
    response = client.post(url, {"occurrence": "2026-12-09", "name": "张三", "phone": "13800000001", "consent": "on"})
    assert response.status_code == 302
    assert EventSignup.objects.get().occurrence == dt.date(2026, 12, 9)
    response = client.post(url, {"occurrence": "2026-12-10", "name": "李四", "phone": "13800000002", "consent": "on"})
    assert response.status_code == 400


@time_machine.travel(dt.datetime(2026, 12, 1, 4, tzinfo=dt.UTC), tick=False)
@pytest.mark.parametrize(("language", "when"), [
    ("zh-hans", "12月2日 星期三 18:00–20:00"),
    ("en", "Wednesday, December 2, 18:00–20:00"),
])
def test_event_times_read_in_the_pages_language(client, film, language, when):
    pages = [reverse("stations:events"), film.get_absolute_url(), film.station.get_absolute_url()]
    for url in pages:
        page = client.get(url, headers={"accept-language": language}).content.decode()
        assert when in page, url
        assert ("星期" in page) is (language == "zh-hans"), url
    # Every date of a weekly event ends at its own end time.
    assert "12月9日 星期三 18:00–20:00" in client.get(film.get_absolute_url()).content.decode()


def test_an_event_over_midnight_names_the_day_it_ends(orgs):
    from django.utils import translation

    from stations.templatetags.stations_extras import occurrence

    station = make_station(orgs.dachuan, name="通宵驿站", lat="31.2", lng="107.5")
    night = services.event_create(station=station, title="跨年夜", starts_at=at_local(2026, 12, 31, 22),
                                  ends_at=at_local(2027, 1, 1, 1))
    with translation.override("zh-hans"):
        assert occurrence(night.starts_at, night) == "12月31日 星期四 22:00 至 1月1日 01:00"
    with translation.override("en"):
        assert occurrence(night.starts_at, night) == "Thursday, December 31, 22:00 – January 1, 01:00"


@time_machine.travel(dt.datetime(2026, 12, 1, 4, tzinfo=dt.UTC), tick=False)
def test_station_ics_feed_has_the_weekly_film_night(client, film):
    response = client.get(reverse("stations:station-events-ics", args=[film.station_id]))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == ["达工影院"]
    assert events[0]["rrule"]["FREQ"] == ["WEEKLY"]
    assert events[0].decoded("dtstart") == at_local(2026, 12, 2, 18)


@time_machine.travel(dt.datetime(2026, 12, 1, 4, tzinfo=dt.UTC), tick=False)
def test_all_events_feed(client, film):
    calendar = Calendar.from_ical(client.get(reverse("stations:events-ics")).content)
    assert len(list(calendar.walk("VEVENT"))) == 1


def test_own_assets_stay_under_200_kb(client, stations):
    from pathlib import Path

    from django.contrib.staticfiles import finders

    html = client.get(FINDER, {"lat": "31.2", "lng": "107.5"}).content
    # Leaflet loads only when the map is opened; counted anyway, so the page stays light even then.
    own = [a.decode() for a in re.findall(rb'(?:href|src|data-leaflet-js|data-leaflet-css)="/static/([^"]+)"', html)]
    assert "leaflet/leaflet.js" in own
    total = len(html) + sum(Path(finders.find(path)).stat().st_size for path in own)
    assert total < 200 * 1024
