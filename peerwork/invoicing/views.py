"""Invoice pages: the list and a form to invoice ready orders, one invoice (paid, void), its PDF, tax."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from peerwork.accounts.access import get_for_org, require
from peerwork.accounts.models import User
from peerwork.audit.services import audit_record
from peerwork.orgs.models import Organisation

from . import pdf, selectors, services
from .forms import InvoiceForm, InvoiceSettingsForm, PaidForm, VoidForm
from .models import Invoice


def _org(request: HttpRequest) -> Organisation:
    return request.organisation  # type: ignore[attr-defined]


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _errors(form: object, error: ValidationError) -> None:
    for field, texts in (
        error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    ).items():
        form.add_error(field if field in form.fields else None, texts)  # type: ignore[attr-defined]


@require("can_manage_invoices")
def invoices(request: HttpRequest) -> HttpResponse:
    form = InvoiceForm(request.POST if request.method == "POST" else None, organisation=_org(request))
    if request.method == "POST" and form.is_valid():
        try:
            invoice = services.invoice_issue(
                organisation=_org(request), orders=list(form.cleaned_data["orders"]), by=_user(request)
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            audit_record(action="invoice_issued", request=request, obj=invoice)
            messages.success(request, _("Invoice %(number)s sent.") % {"number": invoice.number})
            return redirect("invoicing:invoice", pk=invoice.pk)
    rows = selectors.invoices_for(_org(request))
    return render(request, "invoicing/invoices.html", {"form": form, "rows": rows})


@require("can_manage_invoices")
def invoice(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_for_org(Invoice, _org(request), pk=pk)
    paid_form = PaidForm(request.POST if "paid" in request.POST else None)
    void_form = VoidForm(request.POST if "void" in request.POST else None)
    if request.method == "POST":
        form = paid_form if "paid" in request.POST else void_form
        if form.is_valid():
            try:
                if form is paid_form:
                    services.invoice_mark_paid(invoice=found, by=_user(request), **form.cleaned_data)
                    text = _("Invoice marked paid.")
                else:
                    services.invoice_void(invoice=found, by=_user(request), **form.cleaned_data)
                    text = _("Invoice voided by a credit note. Its orders can be invoiced again.")
            except ValidationError as error:
                _errors(form, error)
            else:
                audit_record(action="invoice_changed", request=request, obj=found)
                messages.success(request, text)
                return redirect("invoicing:invoice", pk=found.pk)
    context = {"invoice": found, "lines": found.lines.all(), "paid_form": paid_form, "void_form": void_form}
    return render(request, "invoicing/invoice.html", context)


@require("can_manage_invoices")
def invoice_download(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_for_org(Invoice, _org(request), pk=pk)
    response = HttpResponse(pdf.invoice_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="invoice-{found.number}.pdf"'
    return response


@require("can_manage_invoices")
def tax_settings(request: HttpRequest) -> HttpResponse:
    form = InvoiceSettingsForm(request.POST or None, instance=selectors.settings_for(_org(request)))
    if request.method == "POST" and form.is_valid():
        form.save()
        audit_record(action="invoice_settings_changed", request=request, obj=form.instance)
        messages.success(request, _("Tax settings saved. They apply to the next invoice."))
        return redirect("invoicing:invoices")
    return render(request, "invoicing/settings.html", {"form": form})
