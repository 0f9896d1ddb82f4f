"""Contract pages: the coordinator drafts (keeping what was typed on a mistake), adds standing shifts,
signs, renews and ends; the peer reads their own contract and downloads it; another organisation's
people get 404 and peers cannot reach the coordinator's pages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from peerwork.shifts.contracts import services
from peerwork.shifts.contracts.models import Contract, ContractStatus

from .helpers import END, START, add_standing, draft, role_for


def _form(org_a, role, **changes):
    data = {
        "peer": org_a.peer.pk,
        "kind": "fixed_term",
        "site": org_a.site.pk,
        "starts_on": START.isoformat(),
        "ends_on": END.isoformat(),
        "hours_per_week": "20",
        "full_time_share": "",
        "roles": [role.pk],
        "pay_basis": "hourly",
        "hourly_rate": "20.00",
        "salary": "",
        "salary_period": "",
        "probation_review_on": "",
    }
    data.update(changes)
    return data


def test_the_coordinator_drafts_a_contract_and_a_mistake_keeps_what_was_typed(org_a, client_for):
    role = role_for(org_a)
    client = client_for(org_a.coordinator)
    bad = client.post(reverse("shifts:contract_new"), _form(org_a, role, ends_on="2026-12-01"))
    html = bad.content.decode()
    assert "The contract cannot end before it starts." in html
    assert 'value="20.00"' in html and not Contract.objects.exists()
    good = client.post(reverse("shifts:contract_new"), _form(org_a, role))
    contract = Contract.objects.get()
    assert good.status_code == 302 and good["Location"] == reverse("shifts:contract", args=[contract.pk])


def test_standing_shifts_and_signing_from_the_contract_page(org_a, client_for):
    contract = draft(org_a)
    client = client_for(org_a.coordinator)
    url = reverse("shifts:standing_add", args=[contract.pk])
    data = {
        "weekday": 1,
        "start_time": "09:00",
        "end_time": "13:00",
        "role": contract.roles.get().pk,
        "site": org_a.site.pk,
    }
    assert client.post(url, data).status_code == 302
    clash = client.post(url, {**data, "start_time": "12:00", "end_time": "15:00"})
    assert clash.status_code == 400 and "Standing shifts overlap" in clash.content.decode()
    client.post(reverse("shifts:contract_sign", args=[contract.pk]))
    contract.refresh_from_db()
    assert contract.status == ContractStatus.ACTIVE
    page = client.get(reverse("shifts:contract", args=[contract.pk])).content.decode()
    assert "Tuesday" in page and "Download the signed contract (PDF)" in page and "Draft the renewal" in page


def test_renewing_and_ending_from_the_contract_page(org_a, client_for):
    contract = services.contract_sign(contract=draft(org_a))
    client = client_for(org_a.coordinator)
    response = client.post(reverse("shifts:contract_renew", args=[contract.pk]), {"ends_on": "2027-12-31"})
    renewal = Contract.objects.get(previous=contract)
    assert response["Location"] == reverse("shifts:contract", args=[renewal.pk])
    client.post(
        reverse("shifts:contract_end", args=[contract.pk]), {"ended_on": "2027-03-01", "reason": "a post"}
    )
    contract.refresh_from_db()
    assert contract.status == ContractStatus.ENDED and contract.end_reason == "a post"


def test_the_draft_says_when_it_would_pass_the_peers_benefit_limit(org_a, client_for):
    from datetime import date

    from peerwork.pay import services as pay_services
    from tests.pay.factories import EarningsRuleFactory

    pay_services.peer_rule_assign(
        peer=org_a.peer,
        rule=EarningsRuleFactory(organisation=org_a.org, short_name="ODSP"),
        starts_on=date(2020, 1, 1),
        actor=org_a.admin,
    )
    contract = draft(org_a, hourly_rate=Decimal("25.00"))  # 20 h × 25 ≈ 2,167 a month
    page = client_for(org_a.coordinator).get(reverse("shifts:contract", args=[contract.pk])).content.decode()
    assert "more than the" in page and "ODSP" in page


def test_the_peer_sees_their_signed_contract_and_downloads_it(org_a, client_for):
    contract = draft(org_a)
    add_standing(contract, weekday=3)
    client = client_for(org_a.peer_user)
    assert "You have no signed contract" in client.get(reverse("shifts:my_contract")).content.decode()
    services.contract_sign(contract=contract, by=org_a.coordinator)
    page = client.get(reverse("shifts:my_contract")).content.decode()
    assert "Thursday" in page and "Fixed-term" in page
    pdf = client.get(reverse("shifts:my_contract_pdf", args=[contract.pk]) + "?lang=fr")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    mywork = client.get(reverse("peers:my_work")).content.decode()
    assert "My contract" in mywork


def test_the_peer_page_shows_the_contract_panel(org_a, client_for):
    contract = services.contract_sign(contract=draft(org_a))
    page = client_for(org_a.coordinator).get(reverse("peers:detail", args=[org_a.peer.pk])).content.decode()
    assert reverse("shifts:contract", args=[contract.pk]) in page


@pytest.mark.parametrize("name", ["shifts:contract", "shifts:contract_edit", "shifts:contract_pdf"])
def test_another_organisation_gets_404(org_a, org_b, client_for, name):
    contract = (
        services.contract_sign(contract=draft(org_a)) if name == "shifts:contract_pdf" else draft(org_a)
    )
    response = client_for(org_b.coordinator).get(reverse(name, args=[contract.pk]))
    assert response.status_code == 404


def test_another_organisation_cannot_sign_or_see_the_peers_pdf(org_a, org_b, client_for):
    contract = draft(org_a)
    assert (
        client_for(org_b.coordinator).post(reverse("shifts:contract_sign", args=[contract.pk])).status_code
        == 404
    )
    services.contract_sign(contract=contract)
    other_peer = client_for(org_b.peer_user).get(reverse("shifts:my_contract_pdf", args=[contract.pk]))
    assert other_peer.status_code == 404
    contract.refresh_from_db()
    assert contract.signed_by is None


def test_peers_and_supervisors_cannot_reach_the_coordinators_pages(org_a, client_for):
    contract = draft(org_a)
    for user in (org_a.peer_user, org_a.supervisor):
        assert client_for(user).get(reverse("shifts:contract", args=[contract.pk])).status_code == 403
        assert client_for(user).get(reverse("shifts:contracts")).status_code == 403


@pytest.mark.parametrize(
    ("lang", "title", "kind"),
    [
        ("en", "Employment contract", "Fixed-term"),
        ("fr", "Contrat de travail", "À durée déterminée"),
        ("nb", "Arbeidskontrakt", "Midlertidig"),
        ("de", "Arbeitsvertrag", "Befristet"),
        ("nl", "Arbeidsovereenkomst", "Bepaalde tijd"),
    ],
)
def test_the_signed_pdf_is_written_in_the_language_asked_for(
    org_a, client_for, lang, title, kind, monkeypatch
):
    from peerwork.shifts.contracts import views

    rendered: list[str] = []
    real = views.render_to_string
    monkeypatch.setattr(
        views, "render_to_string", lambda *a, **k: rendered.append(real(*a, **k)) or rendered[-1]
    )
    contract = services.contract_sign(contract=draft(org_a), by=org_a.coordinator)
    response = client_for(org_a.coordinator).get(
        reverse("shifts:contract_pdf", args=[contract.pk]) + f"?lang={lang}"
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert f'<html lang="{lang}">' in rendered[0]
    assert title in rendered[0] and kind in rendered[0]
