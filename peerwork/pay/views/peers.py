"""One peer's pay: history, headroom, statements, benefit rule and over-limit choice; and My pay."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwork.accounts.access import get_for_org, require
from peerwork.audit.services import audit_read, audit_record
from peerwork.peers.models import PeerWorker

from .. import selectors, services, statements
from ..forms import OverLimitChoiceForm, PeerRuleForm, PeriodForm
from .common import can_see_rule


def _period(request: HttpRequest, today: date) -> tuple[date, date]:
    """The statement period from ?start&end, else ?year, else the current month."""
    form = PeriodForm(request.GET)
    if form.is_valid():
        return form.cleaned_data["start"], form.cleaned_data["end"]
    year = request.GET.get("year", "")
    if year.isdigit() and 1900 < int(year) < 3000:
        return date(int(year), 1, 1), date(int(year), 12, 31)
    return today.replace(day=1), today


@require("can_record_payout")
def peer_pay(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    peer = get_for_org(PeerWorker, organisation, pk=pk)
    today = organisation.today()
    context = {
        "peer": peer,
        "payouts": selectors.peer_payouts(peer)[:100],
        "year_total": selectors.peer_paid_total(peer, date(today.year, 1, 1), today),
        "today": today,
        "currency": organisation.currency,
        "can_see_rule": can_see_rule(request),
    }
    if context["can_see_rule"]:
        assigned = selectors.peer_rule(peer, today)
        context.update(
            {
                "assigned": assigned,
                "headroom": selectors.headroom_for(peer, today),
                "rule_form": PeerRuleForm(
                    organisation=organisation,
                    initial={"rule": assigned.rule_id if assigned else None, "starts_on": today},
                ),
                "choice_form": OverLimitChoiceForm(initial={"chosen_on": today}),
                "choices": peer.over_limit_choices.all()[:10],
            }
        )
        audit_read(request, peer, ["earnings_rule"])
    return render(request, "pay/peer_pay.html", context)


@require("can_view_sensitive_peer_fields")
@require_POST
def peer_rule(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    peer = get_for_org(PeerWorker, organisation, pk=pk)
    form = PeerRuleForm(request.POST, organisation=organisation)
    if form.is_valid():
        services.peer_rule_assign(
            peer=peer,
            rule=form.cleaned_data["rule"],
            starts_on=form.cleaned_data["starts_on"],
            actor=request.user,
            request=request,
        )
        messages.success(request, _("Benefit rule saved."))
    else:
        messages.error(request, _("Choose a rule and the date it starts."))
    return redirect("pay:peer_pay", pk=peer.pk)


@require("can_view_sensitive_peer_fields")
@require_POST
def peer_choice(request: HttpRequest, pk: int) -> HttpResponse:
    peer = get_for_org(PeerWorker, request.organisation, pk=pk)  # type: ignore[attr-defined]
    form = OverLimitChoiceForm(request.POST)
    if form.is_valid():
        try:
            services.over_limit_choice_record(
                peer=peer, actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The peer's choice is recorded."))
    else:
        messages.error(request, _("Give the date the peer made this choice."))
    return redirect("pay:peer_pay", pk=peer.pk)


def _statement_response(request: HttpRequest, peer: PeerWorker, fmt: str) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    start, end = _period(request, organisation.today())
    statement = selectors.statement_for(peer, start, end)
    audit_record(
        action="pay_statement_exported", request=request, obj=peer, start=str(start), end=str(end), format=fmt
    )
    filename = f"statement-{peer.pk}-{start:%Y%m%d}-{end:%Y%m%d}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(statements.statement_csv(statement), content_type="text/csv; charset=utf-8")
    elif fmt == "pdf":
        response = HttpResponse(
            statements.statement_pdf(
                statement, organisation=organisation, discreet=request.GET.get("discreet") == "1"
            ),
            content_type="application/pdf",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require("can_record_payout")
def peer_statement(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    peer = get_for_org(PeerWorker, request.organisation, pk=pk)  # type: ignore[attr-defined]
    return _statement_response(request, peer, fmt)


def _own_peer(request: HttpRequest) -> PeerWorker:
    peer = PeerWorker.objects.filter(user=request.user, organisation=request.organisation).first()  # type: ignore[attr-defined,misc]
    if peer is None:
        raise Http404
    return peer


@require("is_peer")
def my_pay(request: HttpRequest) -> HttpResponse:
    peer = _own_peer(request)
    today = peer.organisation.today()
    return render(
        request,
        "pay/my_pay.html",
        {
            "peer": peer,
            "headroom": selectors.headroom_for(peer, today),
            "payouts": selectors.peer_payouts(peer)[:30],
            "month_total": selectors.peer_paid_total(peer, today.replace(day=1), today),
            "year": today.year,
            "currency": peer.organisation.currency,
        },
    )


@require("is_peer")
def my_statement(request: HttpRequest) -> HttpResponse:
    return _statement_response(request, _own_peer(request), request.GET.get("format", "pdf"))
