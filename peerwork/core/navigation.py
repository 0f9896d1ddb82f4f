"""The navigation menu, contributed by each app in its ``AppConfig.ready()``.

An entry names the capability it needs; the menu shows only entries the signed-in person's
role grants, so staff and peers each see their own navigation.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise

from .registry import Collection


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    capability: str
    section: str = "work"  # "work" for daily use, "admin" for set-up pages

    @property
    def url(self) -> str:
        return reverse(self.url_name)


menu: Collection[NavEntry] = Collection("navigation")  # type: ignore[type-var]
