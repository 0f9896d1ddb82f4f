"""Contract pages: the coordinator drafts, signs, renews and ends; the peer reads their own and its PDF."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwork.accounts.access import get_for_org, require
from peerwork.audit.services import audit_record
from peerwork.peers.models import PeerWorker
from peerwork.shifts import hooks
from peerwork.shifts.forms import apply_errors
from peerwork.shifts.views._common import actor, org, peer_of

from . import selectors, services
from .forms import ContractForm, EndForm, RenewForm, StandingShiftForm
from .models import Contract, ContractKind, ContractStatus, StandingShift


@require("can_manage_contracts")
def contract_list(request: HttpRequest) -> HttpResponse:
    contracts = selectors.contracts_for(org(request))
    status = request.GET.get("status", "")
    if status in ContractStatus.values:
        contracts = contracts.filter(status=status)
    return render(
        request,
        "shifts/contracts/list.html",
        {"contracts": contracts, "status": status, "statuses": ContractStatus.choices},
    )


@require("can_manage_contracts")
def contract_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    contract = get_for_org(Contract, org(request), pk=pk) if pk else None
    if contract is not None and contract.status != ContractStatus.DRAFT:
        messages.error(request, _("Only a draft contract can be changed; renew or end a signed one."))
        return redirect("shifts:contract", pk=contract.pk)
    initial: dict[str, object] = {}
    peer_id = request.GET.get("peer", "")
    if contract is None and peer_id.isdigit():
        initial["peer"] = get_for_org(PeerWorker, org(request), pk=int(peer_id))
    if contract is None and request.GET.get("kind", "") in ContractKind.values:
        initial["kind"] = request.GET["kind"]
    form = ContractForm(request.POST or None, instance=contract, organisation=org(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.contract_save(
                contract=form.instance, roles=form.cleaned_data["roles"], by=actor(request)
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Draft saved. Add its standing shifts, then sign it."))
            return redirect("shifts:contract", pk=saved.pk)
    return render(request, "shifts/contracts/form.html", {"form": form, "contract": contract})


def _detail_context(request: HttpRequest, contract: Contract) -> dict[str, object]:
    return {
        "contract": contract,
        "standing": contract.standing_shifts.select_related("role", "site"),
        "standing_form": StandingShiftForm(contract=contract),
        "renew_form": RenewForm(),
        "end_form": EndForm(initial={"ended_on": org(request).today()}),
        "limit_warning": hooks.contract_limit_warning(contract),
        "over_renewals": selectors.over_renewal_policy(contract),
    }


@require("can_manage_contracts")
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = get_for_org(selectors.contracts_for(org(request)), org(request), pk=pk)
    return render(request, "shifts/contracts/detail.html", _detail_context(request, contract))


@require("can_manage_contracts")
@require_POST
def standing_add(request: HttpRequest, pk: int) -> HttpResponse:
    contract = get_for_org(Contract, org(request), pk=pk)
    form = StandingShiftForm(request.POST, contract=contract)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.standing_shift_add(contract=contract, by=actor(request), **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Standing shift added."))
            return redirect("shifts:contract", pk=contract.pk)
    context = _detail_context(request, contract)
    context["standing_form"] = form
    return render(request, "shifts/contracts/detail.html", context, status=400)


@require("can_manage_contracts")
@require_POST
def standing_remove(request: HttpRequest, pk: int) -> HttpResponse:
    shift = get_for_org(StandingShift, org(request), pk=pk)
    try:
        services.standing_shift_remove(shift=shift, by=actor(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Standing shift removed."))
    return redirect("shifts:contract", pk=shift.contract_id)


@require("can_manage_contracts")
@require_POST
def contract_sign(request: HttpRequest, pk: int) -> HttpResponse:
    contract = get_for_org(Contract, org(request), pk=pk)
    try:
        services.contract_sign(contract=contract, by=actor(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Contract signed. Its standing shifts are held from the next week made."))
    return redirect("shifts:contract", pk=contract.pk)


@require("can_manage_contracts")
@require_POST
def contract_renew(request: HttpRequest, pk: int) -> HttpResponse:
    contract = get_for_org(Contract, org(request), pk=pk)
    form = RenewForm(request.POST)
    if form.is_valid():
        try:
            renewal = services.contract_renew(
                contract=contract, ends_on=form.cleaned_data["ends_on"], by=actor(request)
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Renewal drafted. Check it, then sign it."))
            if selectors.over_renewal_policy(renewal):
                messages.warning(
                    request,
                    _("This is renewal %(count)s; the organisation's policy allows %(most)s.")
                    % {"count": renewal.renewal_count, "most": renewal.organisation.max_fixed_term_renewals},
                )
            return redirect("shifts:contract", pk=renewal.pk)
    else:
        messages.error(request, _("Give the date the renewed contract ends."))
    return redirect("shifts:contract", pk=contract.pk)


@require("can_manage_contracts")
@require_POST
def contract_end(request: HttpRequest, pk: int) -> HttpResponse:
    contract = get_for_org(Contract, org(request), pk=pk)
    form = EndForm(request.POST)
    if form.is_valid():
        try:
            services.contract_end(contract=contract, by=actor(request), **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Contract ended."))
    else:
        messages.error(request, _("Give the last day and why the contract ends."))
    return redirect("shifts:contract", pk=contract.pk)


def _pdf(request: HttpRequest, contract: Contract) -> HttpResponse:
    """The signed contract as a PDF, in the language asked for (?lang=) or the page's own."""
    if contract.status == ContractStatus.DRAFT:
        raise Http404
    from weasyprint import HTML  # heavy: loaded only when someone asks for a PDF

    language = request.GET.get("lang", "")
    if language not in dict(settings.LANGUAGES):
        language = translation.get_language() or "en"
    with translation.override(language):
        html = render_to_string(
            "shifts/contracts/pdf.html",
            {
                "contract": contract,
                "standing": contract.standing_shifts.select_related("role", "site"),
                "organisation": contract.organisation,
                "language": language,
            },
        )
    audit_record(action="contract_pdf", request=request, obj=contract)
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="contract-{contract.pk}-{language}.pdf"'
    return response


@require("can_manage_contracts")
def contract_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _pdf(request, get_for_org(Contract, org(request), pk=pk))


@require("is_peer")
def my_contract(request: HttpRequest) -> HttpResponse:
    peer = peer_of(request)
    contract = selectors.current_contract(peer) if peer else None
    if contract is not None and contract.status == ContractStatus.DRAFT:
        contract = None  # a draft is the coordinator's until it is signed
    standing = contract.standing_shifts.select_related("role", "site") if contract else []
    return render(
        request,
        "shifts/contracts/mine.html",
        {"contract": contract, "standing": standing, "languages": settings.LANGUAGES},
    )


@require("is_peer")
def my_contract_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    peer = peer_of(request)
    if peer is None:
        raise Http404
    return _pdf(request, get_for_org(Contract.objects.filter(peer=peer), org(request), pk=pk))
