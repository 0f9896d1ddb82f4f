"""The menu: a few sections of a few entries each, the current one marked; a peer's menu stays one bar."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from peerwork.accounts.capabilities import role_can
from peerwork.accounts.roles import Role
from peerwork.core.navigation import FLAT_MENU_SIZE, menu_for

NAV = re.compile(r'<nav aria-label="([^"]+)" class="([^"]+)">(.*?)</nav>', re.S)
LINK = re.compile(r'<a href="([^"]+)"( aria-current="(\w+)")?>([^<]+)</a>')


def _navs(page: str) -> dict[str, list[tuple[str, str, str]]]:
    """Each nav landmark by its label: its links as (label, href, aria-current)."""
    return {
        label: [(text, href, current) for href, _, current, text in LINK.findall(body)]
        for label, _, body in NAV.findall(page)
    }


class _Member:
    def __init__(self, role: str) -> None:
        self.role = role

    def can(self, capability: str) -> bool:
        return role_can(self.role, capability)


@pytest.mark.parametrize("role", list(Role))
def test_no_bar_holds_more_than_seven_entries(role):
    menu = menu_for(_Member(role), "")
    assert len(menu.flat) <= FLAT_MENU_SIZE
    assert len(menu.sections) <= 7
    for section in menu.sections:
        assert 1 <= len(section.links) <= 7, (section.label, [str(link.label) for link in section.links])


def test_the_coordinator_sees_sections_and_the_current_sections_entries(org_a, client_for):
    page = client_for(org_a.coordinator).get(reverse("shifts:week")).content.decode()
    navs = _navs(page)
    sections = navs["Main"]
    assert [label for label, _, _ in sections] == [
        "People",
        "Shifts",
        "Pay",
        "Services",
        "Support",
        "Insights",
    ]
    assert [label for label, _, current in sections if current] == ["Shifts"]
    assert {label: current for label, _, current in sections}["Shifts"] == "true"
    shifts = navs["Shifts"]
    assert [label for label, _, _ in shifts] == [
        "Shifts",
        "Allocation",
        "Check-in desk",
        "Fairness",
        "Roles and shifts",
        "Work orders",
        "Contracts",
    ]
    assert [(label, current) for label, _, current in shifts if current] == [("Shifts", "page")]


def test_a_page_outside_the_menu_opens_its_apps_section(org_a, client_for):
    page = client_for(org_a.coordinator).get(reverse("shifts:policy")).content.decode()
    navs = _navs(page)
    assert [label for label, _, current in navs["Main"] if current] == ["Shifts"]
    assert not [label for label, _, current in navs["Shifts"] if current]


def test_the_shift_pages_carry_one_menu_and_the_set_up_pages_their_own_tabs(org_a, client_for):
    client = client_for(org_a.coordinator)
    week = _navs(client.get(reverse("shifts:week")).content.decode())
    assert set(week) == {"Main", "Shifts"}, "the section bar is the only menu on the week"
    rules = _navs(client.get(reverse("shifts:policy")).content.decode())
    assert [(label, current) for label, _, current in rules["Roles and shifts"]] == [
        ("Roles", ""),
        ("Weekly shifts", ""),
        ("Shift rules", "page"),
    ]


def test_the_kiosk_desk_and_recovery_check_ins_are_named_apart(org_a, client_for):
    client = client_for(org_a.coordinator)
    desk = _navs(client.get(reverse("shifts:desk")).content.decode())
    assert ("Check-in desk", reverse("shifts:desk"), "page") in desk["Shifts"]
    due = _navs(client.get(reverse("assessments:due")).content.decode())
    assert ("Recovery check-ins", reverse("assessments:due"), "page") in due["Support"]
    labels = {label for nav in (desk, due) for links in nav.values() for label, _, _ in links}
    assert not labels & {"Check-in", "Check-ins"}


def test_a_peer_sees_one_short_bar_of_their_own_pages(org_a, client_for):
    page = client_for(org_a.peer_user).get(reverse("shifts:open")).content.decode()
    navs = _navs(page)
    assert list(navs) == ["Main"]
    labels = [label for label, _, _ in navs["Main"]]
    assert labels == [
        "My work",
        "Open shifts",
        "My support",
        "My shifts",
        "Log services",
        "My pay",
        "My check-ins",
    ]
    assert [label for label, _, current in navs["Main"] if current] == ["Open shifts"]


def test_a_supervisor_lands_in_support_with_its_entries(org_a, client_for):
    page = client_for(org_a.supervisor).get(reverse("support:dashboard")).content.decode()
    navs = _navs(page)
    assert "Pay" not in [label for label, _, _ in navs["Main"]]
    assert [label for label, _, _ in navs["Support"]] == [
        "Support",
        "Recovery check-ins",
        "Mentoring",
        "Placement plans",
    ]
