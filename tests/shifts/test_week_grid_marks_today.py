"""The week grid marks the organisation's today, for the eye and for screen readers."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import time_machine
from django.urls import reverse

MARKED_DAY = re.compile(
    r'<section class="card day today"[^>]*aria-current="date"[^>]*>\s*<h2[^>]*>([^<]+)</h2>'
)


def _marked_days(page: str) -> list[str]:
    return MARKED_DAY.findall(page)


@time_machine.travel(datetime(2026, 12, 10, 3, 30, tzinfo=UTC), tick=False)
def test_today_is_the_organisations_local_date_on_the_grid(org_a, client_for):
    # 03:30 UTC on Thursday 10 December is still Wednesday 9 December in Toronto.
    page = client_for(org_a.coordinator).get(reverse("shifts:week")).content.decode()
    assert _marked_days(page) == ["Wednesday 9 Dec"]
    assert page.count('aria-current="date"') == 1


@time_machine.travel(datetime(2026, 12, 10, 15, 0, tzinfo=UTC), tick=False)
def test_another_week_marks_no_day(org_a, client_for):
    page = client_for(org_a.coordinator).get(reverse("shifts:week"), {"week": "2026-12-21"}).content.decode()
    assert 'aria-current="date"' not in page
    assert _marked_days(page) == []
