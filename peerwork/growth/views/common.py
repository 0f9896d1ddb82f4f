"""Helpers the growth pages share: the org-scoped fetches and the review form's handling."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from peerwork.accounts.access import get_for_org
from peerwork.peers.edge import actor, org
from peerwork.peers.forms import apply_errors
from peerwork.peers.models import PeerWorker

from ..charts import track_svg
from ..forms import RatingForm, ReviewForm
from ..models import Competence, Moment, PlacementPlan
from ..selectors import CompetenceTrack, tracks_for
from ..services import competence_rate, plan_review_record


def own_peer(request: HttpRequest) -> PeerWorker:
    """The signed-in peer's own profile in the current organisation, or 404."""
    peer = PeerWorker.objects.filter(user=actor(request), organisation=org(request)).first()
    if peer is None:
        raise Http404
    return peer


def plan_of(request: HttpRequest, pk: int, peer: PeerWorker | None = None) -> PlacementPlan:
    """A plan of the organisation (and of ``peer`` when given); 404 for another org's, site's or peer's."""
    plans = PlacementPlan.objects.select_related("peer", "role", "supervisor", "organisation")
    if peer is not None:
        plans = plans.filter(peer=peer)
    return get_for_org(plans, org(request), pk=pk)


def check_moment(moment: str) -> str:
    if moment not in Moment.values:
        raise Http404
    return moment


def charts(tracks: list[CompetenceTrack]) -> list[tuple[CompetenceTrack, str]]:
    return [(track, track_svg(track)) for track in tracks if track.peer or track.supervisor]


def growth_context(peer: PeerWorker) -> dict[str, Any]:
    tracks = tracks_for(peer)
    return {"tracks": tracks, "charts": charts(tracks)}


def review_page(
    request: HttpRequest, plan: PlacementPlan, moment: str, rater: str, done_url: str, template: str
) -> HttpResponse:
    form = ReviewForm(request.POST or None, goals=list(plan.goals.all()))
    if request.method == "POST" and form.is_valid():
        try:
            plan_review_record(
                plan=plan,
                moment=moment,
                rater=rater,
                standings=form.standings(),
                note=form.cleaned_data["note"],
                by=actor(request),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Review saved. Thank you."))
            return redirect(done_url)
    context = {"plan": plan, "form": form, "moment": moment, "moment_label": Moment(moment).label}
    return render(request, template, context, status=422 if form.errors else 200)


def rate(request: HttpRequest, peer: PeerWorker, rater: str) -> RatingForm | None:
    """Handle the rating form: None once a rating is saved (the view redirects); otherwise the form,
    with the message and what was typed when a rating is refused."""
    form = RatingForm(request.POST or None, organisation=peer.organisation)
    if request.method == "POST" and form.is_valid():
        competence: Competence = form.cleaned_data["competence"]
        try:
            competence_rate(
                peer=peer,
                competence=competence,
                rater=rater,
                level=form.cleaned_data["level"],
                note=form.cleaned_data["note"],
                by=actor(request),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Rating saved: %(competence)s, step %(level)s.")
                % {"competence": competence.name, "level": form.cleaned_data["level"]},
            )
            return None
    return form
