"""A coordinator invoices a finished order from the invoices page, downloads the PDF, marks it paid or
voids it; bad input is shown clearly; a second organisation gets 404 on every page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from peerwork.invoicing import services
from peerwork.invoicing.models import Invoice

from .factories import business_line, finished_order


def test_coordinator_invoices_a_finished_order_and_sees_it_numbered(org_a, client_for):
    order = finished_order(business_line(org_a.org), quantity=5000, price="0.45")
    client = client_for(org_a.coordinator)
    page = client.get(reverse("invoicing:invoices")).content.decode()
    assert "Fold and mail letters" in page
    response = client.post(reverse("invoicing:invoices"), {"orders": [order.pk]}, follow=True)
    page = response.content.decode()
    assert "Invoice MP-1 sent." in page
    assert "2,250.00" in page
    # The order is no longer offered once invoiced in full.
    assert (
        "Fold and mail letters"
        not in client.get(reverse("invoicing:invoices")).content.decode().split("New invoice")[1]
    )


def test_no_orders_chosen_shows_a_clear_message(org_a, client_for):
    client = client_for(org_a.coordinator)
    page = client.post(reverse("invoicing:invoices"), {}).content.decode()
    assert "Choose at least one work order to invoice." in page
    assert not Invoice.objects.exists()


def test_the_pdf_is_numbered_and_in_the_organisations_language(org_a, client_for):
    org_a.org.language = "fr"
    org_a.org.save()
    invoice = services.invoice_issue(
        organisation=org_a.org, orders=[finished_order(business_line(org_a.org))], by=None
    )
    response = client_for(org_a.coordinator).get(reverse("invoicing:invoice_pdf", args=[invoice.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "MP-1" in response["Content-Disposition"]


def test_mark_paid_and_void_on_the_invoice_page(org_a, client_for):
    invoice = services.invoice_issue(
        organisation=org_a.org, orders=[finished_order(business_line(org_a.org))], by=None
    )
    client = client_for(org_a.coordinator)
    url = reverse("invoicing:invoice", args=[invoice.pk])
    today = org_a.org.today().isoformat()
    assert client.post(url, {"paid": "1", "paid_on": today}).status_code == 302
    page = client.post(url, {"void": "1", "reason": ""}).content.decode()
    assert "This field is required." in page
    page = client.post(url, {"void": "1", "reason": "Wrong address"}, follow=True).content.decode()
    assert "Voided by credit note MP-CN1" in page
    invoice.refresh_from_db()
    assert invoice.status == "void"


def test_tax_settings_accept_zero_and_refuse_a_negative_rate(org_a, client_for):
    client = client_for(org_a.admin)
    data = {"tax_label": "VAT", "tax_number": "", "tax_rate": "-5", "payment_days": "30"}
    assert "greater than or equal to 0" in client.post(reverse("invoicing:settings"), data).content.decode()
    data["tax_rate"] = "0"
    assert client.post(reverse("invoicing:settings"), data).status_code == 302


@pytest.mark.parametrize("name", ["invoice", "invoice_pdf"])
def test_another_organisation_gets_404(org_a, org_b, client_for, name):
    invoice = services.invoice_issue(
        organisation=org_a.org, orders=[finished_order(business_line(org_a.org))], by=None
    )
    client = client_for(org_b.coordinator)
    assert client.get(reverse(f"invoicing:{name}", args=[invoice.pk])).status_code == 404
    assert (
        client.post(reverse("invoicing:invoice", args=[invoice.pk]), {"void": "1", "reason": "x"}).status_code
        == 404
    )
    assert "MP-1" not in client.get(reverse("invoicing:invoices")).content.decode()
    invoice.refresh_from_db()
    assert invoice.status == "sent"


def test_peers_and_evaluators_cannot_open_invoices(org_a, client_for):
    for user in (org_a.peer_user, org_a.evaluator):
        assert client_for(user).get(reverse("invoicing:invoices")).status_code in (302, 403, 404)


def test_a_fixed_price_job_shows_as_one_job_with_its_tax_line(org_a, client_for):
    tax = services.selectors.settings_for(org_a.org)
    tax.tax_label, tax.tax_rate = "GST", 5
    tax.save()
    order = finished_order(business_line(org_a.org), pricing="fixed", price="240")
    invoice = services.invoice_issue(organisation=org_a.org, orders=[order], by=None)
    page = client_for(org_a.coordinator).get(reverse("invoicing:invoice", args=[invoice.pk])).content.decode()
    assert "1 job" in page and "GST 5 %" in page and "252.00" in page


def test_a_finished_priced_order_of_a_business_line_leads_to_invoicing(org_a, client_for):
    order = finished_order(business_line(org_a.org))
    page = client_for(org_a.coordinator).get(reverse("shifts:work_order", args=[order.pk])).content.decode()
    assert "Invoice this order" in page and reverse("invoicing:invoices") in page
