"""In the demo the mailing order stops at its target of 5,000 letters, an earlier job is invoiced and
paid, the coordinator can invoice the finished mailing order, and the dashboard shows the line."""

from __future__ import annotations

from django.urls import reverse

from peerwork.accounts.models import User
from peerwork.core.demo import DEMO_SLUG
from peerwork.invoicing.models import Invoice
from peerwork.orgs.models import Organisation
from peerwork.shifts.models import WorkOrder
from tests.personas import sign_in


def test_the_demo_mailing_order_closes_at_its_target_and_can_be_invoiced(db, demo, client):
    org = Organisation.objects.get(slug=DEMO_SLUG)
    mailing = WorkOrder.objects.get(organisation=org, customer="City Housing Office")
    assert (mailing.quantity_done, mailing.quantity, mailing.status) == (5000, 5000, "closed")
    paid = Invoice.objects.get(organisation=org)
    assert paid.status == "paid" and paid.number == "MP-1"
    coordinator = sign_in(client, User.objects.get(username="coordinator"))
    response = coordinator.post(reverse("invoicing:invoices"), {"orders": [mailing.pk]}, follow=True)
    assert "Invoice MP-2 sent." in response.content.decode()
    assert Invoice.objects.get(number="MP-2").subtotal == 5000 * mailing.price
    evaluator = sign_in(client, User.objects.get(username="evaluator"))
    page = evaluator.get(reverse("insights:dashboard")).content.decode()
    assert "Business lines" in page and "Mail &amp; Print" in page
