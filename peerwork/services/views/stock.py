"""Stock per site and item: the ledger forms (received, adjusted, transferred, alert levels), catalogue."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwork.accounts.access import get_for_org, require
from peerwork.orgs.models import Organisation

from .. import selectors
from ..forms import StockAdjustForm, StockReceiveForm, StockThresholdForm, StockTransferForm, SupplyItemForm
from ..models import SupplyItem
from ..records import Rejected
from ..services import catalogue_ensure, supply_item_add, supply_item_toggle
from ..stock import stock_adjust, stock_receive, stock_threshold_set, stock_transfer

FORMS = {
    "receive_form": StockReceiveForm,
    "adjust_form": StockAdjustForm,
    "transfer_form": StockTransferForm,
    "threshold_form": StockThresholdForm,
}


def _stock_page(
    request: HttpRequest, bound: dict[str, forms.Form] | None = None, status: int = 200
) -> HttpResponse:
    organisation: Organisation = request.organisation  # type: ignore[attr-defined]
    context: dict[str, Any] = {
        name: form_class(organisation=organisation, prefix=name.split("_")[0])
        for name, form_class in FORMS.items()
    }
    context.update(bound or {})
    levels = list(selectors.stock_levels(organisation))
    context.update(
        {
            "levels": levels,
            "low": [level for level in levels if level.is_low],
            "movements": selectors.stock_movements(organisation),
            "can_manage": request.membership.can("can_manage_stock"),  # type: ignore[attr-defined]
        }
    )
    return render(request, "services/stock.html", context, status=status)


@require("can_view_services")
def stock(request: HttpRequest) -> HttpResponse:
    catalogue_ensure(organisation=request.organisation)  # type: ignore[attr-defined]
    return _stock_page(request)


def _stock_change(
    request: HttpRequest, name: str, action: Callable[[Organisation, dict[str, Any]], str]
) -> HttpResponse:
    organisation: Organisation = request.organisation  # type: ignore[attr-defined]
    form = FORMS[name](request.POST, organisation=organisation, prefix=name.split("_")[0])
    if form.is_valid():
        try:
            done = action(organisation, form.cleaned_data)
        except Rejected as exc:
            form.add_error(None, exc.reason)
        else:
            messages.success(request, done)
            return redirect("services:stock")
    return _stock_page(request, {name: form}, status=422)


@require("can_manage_stock")
@require_POST
def stock_receive_view(request: HttpRequest) -> HttpResponse:
    def act(organisation: Organisation, data: dict[str, Any]) -> str:
        move = stock_receive(
            organisation=organisation,
            site=data["site"],
            item=data["item"],
            quantity=data["quantity"],
            user=request.user,  # type: ignore[arg-type]
        )
        return _("Recorded %(n)s %(item)s received at %(site)s.") % {
            "n": move.quantity,
            "item": move.item,
            "site": move.site,
        }

    return _stock_change(request, "receive_form", act)


@require("can_manage_stock")
@require_POST
def stock_adjust_view(request: HttpRequest) -> HttpResponse:
    def act(organisation: Organisation, data: dict[str, Any]) -> str:
        move = stock_adjust(
            organisation=organisation,
            site=data["site"],
            item=data["item"],
            change=data["change"],
            reason=data["reason"],
            user=request.user,  # type: ignore[arg-type]
        )
        return _("Stock of %(item)s at %(site)s is now %(n)s.") % {
            "item": move.item,
            "site": move.site,
            "n": move.balance_after,
        }

    return _stock_change(request, "adjust_form", act)


@require("can_manage_stock")
@require_POST
def stock_transfer_view(request: HttpRequest) -> HttpResponse:
    def act(organisation: Organisation, data: dict[str, Any]) -> str:
        out, into = stock_transfer(
            organisation=organisation,
            from_site=data["from_site"],
            to_site=data["to_site"],
            item=data["item"],
            quantity=data["quantity"],
            user=request.user,  # type: ignore[arg-type]
        )
        return _("Sent %(n)s %(item)s from %(from)s to %(to)s.") % {
            "n": into.quantity,
            "item": into.item,
            "from": out.site,
            "to": into.site,
        }

    return _stock_change(request, "transfer_form", act)


@require("can_manage_stock")
@require_POST
def stock_threshold_view(request: HttpRequest) -> HttpResponse:
    def act(organisation: Organisation, data: dict[str, Any]) -> str:
        level = stock_threshold_set(
            organisation=organisation,
            site=data["site"],
            item=data["item"],
            threshold=data["threshold"],
            user=request.user,  # type: ignore[arg-type]
        )
        return _("Alert for %(item)s at %(site)s set to %(n)s.") % {
            "item": level.item,
            "site": level.site,
            "n": level.low_threshold,
        }

    return _stock_change(request, "threshold_form", act)


@require("can_manage_stock")
def catalogue(request: HttpRequest) -> HttpResponse:
    organisation: Organisation = request.organisation  # type: ignore[attr-defined]
    catalogue_ensure(organisation=organisation)
    form = SupplyItemForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        item = supply_item_add(
            organisation=organisation,
            category=form.cleaned_data["category"],
            name=form.cleaned_data["name"],
            user=request.user,  # type: ignore[arg-type]
        )
        messages.success(request, _("Added %(item)s to the catalogue.") % {"item": item})
        return redirect("services:catalogue")
    groups = selectors.catalogue(organisation, active_only=False)
    return render(request, "services/catalogue.html", {"form": form, "groups": groups})


@require("can_manage_stock")
@require_POST
def catalogue_toggle(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_for_org(SupplyItem, request.organisation, pk=item_id)  # type: ignore[attr-defined]
    supply_item_toggle(item=item, user=request.user)  # type: ignore[arg-type]
    if item.is_active:
        messages.success(request, _("%(item)s is back on the entry page.") % {"item": item})
    else:
        messages.success(request, _("%(item)s is retired from the entry page.") % {"item": item})
    return redirect("services:catalogue")
