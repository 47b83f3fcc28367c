"""Playwright driving Debian's Chromium (test tools may not download browsers here)."""

import importlib
import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Browser tests need Debian's chromium: apt-get install chromium (make test does it as root)"
        )
    # Playwright's sync API keeps an event loop running in this thread; the test's own ORM calls are still
    # plain synchronous code, so Django's async-safety guard is told so.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    page.wait_for_load_state("networkidle")  # no request may outlive the test's live server
    context.close()


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    page.wait_for_load_state("networkidle")  # no request may outlive the test's live server
    context.close()


DEMO_PASSWORD = "pass-word-123"  # noqa: S105  (the factories' test password)


def login(page, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def seed_what_migrations_seed() -> None:
    """A transactional test may start from a database an earlier one emptied: put back the holiday calendar and
    the built-in agreement kinds the migrations seed, as `gonghui demo` expects them."""
    from django.apps import apps

    calendar = importlib.import_module("gonghui.core.migrations.0003_seed_calendar")
    calendar.unseed(apps, None)  # seeding twice would repeat the days
    calendar.seed(apps, None)
    importlib.import_module("gonghui.agreements.migrations.0002_builtin_kinds").seed(apps, None)
