"""Staff read feedback by theme, site and month; a small group is never shown on its own."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from peerwork.voice.models import Theme
from peerwork.voice.selectors import feedback_groups
from peerwork.voice.services import action_done, action_record, decision_record, meeting_record

from .factories import feedback

pytestmark = pytest.mark.django_db


def test_a_group_at_or_under_the_small_cell_threshold_is_hidden(org_a):
    org_a.org.small_cell_threshold = 5
    org_a.org.save()
    feedback(org_a.org, 5, site=org_a.site)
    feedback(org_a.org, 6, site=org_a.other_site, rating=2)
    by_site = {group.label: group for group in feedback_groups(org_a.org)["site"]}
    assert by_site[org_a.site.name].count is None
    assert by_site[org_a.site.name].average is None
    assert by_site[org_a.other_site.name].count == 5  # 6, rounded to the nearest 5
    assert by_site[org_a.other_site.name].average == 2.0


def test_the_page_hides_small_groups_and_their_comments(org_a, client_for):
    org_a.org.small_cell_threshold = 3
    org_a.org.save()
    feedback(org_a.org, 1, site=org_a.site, text="Only one of us said this")
    feedback(org_a.org, 4, site=org_a.other_site, text="Warm welcome every time")
    body = client_for(org_a.coordinator).get(reverse("voice:dashboard")).content.decode()
    assert "small group, hidden" in body
    assert "Warm welcome every time" in body
    assert "Only one of us said this" not in body


def test_free_text_only_for_roles_that_may_read_it(org_a, org_b, client_for):
    org_a.org.small_cell_threshold = 1
    org_a.org.save()
    feedback(org_a.org, 2, site=org_a.site, text="The queue was long")
    url = reverse("voice:dashboard")
    for user in (org_a.admin, org_a.coordinator, org_a.supervisor):
        assert "The queue was long" in client_for(user).get(url).content.decode()
    evaluator_page = client_for(org_a.evaluator).get(url)
    assert evaluator_page.status_code == 200
    assert "The queue was long" not in evaluator_page.content.decode()
    assert client_for(org_a.peer_user).get(url).status_code == 403
    assert "The queue was long" not in client_for(org_b.coordinator).get(url).content.decode()


def test_markup_in_text_is_escaped_on_the_page(org_a, client_for):
    org_a.org.small_cell_threshold = 1
    org_a.org.save()
    feedback(org_a.org, 2, text="5 > 3 & fine")
    body = client_for(org_a.coordinator).get(reverse("voice:dashboard")).content.decode()
    assert "5 &gt; 3 &amp; fine" in body


def test_a_coordinator_tags_feedback_with_the_organisations_themes(org_a, org_b, client_for):
    org_a.org.small_cell_threshold = 1
    org_a.org.save()
    item, _other = feedback(org_a.org, 2, site=org_a.site, text="Waiting too long")
    coordinator = client_for(org_a.coordinator)
    coordinator.post(reverse("voice:dashboard"), {"name": "Waiting times"})
    theme = Theme.objects.get(organisation=org_a.org)
    url = reverse("voice:feedback_tag", kwargs={"pk": item.pk})
    assert client_for(org_a.evaluator).post(url, {f"f{item.pk}-themes": [theme.pk]}).status_code == 403
    assert client_for(org_b.coordinator).post(url, {f"f{item.pk}-themes": [theme.pk]}).status_code == 404
    assert list(item.themes.all()) == []

    coordinator.post(url, {f"f{item.pk}-themes": [theme.pk]})

    assert list(item.themes.all()) == [theme]
    by_theme = {group.label: group.count for group in feedback_groups(org_a.org)["theme"]}
    assert by_theme == {"": None, "Waiting times": None}  # 1 each: hidden at threshold 1


def test_held_feedback_is_not_counted_until_a_coordinator_shows_it(org_a, org_b, client_for):
    org_a.org.small_cell_threshold = 1
    org_a.org.save()
    feedback(org_a.org, 7, site=org_a.site)
    (held,) = feedback(org_a.org, text="visit www.spam.example.com")
    assert {g.label: g.count for g in feedback_groups(org_a.org)["site"]} == {org_a.site.name: 5}  # 7
    page = client_for(org_a.coordinator).get(reverse("voice:dashboard")).content.decode()
    assert "Held for review" in page
    url = reverse("voice:feedback_release", kwargs={"pk": held.pk})
    assert client_for(org_b.coordinator).post(url).status_code == 404
    assert client_for(org_a.supervisor).post(url).status_code == 403
    client_for(org_a.coordinator).post(url)
    assert sum(g.count or 0 for g in feedback_groups(org_a.org)["month"]) == 10  # 8, rounded


def test_the_page_shows_the_share_of_advisory_actions_done_on_time(org_a, client_for):
    today = org_a.org.today()
    decision = decision_record(
        meeting=meeting_record(organisation=org_a.org, held_on=today), text="Open earlier"
    )
    early = action_record(decision=decision, description="a", owner="Sam", due_on=today - timedelta(days=3))
    action_done(action=early, what_changed="done", done_on=today - timedelta(days=4))
    action_record(decision=decision, description="b", owner="Sam", due_on=today - timedelta(days=1))
    action_record(decision=decision, description="c", owner="Sam", due_on=today + timedelta(days=9))
    page = client_for(org_a.evaluator).get(reverse("voice:dashboard")).content.decode()
    assert "1 of 2 due so far" in page


def test_a_coordinator_limited_to_one_site_reads_only_that_sites_feedback_and_the_organisations(
    org_a, client_for
):
    from peerwork.accounts.models import Membership

    org_a.org.small_cell_threshold = 1
    org_a.org.save()
    feedback(org_a.org, 2, site=org_a.site, text="The kettle at our site is broken")
    feedback(org_a.org, 2, site=org_a.other_site, text="The other site's van is late")
    feedback(org_a.org, 2, text="The website is hard to read")
    Membership.objects.get(user=org_a.coordinator, organisation=org_a.org).sites.set([org_a.site])
    body = client_for(org_a.coordinator).get(reverse("voice:dashboard")).content.decode()
    assert "The kettle at our site is broken" in body
    assert "The website is hard to read" in body, "feedback through the organisation's own link"
    assert "The other site&#x27;s van is late" not in body and "van is late" not in body
    assert org_a.other_site.name not in body
