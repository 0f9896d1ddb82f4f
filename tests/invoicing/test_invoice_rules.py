"""Invoices: numbered per business line without gaps, tax from the settings, bad input refused, never
changed once sent, voided by a credit note after which the order can be invoiced again."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from peerwork.invoicing import selectors, services
from peerwork.invoicing.models import CreditNote, Invoice, InvoiceStatus
from peerwork.shifts import orders

from .factories import business_line, finished_order


def test_an_invoice_takes_the_units_done_the_price_and_the_tax_rate(org_a):
    line = business_line(org_a.org)
    tax = selectors.settings_for(org_a.org)
    tax.tax_rate, tax.tax_number, tax.tax_label = Decimal("25"), "NO 999 888 777", "MVA"
    tax.save()
    order = finished_order(line, quantity=5000, price="0.45")
    invoice = services.invoice_issue(organisation=org_a.org, orders=[order], by=org_a.coordinator)
    assert invoice.number == "MP-1" and invoice.status == InvoiceStatus.SENT
    assert invoice.subtotal == Decimal("2250.00")
    assert invoice.tax == Decimal("562.50") and invoice.total == Decimal("2812.50")
    assert (invoice.tax_label, invoice.tax_number) == ("MVA", "NO 999 888 777")
    assert invoice.seller_name == "MP- Trading" and invoice.customer == "City Housing"
    assert invoice.issued_on == org_a.org.today()
    [row] = invoice.lines.all()
    assert (row.quantity, row.unit, row.unit_price) == (Decimal(5000), "letters", Decimal("0.45"))


def test_a_zero_tax_rate_is_allowed_and_a_fixed_price_is_one_job(org_a):
    line = business_line(org_a.org)
    order = finished_order(line, pricing="fixed", price="800")
    invoice = services.invoice_issue(organisation=org_a.org, orders=[order], by=None)
    assert (invoice.subtotal, invoice.tax, invoice.total) == (Decimal(800), Decimal(0), Decimal(800))
    assert invoice.lines.get().quantity == 1 and invoice.lines.get().unit == ""


def test_numbers_run_per_business_line_without_gaps_even_after_refused_invoices(org_a):
    mail, bikes = business_line(org_a.org, "MP-"), business_line(org_a.org, "BK-")
    numbers = []
    for _ in range(3):
        numbers.append(
            services.invoice_issue(organisation=org_a.org, orders=[finished_order(mail)], by=None).number
        )
        invoiced = Invoice.objects.filter(business_line=mail).first()
        # A refused invoice (order already invoiced in full) must not use up a number.
        with pytest.raises(ValidationError):
            services.invoice_issue(organisation=org_a.org, orders=[invoiced.lines.get().work_order], by=None)
    numbers.append(
        services.invoice_issue(organisation=org_a.org, orders=[finished_order(bikes)], by=None).number
    )
    assert numbers == ["MP-1", "MP-2", "MP-3", "BK-1"]
    sequences = sorted(Invoice.objects.filter(business_line=mail).values_list("sequence", flat=True))
    assert sequences == list(range(1, len(sequences) + 1))
    mail.refresh_from_db()
    assert mail.invoice_next_number == 4


def test_an_invoice_with_no_lines_is_refused(org_a):
    with pytest.raises(ValidationError, match="Choose at least one work order"):
        services.invoice_issue(organisation=org_a.org, orders=[], by=None)
    assert not Invoice.objects.exists()


def test_a_second_invoice_for_an_order_invoiced_in_full_is_refused(org_a):
    order = finished_order(business_line(org_a.org))
    services.invoice_issue(organisation=org_a.org, orders=[order], by=None)
    with pytest.raises(ValidationError, match="already invoiced in full"):
        services.invoice_issue(organisation=org_a.org, orders=[order], by=None)
    assert Invoice.objects.count() == 1


def test_more_units_after_a_raised_target_are_invoiced_on_their_own(org_a):
    order = finished_order(business_line(org_a.org), quantity=100)
    services.invoice_issue(organisation=org_a.org, orders=[order], by=None)
    orders.work_order_raise_target(order=order, quantity=150, reason="Second street", by=None)
    orders.work_order_add_done(order=order, quantity=50, by=None)
    second = services.invoice_issue(organisation=org_a.org, orders=[order], by=None)
    assert second.lines.get().quantity == 50


def test_orders_of_two_customers_or_lines_or_of_another_org_are_refused(org_a, org_b):
    line = business_line(org_a.org)
    with pytest.raises(ValidationError, match="one customer"):
        services.invoice_issue(
            organisation=org_a.org,
            orders=[finished_order(line, customer="A"), finished_order(line, customer="B")],
            by=None,
        )
    with pytest.raises(ValidationError, match="one business line"):
        services.invoice_issue(
            organisation=org_a.org,
            orders=[finished_order(line), finished_order(business_line(org_a.org, "BK-"))],
            by=None,
        )
    with pytest.raises(ValidationError, match="this organisation"):
        services.invoice_issue(
            organisation=org_a.org, orders=[finished_order(business_line(org_b.org))], by=None
        )
    assert not Invoice.objects.exists()


def test_paid_with_a_date_and_void_by_credit_note_keeps_the_invoice(org_a):
    order = finished_order(business_line(org_a.org))
    invoice = services.invoice_issue(organisation=org_a.org, orders=[order], by=None)
    today = org_a.org.today()
    with pytest.raises(ValidationError, match="future"):
        services.invoice_mark_paid(invoice=invoice, paid_on=today + timedelta(days=1), by=None)
    services.invoice_mark_paid(invoice=invoice, paid_on=today, by=None)
    with pytest.raises(ValidationError, match="Only a sent invoice"):
        services.invoice_mark_paid(invoice=invoice, paid_on=today, by=None)
    with pytest.raises(ValidationError, match="Say why"):
        services.invoice_void(invoice=invoice, reason="", by=None)
    note = services.invoice_void(invoice=invoice, reason="Wrong customer address", by=None)
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.VOID and invoice.voided_on == today
    assert note.number == "MP-CN1" and note.amount == -invoice.total
    assert Invoice.objects.filter(pk=invoice.pk).exists()
    with pytest.raises(ValidationError, match="already void"):
        services.invoice_void(invoice=invoice, reason="again", by=None)
    # Reissued: the order can be invoiced again, with the next number.
    again = services.invoice_issue(organisation=org_a.org, orders=[order], by=None)
    assert again.number == "MP-2" and CreditNote.objects.count() == 1


def test_revenue_per_line_and_month_leaves_out_void_invoices(org_a):
    line = business_line(org_a.org)
    kept = services.invoice_issue(organisation=org_a.org, orders=[finished_order(line, price="1")], by=None)
    voided = services.invoice_issue(organisation=org_a.org, orders=[finished_order(line, price="2")], by=None)
    services.invoice_void(invoice=voided, reason="mistake", by=None)
    today = org_a.org.today()
    [row] = selectors.revenue_by_line_and_month(org_a.org, today.replace(day=1), today + timedelta(days=1))
    assert (row.business_line_id, row.month, row.amount) == (line.pk, today.replace(day=1), kept.subtotal)
