"""Staff say how a discreet work record may name a competence: its name is safe to read ("Cash
handling"), or a neutral title stands in for it; until then it is only counted. Page and API."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from peerwork.growth.models import Competence

from .factories import competence

API = "/api/v1/growth"
pytestmark = pytest.mark.django_db


def _edit(comp: Competence, **values: str) -> dict[str, object]:
    return {
        "name": comp.name,
        "stage": comp.stage_id,
        "steps": "\n".join(s.description for s in comp.steps.all()),
        **values,
    }


def test_a_new_competence_form_starts_ticked_as_revealing_the_programme(org_a, client_for):
    competence(org_a.org)  # seeds the ladder
    page = client_for(org_a.admin).get(reverse("growth:competence_add")).content.decode()
    assert "On a discreet work record" in page
    tag = re.search(r"<input[^>]*name=\"reveals_programme\"[^>]*>", page)
    assert tag is not None and "checked" in tag.group(0)
    assert "Title on a work record" in page


def test_the_admin_marks_a_name_safe_or_gives_a_neutral_title_and_the_framework_says_so(org_a, client_for):
    cash = competence(org_a.org, "Cash handling")
    naloxone = competence(org_a.org, "Naloxone and overdose response")
    client = client_for(org_a.admin)

    assert client.post(reverse("growth:competence_edit", args=[cash.pk]), _edit(cash)).status_code == 302
    titled = _edit(naloxone, reveals_programme="on", public_title="Emergency first response")
    assert client.post(reverse("growth:competence_edit", args=[naloxone.pk]), titled).status_code == 302

    cash.refresh_from_db()
    naloxone.refresh_from_db()
    assert (cash.reveals_programme, cash.discreet_name()) == (False, "Cash handling")
    assert (naloxone.reveals_programme, naloxone.discreet_name()) == (True, "Emergency first response")
    page = client.get(reverse("growth:framework")).content.decode()
    assert "A discreet work record names it “Cash handling”." in page
    assert "A discreet work record names it “Emergency first response”." in page
    form = client.get(reverse("growth:competence_edit", args=[naloxone.pk])).content.decode()
    assert 'value="Emergency first response"' in form


def test_another_organisation_cannot_open_or_change_the_competence(org_a, org_b, client_for):
    comp = competence(org_a.org, "Safer injecting advice")
    client = client_for(org_b.admin)
    url = reverse("growth:competence_edit", args=[comp.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _edit(comp, public_title="Community care")).status_code == 404
    comp.refresh_from_db()
    assert (comp.reveals_programme, comp.public_title) == (True, "")
    assert client_for(org_a.peer_user).post(url, _edit(comp)).status_code == 403


def test_the_api_takes_and_shows_how_a_discreet_record_names_it(org_a, client_for):
    stage = competence(org_a.org).stage
    client = client_for(org_a.admin)
    body = {"name": "Cash handling", "stage_id": stage.pk, "steps": ["Counts", "Balances"]}
    safe = client.post(
        f"{API}/competences",
        data=json.dumps({**body, "reveals_programme": False}),
        content_type="application/json",
    )
    assert safe.status_code == 201, safe.content
    assert (safe.json()["reveals_programme"], safe.json()["public_title"]) == (False, "")
    plain = client.post(
        f"{API}/competences",
        data=json.dumps({**body, "name": "Needle exchange", "public_title": "Health supplies"}),
        content_type="application/json",
    )
    assert (plain.json()["reveals_programme"], plain.json()["public_title"]) == (True, "Health supplies")
