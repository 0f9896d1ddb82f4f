"""Cash boxes: open with a counted float, close with a count, sign off by a second person."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwork.accounts.access import get_for_org, require
from peerwork.core.money import format_money

from .. import selectors, services
from ..forms import CashBoxCloseForm, CashBoxOpenForm
from ..models import CashBox
from .common import attach_errors


@require("can_manage_cash_box")
def cash_boxes(request: HttpRequest) -> HttpResponse:
    boxes = selectors.cash_boxes_for(request.organisation)[:60]  # type: ignore[attr-defined]
    return render(request, "pay/cash_boxes.html", {"boxes": boxes})


@require("can_manage_cash_box")
def cash_box_open(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    form = CashBoxOpenForm(
        request.POST or None, organisation=organisation, initial={"site": request.GET.get("site")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            box = services.cash_box_open(
                organisation=organisation,
                site=form.cleaned_data["site"],
                opening_float=form.cleaned_data["opening_float"],
                count=form.count("open"),
                actor=request.user,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            amount = format_money(box.opening_float, box.currency)
            messages.success(request, _("Cash box opened with %(amount)s.") % {"amount": amount})
            return redirect(f"{reverse('pay:desk')}?site={box.site_id}")
    return render(request, "pay/cash_box_open.html", {"form": form})


@require("can_manage_cash_box")
def cash_box_detail(request: HttpRequest, pk: int) -> HttpResponse:
    box = get_for_org(selectors.cash_boxes_for(request.organisation), request.organisation, pk=pk)  # type: ignore[attr-defined]
    form = CashBoxCloseForm(request.POST or None)
    if request.method == "POST" and box.is_open and form.is_valid():
        try:
            services.cash_box_close(
                box=box,
                counted=form.cleaned_data["counted_at_close"],
                count=form.count("close"),
                explanation=form.cleaned_data["variance_explanation"],
                actor=request.user,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Cash box closed."))
            return redirect("pay:cash_box_detail", pk=box.pk)
    entries = box.ledger_entries.select_related("peer", "payout").order_by("id")
    return render(
        request,
        "pay/cash_box_detail.html",
        {"box": box, "form": form, "entries": entries, "balance": selectors.cash_box_balance(box)},
    )


@require("can_manage_cash_box")
@require_POST
def cash_box_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    box = get_for_org(CashBox, request.organisation, pk=pk)  # type: ignore[attr-defined]
    try:
        services.cash_box_sign_off(box=box, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Signed off."))
    return redirect("pay:cash_box_detail", pk=box.pk)
