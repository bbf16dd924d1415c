"""Mediation in a real browser: a worker applies and looks the case up; a mediator takes a case
from acceptance to agreement in the back office."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e


def test_worker_applies_and_checks_the_status(page_at):
    page = page_at("phone")
    page.goto("/mediation/")
    assert page.get_by_role("heading", level=1).inner_text() == "劳动争议调解"
    assert "15 日调解期限" in page.content()
    screenshot(page, "mediation-index-phone")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.get_by_role("link", name="申请调解").first.click()
    page.get_by_label("您的姓名").fill("李师傅")
    page.get_by_label("您的电话").fill("13912345678")
    page.get_by_label("争议是关于什么的？").select_option("wage_arrears")
    page.get_by_label("发生了什么？").fill("建筑工地老板拖欠我两个月工资共一万二千元。")
    screenshot(page, "mediation-apply-phone")
    page.get_by_role("button", name="提交申请").click()
    # Without consent the form comes back with the error and nothing is saved.
    expect(page.locator(".errorlist").first).to_be_visible()
    page.get_by_label(re.compile("我同意工会")).check()
    page.get_by_role("button", name="提交申请").click()

    expect(page.locator(".case-number")).to_be_visible()
    number = page.locator(".case-number").inner_text()
    code = page.locator(".lookup-code").inner_text()
    assert re.fullmatch(r"\w+-\d{4}-\d{4}", number) and re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}", code)
    screenshot(page, "mediation-applied-phone")

    page.get_by_role("link", name="查询案件进度").click()
    page.get_by_label("案件编号").fill(number)
    page.get_by_label("查询码").fill("WRONG-CODE0")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_role("alert")).to_contain_text("没有与该编号和查询码相符的案件")
    assert "李师傅" not in page.content()

    page.get_by_label("案件编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    expect(page.locator(".status-label")).to_have_text("已收案")
    assert "李师傅" not in page.content() and "13912345678" not in page.content()
    screenshot(page, "mediation-status-phone")


def test_mediator_takes_a_case_from_acceptance_to_agreement(page_at):
    page = page_at("desktop")
    page.goto("/admin/login/")
    page.get_by_label("用户名").fill("jiafeng")
    page.get_by_label("密码").fill("gonghui-2026")
    page.get_by_role("button", name="登录").click()
    page.goto("/admin/mediation/case/?status__exact=received")
    screenshot(page, "mediation-admin-case-list")
    page.get_by_role("link", name=re.compile(r"^140521-\d{4}-\d{4}$")).last.click()
    expect(page.locator("#content")).to_contain_text("当事人")
    assert "李春生" in page.content() or "赵小燕" in page.content()
    assert "140521198702110455" not in page.content()  # masked on the case page
    screenshot(page, "mediation-admin-case-received")

    page.get_by_role("link", name="受理", exact=True).click()
    page.get_by_role("button", name="受理", exact=True).click()
    page.get_by_role("link", name="指派调解队和调解员").click()
    page.locator("#id_team").select_option(label="树理劳动关系调解队")
    page.get_by_role("checkbox", name="刘树理（树理劳动关系调解队）").check()
    page.get_by_role("button", name="指派调解队和调解员").click()
    expect(page.locator("#content")).to_contain_text("调解中")

    page.get_by_role("link", name="登记调解协议").click()
    page.get_by_label("总金额（元）").fill("28000.00")
    page.get_by_label("协议内容").fill("用人单位支付二倍工资差额及经济补偿共计二万八千元。")
    page.get_by_label("付款计划").fill("2030-01-10 20000\n2030-02-10 8000")
    screenshot(page, "mediation-admin-agreement-form")
    page.get_by_role("button", name="登记调解协议").click()
    expect(page.locator("#content")).to_contain_text("达成协议")
    expect(page.locator("#content")).to_contain_text("¥28,000.00")
    screenshot(page, "mediation-admin-case-agreement")
