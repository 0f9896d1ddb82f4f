"""The navigation menu, contributed by each app in its ``AppConfig.ready()``.

An entry names the capability it needs and the section it belongs to; the menu shows only
entries the signed-in person's role grants. A short menu (a peer's own pages) is one bar; a
longer one is a bar of sections with a second bar for the entries of the current section, so
no bar holds more than about seven links and every page works without JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from .registry import Collection

# A menu with at most this many entries is shown as a single bar, without sections.
FLAT_MENU_SIZE = 7


@dataclass(frozen=True)
class NavSection:
    key: str
    label: str | Promise


# The coordinator's day reads left to right: people, their shifts, their pay, the services they
# give, the support they get, what it all adds up to, then set-up. "mine" holds a peer's own pages.
SECTIONS: tuple[NavSection, ...] = (
    NavSection("people", pgettext_lazy("navigation", "People")),
    NavSection("shifts", pgettext_lazy("navigation", "Shifts")),
    NavSection("pay", pgettext_lazy("navigation", "Pay")),
    NavSection("services", pgettext_lazy("navigation", "Services")),
    NavSection("support", pgettext_lazy("navigation", "Support")),
    NavSection("insights", pgettext_lazy("navigation", "Insights")),
    NavSection("setup", pgettext_lazy("navigation", "Set-up")),
    NavSection("mine", pgettext_lazy("navigation", "My pages")),
)


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    capability: str
    section: str = "mine"  # one of SECTIONS' keys

    @property
    def url(self) -> str:
        return reverse(self.url_name)


menu: Collection[NavEntry] = Collection("navigation")  # type: ignore[type-var]


@dataclass
class NavLink:
    label: str | Promise
    url: str
    current: bool


@dataclass
class NavGroup:
    key: str
    label: str | Promise
    url: str
    current: bool = False
    links: list[NavLink] = field(default_factory=list)


@dataclass
class Menu:
    """What one person's navigation shows on one page."""

    flat: list[NavLink] = field(default_factory=list)
    sections: list[NavGroup] = field(default_factory=list)

    @property
    def current_section(self) -> NavGroup | None:
        return next((section for section in self.sections if section.current), None)

    def __bool__(self) -> bool:
        return bool(self.flat or self.sections)


def _namespace(view_name: str) -> str:
    return view_name.rpartition(":")[0]


def menu_for(membership: Any, view_name: str) -> Menu:
    """The entries ``membership`` may use, grouped, with the current page and section marked.

    The current section is the one holding the current page; a page that is not in the menu
    (a shift, a payout) belongs to the section of the first entry of its app.
    """
    entries = [entry for entry in menu if membership.can(entry.capability)]
    if len(entries) <= FLAT_MENU_SIZE:
        return Menu(flat=[NavLink(e.label, e.url, e.url_name == view_name) for e in entries])
    order = {section.key: index for index, section in enumerate(SECTIONS)}
    entries.sort(key=lambda e: order.get(e.section, len(order)))  # stable: keeps registration order
    exact = next((e for e in entries if e.url_name == view_name), None)
    namespace = _namespace(view_name)
    by_app = next((e for e in entries if namespace and _namespace(e.url_name) == namespace), None)
    found = exact or by_app
    current_section = found.section if found is not None else ""
    labels = {section.key: section.label for section in SECTIONS}
    groups: dict[str, NavGroup] = {}
    for entry in entries:
        group = groups.get(entry.section)
        if group is None:
            group = groups[entry.section] = NavGroup(
                entry.section,
                labels.get(entry.section, entry.section),
                entry.url,
                entry.section == current_section,
            )
        group.links.append(NavLink(entry.label, entry.url, entry.url_name == view_name))
    return Menu(sections=list(groups.values()))
