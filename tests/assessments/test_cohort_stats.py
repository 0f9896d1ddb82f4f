"""Cohort statistics: n, median change baseline→latest, share above a cut-off, small cells hidden."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from peerwork.assessments.models import AssessmentResponse
from peerwork.assessments.selectors import cohort_stats

from .factories import enable_clients, finished, instrument


def _two_check_ins(org, code: str, first: int, latest: int, site=None) -> None:  # type: ignore[no-untyped-def]
    early = finished(org, client_code=code, value=first, site=site)
    AssessmentResponse.objects.filter(pk=early.pk).update(submitted_at=timezone.now() - timedelta(days=90))
    finished(org, client_code=code, value=latest, site=site)


def test_cohort_counts_people_median_change_and_share_above_the_cut_off(org_a):
    org = org_a.org
    org.small_cell_threshold = 1
    org.save()
    enable_clients(org)
    # value v on every item: total = 10 v + 2 (6 - v) for the two reverse-keyed items = 8 v + 12
    _two_check_ins(org, "F-AAAA-1980", 2, 4)  # 28 → 44 (+16)
    _two_check_ins(org, "F-BBBB-1980", 3, 3)  # 36 → 36 (0)
    _two_check_ins(org, "F-CCCC-1980", 2, 3)  # 28 → 36 (+8)
    _two_check_ins(org, "F-DDDD-1980", 3, 5)  # 36 → 52 (+16)
    _two_check_ins(org, "F-EEEE-1980", 4, 4)  # 44 → 44 (0)
    today = org_a.org.today()
    stats = cohort_stats(
        org,
        instrument(org, "recovery-checkin"),
        start=today - timedelta(days=365),
        end=today,
        cutoff=Decimal(42),
    )
    assert stats.people == 5 and stats.paired == 5
    assert stats.median_change == Decimal("8.00")
    assert stats.share_above == 60  # whole percent, never beside the count it is made of
    assert not stats.suppressed
    # With a threshold of 2 the two people below the cut-off are a small cell, so the share is hidden too.
    org.small_cell_threshold = 2
    org.save()
    again = cohort_stats(
        org,
        instrument(org, "recovery-checkin"),
        start=today - timedelta(days=365),
        end=today,
        cutoff=Decimal(42),
    )
    assert again.people == 5 and again.share_above is None


def test_small_cells_are_hidden_and_zero_may_show(org_a):
    org = org_a.org
    enable_clients(org)  # threshold 5 by default
    _two_check_ins(org, "F-AAAA-1980", 2, 4)
    _two_check_ins(org, "F-BBBB-1980", 3, 3)
    today = org_a.org.today()
    recovery = instrument(org, "recovery-checkin")
    stats = cohort_stats(org, recovery, start=today - timedelta(days=365), end=today, cutoff=Decimal(42))
    assert stats.people is None and stats.paired is None and stats.median_change is None
    assert stats.share_above is None and stats.suppressed
    empty = cohort_stats(org, recovery, start=today - timedelta(days=900), end=today - timedelta(days=800))
    assert empty.people == 0 and empty.paired == 0


def test_cohort_counts_only_results_staff_may_see(org_a):
    org = org_a.org
    org.small_cell_threshold = 1
    org.save()
    finished(org, peer=org_a.peer, value=4)  # not shared
    today = org_a.org.today()
    recovery = instrument(org, "recovery-checkin")
    assert cohort_stats(org, recovery, start=today - timedelta(days=30), end=today).people == 0


def test_the_evaluator_sees_cohort_statistics_on_the_page(org_a, client_for):
    org = org_a.org
    org.small_cell_threshold = 1
    org.save()
    enable_clients(org)
    _two_check_ins(org, "F-AAAA-1980", 2, 4, site=org_a.site)
    _two_check_ins(org, "F-BBBB-1980", 3, 5, site=org_a.site)
    today = org_a.org.today()
    page = client_for(org_a.evaluator).get(
        reverse("assessments:cohort"),
        {
            "instrument": instrument(org, "recovery-checkin").pk,
            "site": org_a.site.pk,
            "start": (today - timedelta(days=365)).isoformat(),
            "end": today.isoformat(),
            "target": "total",
        },
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert "+16.00" in body
    assert "Latest score at or above 42" in body


def test_quarterly_medians_hide_small_quarters(org_a):
    from peerwork.assessments.selectors import cohort_quarters

    org = org_a.org
    org.small_cell_threshold = 1
    org.save()
    enable_clients(org)
    _two_check_ins(org, "F-AAAA-1980", 2, 4)
    _two_check_ins(org, "F-BBBB-1980", 2, 5)
    today = org_a.org.today()
    quarters = cohort_quarters(
        org, instrument(org, "recovery-checkin"), start=today - timedelta(days=365), end=today
    )
    # 2 people, shown rounded to 5 (a count that is not zero never shows as 0)
    assert quarters[-1].people == 5 and quarters[-1].median == Decimal("48.00")  # 44 and 52
    org.small_cell_threshold = 5
    org.save()
    quarters = cohort_quarters(
        org, instrument(org, "recovery-checkin"), start=today - timedelta(days=365), end=today
    )
    assert all(q.people is None and q.median is None for q in quarters)


def test_a_score_the_questionnaire_does_not_have_is_a_form_error(org_a, client_for):
    today = org_a.org.today()
    page = client_for(org_a.evaluator).get(
        reverse("assessments:cohort"),
        {
            "instrument": instrument(org_a.org, "wellbeing-checkin").pk,
            "start": (today - timedelta(days=30)).isoformat(),
            "end": today.isoformat(),
            "target": "social",
        },
    )
    assert page.status_code == 200
    assert b"This questionnaire has no such score." in page.content


def test_two_cohorts_a_day_apart_cannot_be_subtracted_to_give_back_one_person(org_a):
    """Seven people in the year, six if the period starts a day later: both show as 5 people."""
    org = org_a.org
    enable_clients(org)  # the default threshold, 5
    for n in range(6):
        _two_check_ins(org, f"F-AAA{'ABCDEF'[n]}-1980", 2, 4)
    loner = finished(org, client_code="M-ZZZZ-1970", value=2)  # 28, under the cut-off
    today = org.today()
    # Noon of the organisation's day 200 days back: "now less 200 days" is the next local day in the
    # last hour of a winter evening, when that day was in summer time.
    noon = datetime.combine(today - timedelta(days=200), time(12), tzinfo=org.zone)
    AssessmentResponse.objects.filter(pk=loner.pk).update(submitted_at=noon)
    recovery = instrument(org, "recovery-checkin")
    year = cohort_stats(org, recovery, start=today - timedelta(days=365), end=today, cutoff=Decimal(42))
    later = cohort_stats(org, recovery, start=today - timedelta(days=199), end=today, cutoff=Decimal(42))
    assert (year.people, later.people) == (5, 5)  # 7 and 6, rounded to the nearest 5
    assert year.paired == later.paired == 5
    # The share is a whole percent with no count beside it; a small group on either side hides it.
    assert later.share_above == 100
    assert year.share_above is None  # one person below 42: a small cell
