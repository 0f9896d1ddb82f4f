"""The coordinator's payout desk: who is owed, pay each in one tap, the cash box balance live."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.backends.utils import csrf_input
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from peerwork.accounts.access import get_for_org, require
from peerwork.accounts.sites import sites_visible
from peerwork.core.money import format_money
from peerwork.core.paging import query_without_page
from peerwork.orgs.models import Site

from .. import selectors, services
from ..forms import ManualPayoutForm, PayForm, ReverseForm
from ..models import LedgerEntry, LedgerKind, Payout, PayoutStatus
from ..salary import salaried_contracts, salary_run
from .common import can_see_rule
from .desk_rows import DeskRow, desk_rows

# Payouts on one page of the desk: a busy desk owes a couple of hundred, and the person in front of it
# is found by name.
PAGE_SIZE = 50


def _sites(request: HttpRequest) -> list[Site]:
    """The active sites whose desk the person may open, for the site picker."""
    return list(sites_visible(request.organisation).filter(is_active=True))  # type: ignore[attr-defined]


def _site(request: HttpRequest, sites: list[Site]) -> Site | None:
    """The desk asked for (404 when it is not one of ``sites``), else where the oldest payout is owed."""
    wanted = request.GET.get("site") or request.POST.get("site")
    if wanted:
        try:
            return next(site for site in sites if site.pk == int(wanted))
        except (StopIteration, ValueError):
            raise Http404 from None
    # Start on a desk where someone is owed, so the morning does not open on an empty site.
    owed = selectors.site_owed_first(request.organisation)  # type: ignore[attr-defined]
    return next((site for site in sites if site.pk == owed), sites[0] if sites else None)


def _owed(request: HttpRequest, site: Site | None, near_limit: bool, name: str) -> tuple[Page, list[DeskRow]]:
    """One page of what the desk owes, the longest-waiting first, each payout with its peer's limit flag
    (the People list's); when asked, only the payouts of peers near or over their limit, or by name."""
    organisation = request.organisation  # type: ignore[attr-defined]
    today = organisation.today()
    payouts = selectors.payouts_owed(organisation, site=site)
    if name:
        payouts = payouts.filter(peer__preferred_name__icontains=name)
    flags = None
    if near_limit:
        flags = selectors.earnings_flags(organisation, today, set(payouts.values_list("peer_id", flat=True)))
        payouts = payouts.filter(peer_id__in=list(flags))
    page = Paginator(selectors.desk_lines(payouts), PAGE_SIZE).get_page(request.GET.get("page"))
    lines = list(page.object_list)
    if flags is None:
        flags = selectors.earnings_flags(organisation, today, {line["peer_id"] for line in lines})
    return page, desk_rows(lines, flags)


def _missing_since(today: date) -> date:
    """The first day whose work the desk offers to add when its payout is missing."""
    return today - timedelta(days=selectors.MISSING_PAYOUT_DAYS)


def _desk_context(request: HttpRequest, sites: list[Site], site: Site | None) -> dict:
    organisation = request.organisation  # type: ignore[attr-defined]
    today = organisation.today()
    box, balance = selectors.open_cash_box_and_balance(organisation, site) if site else (None, None)
    near_limit = bool(request.GET.get("near_limit"))
    name = request.GET.get("q", "").strip()
    page, rows = _owed(request, site, near_limit, name)
    query = query_without_page(request.GET, **({"site": str(site.pk)} if site else {}))
    return {
        "site": site,
        "sites": sites,
        "today": today,
        "page": page,
        "rows": rows,
        "query": query,
        "csrf_input": csrf_input(request),
        "near_limit": near_limit,
        "name": name,
        "names_benefit": can_see_rule(request),
        "paid_today": list(selectors.payouts_paid_on(organisation, today, site=site)[:50]),
        "box": box,
        "balance": balance,
        "currency": organisation.currency,
        "salaried": salaried_contracts(organisation, today, today),
    }


@require("can_record_payout")
def desk(request: HttpRequest) -> HttpResponse:
    sites = _sites(request)
    return render(request, "pay/desk.html", _desk_context(request, sites, _site(request, sites)))


def _paid_today(request: HttpRequest, entry: LedgerEntry, payout: Payout) -> list[LedgerEntry]:
    organisation = request.organisation  # type: ignore[attr-defined]
    return list(selectors.payouts_paid_on(organisation, entry.occurred_on, site=payout.site)[:50])


def _pay(form: PayForm, payout: Payout, actor: object) -> LedgerEntry:
    data = form.cleaned_data
    options: dict[str, Any] = {
        "timing": data.get("timing") or None,
        "limit_choice": data.get("limit_choice") or "",
        "peer_words": data.get("peer_words") or "",
    }
    if data.get("rest_method"):
        entries = services.payout_pay_cash_then_rest(
            payout=payout, cash=data.get("amount"), rest_method=data["rest_method"], actor=actor, **options
        )
        return entries[-1]
    return services.payout_pay(
        payout=payout, method=data["method"], amount=data.get("amount"), actor=actor, **options
    )


@require("can_record_payout")
@require_POST
def payout_pay(request: HttpRequest, pk: int) -> HttpResponse:
    payout = get_for_org(Payout.objects.select_related("peer", "site"), request.organisation, pk=pk)  # type: ignore[attr-defined]
    form = PayForm(request.POST)
    error = ""
    entry = None
    limit = None
    shortfall = None
    if form.is_valid():
        try:
            entry = _pay(form, payout, request.user)
        except services.OverLimit as exc:
            error, limit = " ".join(exc.messages), exc.check
        except services.CashShortfall as exc:
            error, shortfall = " ".join(exc.messages), exc
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("Choose how the peer is paid.")
    # The payout as it is now (its status and what is still owed), as the desk shows it.
    line = selectors.desk_lines(selectors.with_paid_sums(Payout.objects.filter(pk=payout.pk))).get()
    row = desk_rows([line])[0]
    # A refused payment says why; with too little cash in the box, the offer replaces the one-tap button.
    row["error"], row["limit"], row["shortfall"] = error, limit, shortfall
    row["method"] = form.cleaned_data.get("method") or "" if form.is_valid() else ""
    if shortfall:
        row["pay"] = ""
    box, balance = selectors.open_cash_box_and_balance(request.organisation, payout.site)  # type: ignore[attr-defined]
    context = {
        "rows": [row],
        "csrf_input": csrf_input(request),
        "entry": entry,
        "box": box,
        "balance": balance,
        "currency": payout.currency,
        "paid_today": _paid_today(request, entry, payout) if entry else [],
        "oob": True,
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "pay/_payout_rows.html", context)
    if error:
        messages.error(request, error)
    elif line["status"] == PayoutStatus.PART_PAID:
        messages.success(
            request,
            _("Paid %(name)s part of it; %(left)s is still owed.")
            % {"name": payout.peer.preferred_name, "left": format_money(line["still_owed"], payout.currency)},
        )
    else:
        messages.success(request, _("Paid %(name)s.") % {"name": payout.peer.preferred_name})
    return redirect(f"{reverse('pay:desk')}?site={payout.site_id}")


@require("can_record_payout")
def payouts_missing(request: HttpRequest) -> HttpResponse:
    """How much recent work is not on the desk yet, with the offer to add it.

    The desk loads it after the page (htmx): counting means looking up a month of check-outs, which
    would hold up the list of who is owed on every visit to the desk.
    """
    organisation = request.organisation  # type: ignore[attr-defined]
    today = organisation.today()
    since = _missing_since(today)
    missing = (
        selectors.assignments_without_payout(organisation, today, since=since).count()
        + selectors.attendances_without_payout(organisation, today, since=since).count()
    )
    return render(request, "pay/_missing.html", {"missing": missing})


@require("can_record_payout")
@require_POST
def payouts_collect(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    today = organisation.today()
    made = services.payouts_collect(
        organisation=organisation, until=today, since=_missing_since(today), actor=request.user
    )
    messages.success(request, _("%(count)s payouts added to the desk.") % {"count": len(made)})
    return redirect("pay:desk")


@require("can_record_payout")
@require_POST
def salaries_pay(request: HttpRequest) -> HttpResponse:
    """Pay salaried contracts for the pay periods that contain the day given (today by default)."""
    organisation = request.organisation  # type: ignore[attr-defined]
    try:
        day = date.fromisoformat(request.POST.get("on", ""))
    except ValueError:
        day = organisation.today()
    run = salary_run(organisation=organisation, on=day, actor=request.user)
    messages.success(
        request,
        ngettext("%(count)s salary paid.", "%(count)s salaries paid.", len(run.paid))
        % {"count": len(run.paid)},
    )
    if run.held:
        messages.warning(
            request,
            ngettext(
                "%(count)s salary would pass a benefit limit: it stays owed on the desk.",
                "%(count)s salaries would pass a benefit limit: they stay owed on the desk.",
                len(run.held),
            )
            % {"count": len(run.held)},
        )
    return redirect("pay:desk")


@require("can_record_payout")
def payout_new(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    form = ManualPayoutForm(
        request.POST or None,
        organisation=organisation,
        initial={
            "earned_on": organisation.today(),
            "peer": request.GET.get("peer"),
            "site": request.GET.get("site") or _site(request, _sites(request)),
        },
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
            messages.success(
                request, _("Payout added; it is now owed on the desk of %(site)s.") % {"site": payout.site}
            )
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
    payments = list(payout.ledger_entries.filter(kind=LedgerKind.PAYOUT).order_by("occurred_on", "id"))
    return render(
        request,
        "pay/receipt.html",
        {
            "payout": selectors.with_payments(payout),
            "entry": payments[0] if payments else None,
            "payments": payments,
            "discreet": request.GET.get("discreet") == "1",
            "organisation": request.organisation,  # type: ignore[attr-defined]
        },
    )
