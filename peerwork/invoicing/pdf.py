"""The invoice as a PDF, in the organisation's language (WeasyPrint, the same fonts as statements)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from .models import Invoice


def invoice_pdf(invoice: Invoice) -> bytes:
    from weasyprint import HTML  # heavy import (Pango) kept off every other request

    with translation.override(invoice.organisation.language):
        html = render_to_string(
            "invoicing/invoice_pdf.html",
            {"invoice": invoice, "lines": invoice.lines.all(), "organisation": invoice.organisation},
        )
    return HTML(string=html).write_pdf()
