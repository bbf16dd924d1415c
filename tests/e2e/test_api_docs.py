"""The interactive API documentation renders under the strict Content-Security-Policy."""

import pytest

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e


def test_api_docs_render_with_csp(page_at):
    page = page_at("desktop")
    violations = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
    page.goto("/api/v1/docs/")
    page.wait_for_selector(".swagger-ui .info .title", timeout=15000)
    assert "Union Service Stations API" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.locator(".opblock-tag").count() >= 1
    screenshot(page, "api-docs-desktop")
    assert violations == []
