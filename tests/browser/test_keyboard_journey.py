"""Keyboard only: a police officer skips to the content, signs in and reports a child missing
without touching the mouse. Every control is reached with Tab, shows the GOV.UK focus style,
and is used with the keys a keyboard user would press (typing, Space for a radio, Enter)."""

import re

import pytest
from playwright.sync_api import Page, expect

from missinghub.accounts.models import Role, User
from missinghub.accounts.tests.factories import UserFactory
from missinghub.accounts.totp import current_code, totp_secret
from missinghub.episodes.models import Episode
from tests.browser.conftest import assert_accessible
from tests.browser.test_first_journey import PASSWORD

FOCUSED_NAME = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "";
  const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
  return (label || el.getAttribute("aria-label") || el.innerText || el.value || "").trim();
}"""
GOVUK_FOCUS_YELLOW = "rgb(255, 221, 0)"


def tab_to(page: Page, name: str, *, limit: int = 60) -> None:
    """Press Tab until the focused control's label or text starts with `name`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED_NAME).startswith(name):
            return
    raise AssertionError(f"{limit} presses of Tab never reached {name!r}")


def assert_focus_is_visible(page: Page) -> None:
    """GOV.UK's focus state: a yellow background or outline on the focused control."""
    style = page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
        return [s.backgroundColor, s.outlineColor, s.outlineStyle, s.boxShadow].join(" | "); }"""
    )
    assert GOVUK_FOCUS_YELLOW in style or "rgb(11, 12, 12)" in style, style


def type_into(page: Page, name: str, text: str) -> None:
    tab_to(page, name)
    assert_focus_is_visible(page)
    page.keyboard.type(text)


def date_by_keyboard(page: Page, day: str, month: str, year: str, time: str = "") -> None:
    for part, value in (("Day", day), ("Month", month), ("Year", year), ("Time", time)):
        if value:
            type_into(page, part, value)


def choose_radio(page: Page, field: str, label: str) -> None:
    """Tab into the radio group, then move with the arrow keys to `label` (as a user would)."""
    in_group = (
        "() => document.activeElement.type === 'radio'"
        f" && document.activeElement.name === '{field}'"
    )
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate(in_group):
            break
    else:
        raise AssertionError(f"Tab never reached the {field} radios")
    for _ in range(10):
        if page.evaluate(FOCUSED_NAME).startswith(label):
            page.keyboard.press("Space")
            assert page.evaluate("document.activeElement.checked") is True
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"the arrow keys never reached {label!r} in {field}")


@pytest.mark.django_db(transaction=True)
def test_report_a_child_missing_with_the_keyboard_only(page: Page, live_server, agencies) -> None:
    officer = UserFactory(agency=agencies["police"], role=Role.POLICE_OFFICER, password=PASSWORD)
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/sign-in/"))

    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_NAME) == "Skip to main content"
    assert_focus_is_visible(page)
    type_into(page, "Username", officer.username)
    type_into(page, "Password", PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/two-factor/code/"))
    code = current_code(totp_secret(User.objects.get(pk=officer.pk)))
    type_into(page, "Enter the code", code)
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + "/")

    tab_to(page, "Report a child missing")
    assert_focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Report a child missing")).to_be_visible()
    type_into(page, "First name", "Kit")
    type_into(page, "Last name", "Keyboardson")
    date_by_keyboard(page, "9", "10", "2011")
    choose_radio(page, "category", "Missing")
    date_by_keyboard(page, "2", "6", "2025", "21:15")
    date_by_keyboard(page, "2", "6", "2025", "23:05")
    choose_radio(page, "risk_level", "Medium")
    type_into(page, "Why this risk level?", "Missing overnight twice this month")
    tab_to(page, "Report missing")
    page.keyboard.press("Enter")

    expect(page.get_by_text("Kit Keyboardson is reported missing")).to_be_visible()
    assert_accessible(page)
    episode = Episode.objects.get(child__family_name="Keyboardson")
    assert episode.reporting_agency == agencies["police"]
    assert episode.risk_gradings.get().level == "medium"
