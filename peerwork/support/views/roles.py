"""The role as the peer sees it: the peer's role check, and the role page where drift gets an action."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwork.accounts.access import get_for_org, require
from peerwork.audit.services import audit_read
from peerwork.shifts.models import Assignment, Role

from ..forms import RoleActionForm, RoleCheckForm
from ..models import RoleAction
from ..rolework import role_action_close, role_action_record, role_check_record, role_check_share_set
from ..selectors import rolechecks, rolefit
from .common import acting_user, add_errors, own_peer

REVIEW_WEEKS = 4  # the review date a new action on a role is offered


def reads_all_role_checks(request: HttpRequest) -> bool:
    membership = getattr(request, "membership", None)
    return membership is not None and membership.can("can_read_role_checks")


@require("is_peer")
def role_check_new(request: HttpRequest) -> HttpResponse:
    peer = own_peer(request)
    last = (
        Assignment.objects.filter(peer=peer, organisation=peer.organisation)
        .select_related("shift__role")
        .order_by("-shift__starts_at", "-id")
        .first()
    )
    form = RoleCheckForm(
        request.POST or None,
        roles=rolechecks.roles_to_choose(peer),
        initial_role=last.shift.role if last is not None else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            role_check_record(
                peer=peer,
                role=form.cleaned_data["role"],
                time_on_role=form.cleaned_data["time_on_role"],
                spent_on=form.cleaned_data["spent_on"],
                would_change=form.cleaned_data["would_change"],
                shared=form.cleaned_data["share"],
                user=acting_user(request),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Thank you. Your role check is saved and shared with the coordinators.")
                if form.cleaned_data["share"]
                else _("Thank you. Your role check is saved. Only you and your supervisor see it."),
            )
            return redirect("support:mine")
    return render(request, "support/role_check_form.html", {"form": form})


@require_POST
@require("is_peer")
def role_check_share(request: HttpRequest, pk: int) -> HttpResponse:
    peer = own_peer(request)
    check = get_for_org(rolechecks.own_role_checks(peer), request.organisation, pk=pk)  # type: ignore[attr-defined]
    shared = request.POST.get("shared") == "yes"
    role_check_share_set(check=check, shared=shared)
    messages.success(
        request,
        _("The coordinators can now see this role check.")
        if shared
        else _("This role check is back to you and your supervisor only."),
    )
    return redirect("support:mine")


@require("can_manage_role_actions")
def role_detail(request: HttpRequest, role_pk: int) -> HttpResponse:
    """One role three ways: its description, what was logged, what peers say; and the actions on it."""
    organisation = request.organisation  # type: ignore[attr-defined]
    role = get_for_org(Role, organisation, pk=role_pk)
    today = organisation.today()
    form = RoleActionForm(request.POST or None, initial={"review_on": today + timedelta(weeks=REVIEW_WEEKS)})
    if request.method == "POST" and form.is_valid():
        try:
            role_action_record(
                role=role,
                kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"],
                review_on=form.cleaned_data["review_on"],
                user=acting_user(request),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The action on the role is recorded."))
            return redirect("support:role_detail", role_pk=role.pk)
    return render(
        request,
        "support/role_detail.html",
        {
            **_three_views(request, role, today),
            "actions": list(rolechecks.role_actions_for(role)),
            "form": form,
            "today": today,
        },
    )


def _three_views(request: HttpRequest, role: Role, today: date) -> dict[str, Any]:
    """The role's description, what was logged on its shifts, and what peers say (reads audited)."""
    reads_all = reads_all_role_checks(request)
    checks = rolechecks.readable_role_checks(role.organisation, reads_all=reads_all).filter(role=role)
    view = rolechecks.peer_views(checks, today).get(role.pk, rolechecks.PeerView())
    for check in view.quotes:
        audit_read(request, check, ["spent_on", "would_change"], peer=check.peer_id)
    return {
        "role": role,
        "duties": rolefit.role_duties(role),
        "fit": next(iter(rolefit.role_fit_by_role(role.organisation, today, role=role)), None),
        "peer_view": view,
        "reads_all": reads_all,
        "window_days": rolefit.WINDOW_DAYS,
    }


@require_POST
@require("can_manage_role_actions")
def role_action_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    action: RoleAction = get_for_org(RoleAction, request.organisation, pk=pk)  # type: ignore[attr-defined]
    try:
        role_action_close(action=action, outcome=request.POST.get("outcome", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The action is closed with its outcome."))
    return redirect("support:role_detail", role_pk=action.role_id)
