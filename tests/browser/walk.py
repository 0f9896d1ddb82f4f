"""A walk through the app as a person would take it: only what the screen shows is clicked or filled,
every page reached is checked with axe and photographed at 1280 and 390 px, and the steps are counted."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@dataclass
class Walk:
    page: Any
    axe_check: Callable[[Any], None]
    name: str
    size: dict[str, int] = field(default_factory=lambda: dict(DESKTOP))
    steps: int = 0
    pages: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.shots = Path(os.environ.get("PEERWORK_SCREENSHOTS", "/tmp/peerwork-walks"))
        self.shots.mkdir(parents=True, exist_ok=True)
        self.page.set_viewport_size(self.size)

    def click(self, locator: Any) -> None:
        """One tap or click on something the person can see."""
        locator.scroll_into_view_if_needed()
        expect(locator, message=f"step {self.steps + 1}: not visible: {locator}").to_be_visible()
        locator.click()
        self.steps += 1

    def fill(self, locator: Any, text: str) -> None:
        """One field typed in."""
        locator.fill(text)
        self.steps += 1

    def check(self, locator: Any) -> None:
        """One box ticked."""
        locator.check()
        self.steps += 1

    def arrived(self, label: str) -> None:
        """A page reached: no serious or critical axe finding; a picture at both widths."""
        self.page.wait_for_load_state()
        self.axe_check(self.page)
        number = len(self.pages) + 1
        self.pages.append(label)
        for width, size in (("1280", DESKTOP), ("390", PHONE)):
            self.page.set_viewport_size(size)
            path = self.shots / f"{self.name}-{number:02d}-{label}-{width}.png"
            self.page.screenshot(path=str(path), full_page=True)
        self.page.set_viewport_size(self.size)
        wide = self.page.evaluate("document.documentElement.scrollWidth")
        assert wide <= self.size["width"], f"{label} scrolls sideways at {self.size['width']} px ({wide} px)"
