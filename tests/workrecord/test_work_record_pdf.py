"""The work record as a PDF, in five languages, for the peer and for staff and through the API."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from .factories import with_history
from .pdf import outline


def _text(pdf: bytes) -> str:
    return " | ".join(outline(pdf))


def test_the_peer_downloads_a_pdf_with_their_roles(org_a, client_for):
    with_history(org_a)
    response = client_for(org_a.peer_user).get(reverse("workrecord:mine_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = _text(response.content)
    assert "Neighbourhood clean-up" in text and "Community kitchen" in text
    assert "Needle" not in text


@pytest.mark.parametrize(
    ("lang", "heading"),
    [
        ("en", "Roles and hours"),
        ("fr", "Rôles et heures"),
        ("nb", "Roller og timer"),
        ("de", "Rollen und Stunden"),
        ("nl", "Rollen en uren"),
    ],
)
def test_the_record_renders_in_five_languages(org_a, client_for, lang, heading):
    with_history(org_a)
    page = client_for(org_a.peer_user).get(reverse("workrecord:mine") + f"?lang={lang}").content.decode()
    assert heading in page
    pdf = client_for(org_a.coordinator).get(
        reverse("workrecord:peer_pdf", args=[org_a.peer.pk]) + f"?lang={lang}"
    )
    assert pdf.content.startswith(b"%PDF") and heading in _text(pdf.content)


def test_the_api_gives_the_record_as_json_and_pdf(org_a, org_b, client_for):
    with_history(org_a)
    client = client_for(org_a.coordinator)
    body = json.loads(client.get(f"/api/v1/work-record/peers/{org_a.peer.pk}").content)
    assert body["open"] is False
    assert {role["title"] for role in body["roles"]} == {
        "Neighbourhood clean-up",
        "Community kitchen",
        "Community support work",
    }
    assert body["reference"]["text"] == "Reliable, kind and always on time."
    pdf = client.get(f"/api/v1/work-record/peers/{org_a.peer.pk}/pdf?lang=de")
    assert pdf.content.startswith(b"%PDF")
    mine = json.loads(client_for(org_a.peer_user).get("/api/v1/work-record/me").content)
    assert mine["peer_id"] == org_a.peer.pk
    assert client_for(org_b.coordinator).get(f"/api/v1/work-record/peers/{org_a.peer.pk}").status_code == 404
    assert client.get(f"/api/v1/work-record/peers/{org_a.peer.pk}?lang=xx").status_code == 422
