"""Invoices for priced work orders, numbered per business line without gaps, voided by credit notes."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from peerwork.orgs.models import Organisation
from peerwork.shifts.models import WorkOrder, WorkStream


class InvoiceSettings(models.Model):
    """The organisation's tax fields printed on every invoice; a rate of zero is allowed."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="invoice_settings"
    )
    tax_label = models.CharField(_("tax name"), max_length=40, default="VAT")
    tax_number = models.CharField(_("tax number"), max_length=60, blank=True)
    tax_rate = models.DecimalField(
        _("tax rate (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    payment_days = models.PositiveSmallIntegerField(_("days to pay"), default=30)

    def __str__(self) -> str:
        return f"{self.organisation} {self.tax_label} {self.tax_rate}%"


class InvoiceStatus(models.TextChoices):
    SENT = "sent", _("sent")
    PAID = "paid", _("paid")
    VOID = "void", _("void")


class Invoice(models.Model):
    """An invoice as sent: its amounts, seller and tax fields are copied in and never change again."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invoices")
    business_line = models.ForeignKey(WorkStream, on_delete=models.PROTECT, related_name="invoices")
    sequence = models.PositiveIntegerField()
    number = models.CharField(_("number"), max_length=40)
    customer = models.CharField(_("customer"), max_length=200)
    issued_on = models.DateField(_("issued"))
    due_on = models.DateField(_("due"))
    currency = models.CharField(max_length=3)
    seller_name = models.CharField(max_length=200)
    seller_contact = models.TextField(blank=True)
    tax_label = models.CharField(max_length=40)
    tax_number = models.CharField(max_length=60, blank=True)
    tax_rate = models.DecimalField(max_digits=5, decimal_places=2)
    subtotal = models.DecimalField(max_digits=12, decimal_places=2)
    tax = models.DecimalField(max_digits=12, decimal_places=2)
    total = models.DecimalField(max_digits=12, decimal_places=2)
    status = models.CharField(max_length=8, choices=InvoiceStatus.choices, default=InvoiceStatus.SENT)
    paid_on = models.DateField(_("paid"), null=True, blank=True)
    voided_on = models.DateField(_("voided"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["business_line", "sequence"], name="invoice_sequence_unique_per_line"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    work_order = models.ForeignKey(WorkOrder, on_delete=models.PROTECT, related_name="invoice_lines")
    description = models.CharField(max_length=300)
    quantity = models.DecimalField(max_digits=12, decimal_places=2)
    unit = models.CharField(max_length=40)
    unit_price = models.DecimalField(max_digits=12, decimal_places=2)
    amount = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.invoice} {self.description}"


class CreditNote(models.Model):
    """Cancels a sent invoice in full; the invoice stays, marked void; its orders can be invoiced again."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="credit_notes")
    invoice = models.OneToOneField(Invoice, on_delete=models.PROTECT, related_name="credit_note")
    number = models.CharField(_("number"), max_length=40)
    issued_on = models.DateField(_("issued"))
    reason = models.CharField(_("reason"), max_length=300)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return self.number
