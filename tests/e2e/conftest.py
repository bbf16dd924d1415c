"""Browser tests: Playwright drives the system's Chromium against a live server.

Run with `make e2e`. Screenshots land in var/screenshots/ so a person can look at every page at
phone and desktop size. Each test gets the demo data (regions + `seed_demo`), as `make run` does.
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def demo_data(transactional_db):
    null = open(os.devnull, "w")  # noqa: SIM115
    call_command("load_regions", stdout=null)
    call_command("seed_demo", stdout=null)


@pytest.fixture
def page_at(browser, live_server, demo_data):
    """`page_at("phone")` or `page_at("desktop", locale="en")`: a fresh page on the live server."""
    contexts = []

    def make(size="phone", **options):
        viewport = PHONE if size == "phone" else DESKTOP
        options.setdefault("locale", "zh-CN")  # a worker's phone in China
        context = browser.new_context(viewport=viewport, base_url=live_server.url, **options)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
