"""A worker's finder flow on a phone in Chromium: location granted → nearest list → map → station
page → feedback sent. Also the finder without JavaScript, from a chosen county."""

import pytest

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e

DACHUAN = {"latitude": 31.1962, "longitude": 107.5105}


def test_worker_finds_the_nearest_station_and_sends_feedback(page_at):
    page = page_at("phone", geolocation=DACHUAN, permissions=["geolocation"])
    page.route("**/appmaptile*", lambda route: route.abort())  # no map tiles here: the list must carry on
    page.goto("/stations/")
    screenshot(page, "stations-finder-phone")
    page.locator("#locate").click()
    page.wait_for_url("**/stations/?*lat=*")
    names = page.locator(".station-item .station-name").all_inner_texts()
    assert names[0] == "劳动者大本营"
    distances = page.locator(".station-item .distance").all_inner_texts()
    assert distances[0].endswith(("米", "m"))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "stations-nearest-phone")

    page.locator("#map-toggle").click()
    page.wait_for_selector(".leaflet-marker-icon")
    assert page.locator(".leaflet-marker-icon").count() == len(names)
    screenshot(page, "stations-map-phone")

    page.locator(".station-item .station-name").first.click()
    page.wait_for_selector("#station-title")
    assert page.locator("#station-title").inner_text() == "劳动者大本营"
    assert page.locator("a[data-platform=amap]").get_attribute("href").startswith("https://uri.amap.com/marker?")
    screenshot(page, "stations-detail-phone")

    page.locator("#feedback input[name=rating][value='5']").check()
    page.locator("#id_category").select_option("facilities")
    page.locator("#id_text").fill("半夜送单能在这里热饭充电，谢谢！")
    page.locator("#feedback button[type=submit]").click()
    page.wait_for_selector(".messages .message")
    assert page.locator(".messages .message").count() == 1
    screenshot(page, "stations-feedback-sent-phone")


def test_finder_without_javascript_from_a_county(page_at):
    page = page_at("phone", java_script_enabled=False)
    page.goto("/stations/")
    page.locator("#id_region").select_option("140521")
    page.locator("#finder-form button[type=submit]").click()
    page.wait_for_url("**/stations/?*region=140521*")
    names = page.locator(".station-item .station-name").all_inner_texts()
    assert names[0].startswith(("嘉峰", "殷庄", "李庄"))
    screenshot(page, "stations-county-nojs-phone")


def test_event_page_on_desktop(page_at):
    page = page_at("desktop")
    page.goto("/stations/events/")
    assert page.get_by_role("link", name="达工影院·周三观影夜").count() == 1
    screenshot(page, "stations-events-desktop")
