"""The public shell in a real browser: both languages, both sizes, and the large-text mode."""

import pytest

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_home_in_chinese_and_english(page_at, size):
    page = page_at(size)
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.get_by_role("heading", level=1).inner_text() == "工会就在您身边"
    screenshot(page, f"home-zh-{size}")

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Your union, close by"
    screenshot(page, f"home-en-{size}")

    # No horizontal scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_large_text_mode_persists_across_pages(page_at):
    page = page_at("phone")
    page.goto("/")
    normal = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.get_by_role("button", name="大字模式").click()
    page.wait_for_load_state()
    large = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert large > normal * 1.2
    page.goto("/")
    assert page.locator("html.large-text").count() == 1
    assert page.get_by_role("button", name="标准字号").get_attribute("aria-pressed") == "true"
    screenshot(page, "home-large-text-phone")


def test_keyboard_user_can_skip_to_content(page_at):
    page = page_at("desktop")
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "跳到主要内容"
