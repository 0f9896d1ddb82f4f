"""The coordinator's payout desk: who is owed, pay each in one tap, the cash box balance live."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwork.accounts.access import get_for_org, require
from peerwork.orgs.models import Site

from .. import selectors, services
from ..forms import ManualPayoutForm, PayForm, ReverseForm
from ..models import LedgerEntry, Payout


def _site(request: HttpRequest) -> Site | None:
    sites = Site.objects.filter(organisation=request.organisation, is_active=True)  # type: ignore[attr-defined]
    wanted = request.GET.get("site") or request.POST.get("site")
    if wanted:
        return get_for_org(sites, request.organisation, pk=wanted)  # type: ignore[attr-defined]
    return sites.first()


def _desk_context(request: HttpRequest, site: Site | None) -> dict:
    organisation = request.organisation  # type: ignore[attr-defined]
    today = services.local_today(organisation)
    box = selectors.open_cash_box(organisation, site) if site else None
    return {
        "site": site,
        "sites": Site.objects.filter(organisation=organisation, is_active=True),
        "today": today,
        "owed": list(selectors.payouts_owed(organisation, site=site)),
        "paid_today": list(selectors.payouts_paid_on(organisation, today, site=site)[:50]),
        "box": box,
        "balance": selectors.cash_box_balance(box) if box else None,
        "missing": selectors.assignments_without_payout(organisation, today).count()
        + selectors.attendances_without_payout(organisation, today).count(),
        "currency": organisation.currency,
    }


@require("can_record_payout")
def desk(request: HttpRequest) -> HttpResponse:
    return render(request, "pay/desk.html", _desk_context(request, _site(request)))


def _paid_today(request: HttpRequest, entry: LedgerEntry, payout: Payout) -> list[LedgerEntry]:
    organisation = request.organisation  # type: ignore[attr-defined]
    return list(selectors.payouts_paid_on(organisation, entry.occurred_on, site=payout.site)[:50])


@require("can_record_payout")
@require_POST
def payout_pay(request: HttpRequest, pk: int) -> HttpResponse:
    payout = get_for_org(Payout.objects.select_related("peer", "site"), request.organisation, pk=pk)  # type: ignore[attr-defined]
    form = PayForm(request.POST)
    error = ""
    entry = None
    if form.is_valid():
        try:
            entry = services.payout_pay(
                payout=payout,
                method=form.cleaned_data["method"],
                timing=form.cleaned_data.get("timing") or None,
                actor=request.user,
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("Choose how the peer is paid.")
    payout.refresh_from_db()
    box = selectors.open_cash_box(request.organisation, payout.site) if payout.site else None  # type: ignore[attr-defined]
    context = {
        "payout": payout,
        "entry": entry,
        "error": error,
        "box": box,
        "balance": selectors.cash_box_balance(box) if box else None,
        "currency": payout.currency,
        "paid_today": _paid_today(request, entry, payout) if entry else [],
        "oob": True,
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "pay/_payout_row.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Paid %(name)s.") % {"name": payout.peer.preferred_name})
    url = reverse("pay:desk")
    return redirect(f"{url}?site={payout.site_id}" if payout.site_id else url)


@require("can_record_payout")
@require_POST
def payouts_collect(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    made = services.payouts_collect(
        organisation=organisation, until=services.local_today(organisation), actor=request.user
    )
    messages.success(request, _("%(count)s payouts added to the desk.") % {"count": len(made)})
    return redirect("pay:desk")


@require("can_record_payout")
def payout_new(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    form = ManualPayoutForm(
        request.POST or None,
        organisation=organisation,
        initial={"earned_on": services.local_today(organisation), "peer": request.GET.get("peer")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            payout = services.payout_create_manual(
                organisation=organisation,
                peer=data["peer"],
                amount=data["amount"],
                reason=data["reason"],
                earned_on=data["earned_on"],
                timing=data["timing"],
                site=data["site"],
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Payout added; it is now owed on the desk."))
            return redirect("pay:payout_detail", pk=payout.pk)
    return render(request, "pay/payout_new.html", {"form": form})


@require("can_record_payout")
def payout_detail(request: HttpRequest, pk: int) -> HttpResponse:
    payout = get_for_org(
        Payout.objects.select_related("peer", "site", "rate", "created_by"),
        request.organisation,  # type: ignore[attr-defined]
        pk=pk,
    )
    entries = payout.ledger_entries.select_related("created_by", "reversed_by").order_by("id")
    return render(
        request,
        "pay/payout_detail.html",
        {"payout": payout, "entries": entries, "reverse_form": ReverseForm(), "pay_form": PayForm()},
    )


@require("can_record_payout")
@require_POST
def entry_reverse(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_for_org(LedgerEntry, request.organisation, pk=pk)  # type: ignore[attr-defined]
    form = ReverseForm(request.POST)
    if form.is_valid():
        try:
            services.ledger_entry_reverse(entry=entry, reason=form.cleaned_data["reason"], actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Reversal recorded. The original entry is kept."))
    else:
        messages.error(request, _("Say why this payment is reversed."))
    if entry.payout_id:
        return redirect("pay:payout_detail", pk=entry.payout_id)
    return redirect("pay:desk")


@require("can_record_payout")
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    payout = get_for_org(Payout.objects.select_related("peer"), request.organisation, pk=pk)  # type: ignore[attr-defined]
    entry = payout.ledger_entries.filter(kind="payout").first()
    return render(
        request,
        "pay/receipt.html",
        {
            "payout": payout,
            "entry": entry,
            "discreet": request.GET.get("discreet") == "1",
            "organisation": request.organisation,  # type: ignore[attr-defined]
        },
    )
