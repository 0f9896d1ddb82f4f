"""A peer lead's team pages (on their own phone): the team's week and the check-in desk for the
team's shifts. Each page needs its stage capability (``peer_can``); a place or shift of another
team is a 404. Staff say who leads a work stream here too."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwork.accounts.access import get_for_org, require
from peerwork.audit.services import audit_record
from peerwork.pathway.models import PeerCapability
from peerwork.pathway.selectors import peer_can
from peerwork.peers.models import PeerWorker

from .. import services, team
from ..forms import StreamLeadsForm, apply_errors
from ..models import WorkStream
from ._common import actor, org, peer_of, week_from
from .peer import check_out_page

TeamView = Callable[..., HttpResponse]


def team_capability(capability: str) -> Callable[[TeamView], TeamView]:
    """Let a peer through only when their stage grants ``capability``; the view gets the peer."""

    def decorator(view: TeamView) -> TeamView:
        @require("is_peer")
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            peer = peer_of(request)
            if peer is None or not peer_can(peer, capability):
                audit_record(
                    action="authorisation_refused", request=request, capability=capability, path=request.path
                )
                raise PermissionDenied
            return view(request, peer, *args, **kwargs)

        return wrapper

    return decorator


@team_capability(PeerCapability.SEE_TEAM_WEEK)
def team_week(request: HttpRequest, peer: PeerWorker) -> HttpResponse:
    week_start = week_from(request)
    context = {
        "days": team.team_week(peer, week_start),
        "streams": team.team_streams(peer),
        "week_start": week_start,
        "previous": week_start - timedelta(days=7),
        "next": week_start + timedelta(days=7),
        "today": org(request).today(),
        "can_run_desk": peer_can(peer, PeerCapability.RUN_TEAM_DESK),
    }
    return render(request, "shifts/team_week.html", context)


@team_capability(PeerCapability.RUN_TEAM_DESK)
def team_desk(request: HttpRequest, peer: PeerWorker) -> HttpResponse:
    today = org(request).today()
    rows = team.team_desk_rows(peer, today)
    return render(
        request, "shifts/team_desk.html", {"rows": rows, "today": today, "streams": team.team_streams(peer)}
    )


@require_POST
@team_capability(PeerCapability.RUN_TEAM_DESK)
def team_desk_check_in(request: HttpRequest, peer: PeerWorker, pk: int) -> HttpResponse:
    assignment = team.team_assignment(peer, pk)
    try:
        services.assignment_check_in(assignment=assignment, site=None, channel="team", by=actor(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is checked in.") % {"name": assignment.peer.preferred_name})
    return redirect("shifts:team_desk")


@team_capability(PeerCapability.RUN_TEAM_DESK)
def team_desk_check_out(request: HttpRequest, peer: PeerWorker, pk: int) -> HttpResponse:
    return check_out_page(request, team.team_assignment(peer, pk), done_url=reverse("shifts:team_desk"))


@require("can_manage_shifts")
def stream_leads(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff choose the peers who lead a work stream (its shifts are their team's)."""
    stream = get_for_org(WorkStream, org(request), pk=pk)
    form = StreamLeadsForm(request.POST or None, stream=stream)
    if request.method == "POST" and form.is_valid():
        try:
            team.work_stream_leads_set(
                stream=stream, peers=form.cleaned_data["leads"], by=actor(request), request=request
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Peer leads of %(stream)s saved.") % {"stream": stream.name})
            return redirect("shifts:roles")
    return render(request, "shifts/stream_leads.html", {"form": form, "stream": stream})
