"""A peer's own pages, on a phone or the kiosk: open shifts, my shifts, check-in and check-out."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwork.accounts.access import get_for_org, require
from peerwork.peers.models import PeerWorker

from .. import hooks, rules, selectors, services, weeks
from ..attendance import check_in_blocked, pay_text
from ..forms import CheckOutForm, SignUpForm, apply_errors
from ..models import Assignment, Shift, SignUp
from ..reasons import reason_text
from ._common import actor, kiosk_site, org, peer_of


def _me(request: HttpRequest) -> PeerWorker:
    peer = peer_of(request)
    if peer is None:
        raise Http404
    return peer


@require("is_peer")
def open_shifts(request: HttpRequest) -> HttpResponse:
    peer = peer_of(request)
    rows = selectors.shifts_open_for(peer) if peer else []
    if peer is not None:
        open_rows = [row for row in rows if not row["ineligible"]]
        fits = rules.fit_lines(peer, [row["shift"] for row in open_rows])
        for row in open_rows:
            row["fits"], row["fit_text"] = fits[row["shift"].pk]
            row["pay"] = pay_text(row["shift"], peer)
    return render(
        request,
        "shifts/open.html",
        {"peer": peer, "rows": rows, "form": SignUpForm(), "kiosk": bool(kiosk_site(request))},
    )


@require_POST
@require("is_peer")
def sign_up(request: HttpRequest, pk: int) -> HttpResponse:
    peer = _me(request)
    shift = get_for_org(selectors.shifts_for_org(org(request)), org(request), pk=pk)
    form = SignUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The preference must be a number from 1 to 20, or left empty."))
        return redirect("shifts:open")
    why = selectors.eligibility_for(peer, shift.role, selectors.local_date(org(request), shift.starts_at))
    if why is not None:
        messages.error(request, reason_text(why.code, why.params))
        return redirect("shifts:open")
    try:
        services.signup_create(
            shift=shift,
            peer=peer,
            rank=form.cleaned_data["rank"],
            by=actor(request),
            walk_in=shift.role.is_day_labour,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("shifts:open")
    messages.success(request, _("You asked for this shift. You will hear when places are given out."))
    return redirect("shifts:mine")


@require("is_peer")
def my_shifts(request: HttpRequest) -> HttpResponse:
    peer = peer_of(request)
    site = kiosk_site(request)
    data = selectors.my_shifts(peer) if peer else {}
    for assignment in data.get("upcoming", []):
        # Instead of the button, outside the window or at another site: when or where to check in.
        assignment.check_in_note = check_in_blocked(assignment.shift, site=site)
        assignment.log_url = hooks.service_log_url(assignment.shift)
    if peer:
        declined = weeks.declined_requests(peer, data["waiting"])
        for signup in data["waiting"]:
            signup.declined = declined.get(signup.pk)
    return render(request, "shifts/mine.html", {"peer": peer, "kiosk": bool(site), **data})


@require_POST
@require("is_peer")
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    peer = _me(request)
    signup = get_for_org(SignUp.objects.filter(peer=peer), org(request), pk=pk)
    services.signup_withdraw(signup=signup)
    messages.success(request, _("You took back your request."))
    return redirect("shifts:mine")


def _my_assignment(request: HttpRequest, pk: int) -> Assignment:
    peer = _me(request)
    return get_for_org(
        Assignment.objects.filter(peer=peer).select_related(
            "shift__site", "shift__role", "shift__work_order"
        ),
        org(request),
        pk=pk,
    )


@require_POST
@require("is_peer")
def give_back(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _my_assignment(request, pk)
    try:
        services.assignment_cancel(assignment=assignment, by=actor(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thanks for telling us. The place goes to the next person waiting."))
    return redirect("shifts:mine")


@require_POST
@require("is_peer")
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _my_assignment(request, pk)
    site = kiosk_site(request)
    try:
        services.assignment_check_in(
            assignment=assignment,
            site=site,
            channel="kiosk" if site else "phone",
            by=actor(request),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You are checked in. Have a good shift."))
    return redirect("shifts:mine")


@require("is_peer")
def check_out(request: HttpRequest, pk: int) -> HttpResponse:
    return check_out_page(request, _my_assignment(request, pk), done_url=None)


def check_out_page(request: HttpRequest, assignment: Assignment, *, done_url: str | None) -> HttpResponse:
    """The check-out form (the peer's or the desk's): duties done, other work, quantity."""
    shift: Shift = assignment.shift
    order = shift.work_order
    form = CheckOutForm(
        request.POST or None,
        duties=list(shift.role.duties or []),
        with_quantity=order is not None,
        unit=order.unit if order else "",
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_check_out(
                assignment=assignment,
                duties=form.cleaned_data["duties"],
                other=form.cleaned_data["other"],
                quantity=form.cleaned_data.get("quantity"),
                by=actor(request),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Checked out. Thank you for your work today."))
            return redirect(done_url or "shifts:mine")
    return render(
        request, "shifts/check_out.html", {"assignment": assignment, "form": form, "done_url": done_url}
    )
