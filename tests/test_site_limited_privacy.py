"""A staff member limited to some sites: the research export and the consent pages show only their
sites' peers and records (accounts/sites.py); B sees none of A's."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from .privacy.factories import consent_for
from .services.factories import ServiceEntryFactory
from .test_site_limited_lists import OTHER, OWN, World, _limit

pytestmark = pytest.mark.django_db


def _rows(content: bytes, name: str) -> list[dict[str, str]]:
    text = zipfile.ZipFile(io.BytesIO(content)).read(name).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_limited_research_export_holds_only_their_sites(org_a, org_b, client_for):
    now = timezone.now()
    for site in (org_a.site, org_a.other_site):
        ServiceEntryFactory(organisation=org_a.org, site=site, quantity=20, occurred_at=now)
    ServiceEntryFactory(organisation=org_b.org, site=org_b.site, quantity=20, occurred_at=now)
    _limit(org_a.evaluator, org_a, org_a.site)
    today = org_a.org.today()
    form = {"start": (today - timedelta(days=5)).isoformat(), "end": today.isoformat()}
    content = client_for(org_a.evaluator).post(reverse("privacy:research_export"), form).content
    assert {row["site"] for row in _rows(content, "services.csv")} == {org_a.site.name}
    summary = _rows(content, "services_by_month_and_site.csv")
    assert org_a.other_site.name not in str(summary)
    unlimited = client_for(org_a.admin).post(reverse("privacy:research_export"), form).content
    both = {org_a.site.name, org_a.other_site.name}
    assert {row["site"] for row in _rows(unlimited, "services.csv")} == both
    # B's export never holds A's rows.
    b_content = client_for(org_b.evaluator).post(reverse("privacy:research_export"), form).content
    assert {row["site"] for row in _rows(b_content, "services.csv")} == {org_b.site.name}


def test_limited_consent_pages_show_only_their_sites_peers(org_a, org_b, client_for):
    world = World(org_a)
    own = consent_for(org_a, peer=world.peer[OWN])
    other = consent_for(org_a, peer=world.peer[OTHER], purpose=f"{OTHER} purpose")
    _limit(org_a.admin, org_a, org_a.site)
    client = client_for(org_a.admin)
    page = client.get(reverse("privacy:index")).content.decode()
    assert OTHER not in page and world.peer[OWN].preferred_name in page
    assert client.get(reverse("privacy:consent_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("privacy:consent_detail", args=[other.pk])).status_code == 404
    b = client_for(org_b.admin)
    assert b.get(reverse("privacy:consent_detail", args=[own.pk])).status_code == 404
    assert world.peer[OWN].preferred_name not in b.get(reverse("privacy:index")).content.decode()
