"""Staff pages: the competence framework (org admins), placement plans and their reviews, one peer's
competences with both ratings over time."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwork.accounts.access import get_for_org, require
from peerwork.accounts.sites import within_sites
from peerwork.peers.edge import actor, can, org
from peerwork.peers.forms import apply_errors
from peerwork.peers.models import PeerStatus, PeerWorker

from ..forms import CompetenceForm, PlanForm, RatingForm
from ..models import Competence, Rater
from ..selectors import framework_by_stage, plan_view, plans_for_org, plans_for_peer, reviews_open
from ..services import competence_save, placement_plan_create
from .common import check_moment, growth_context, plan_of, rate, review_page


@require("can_manage_competences")
def framework(request: HttpRequest) -> HttpResponse:
    return render(request, "growth/framework.html", {"by_stage": framework_by_stage(org(request))})


def _competence_form(request: HttpRequest, competence: Competence | None) -> HttpResponse:
    organisation = org(request)
    form = CompetenceForm(request.POST or None, organisation=organisation, competence=competence)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            competence_save(
                organisation=organisation,
                competence=competence,
                stage=data["stage"],
                name=data["name"],
                description=data["description"],
                steps=form.step_lines(),
                requirements=form.requirements(),
                public_title=data["public_title"],
                reveals_programme=data["reveals_programme"],
                by=actor(request),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Competence saved."))
            return redirect("growth:framework")
    return render(request, "growth/competence_form.html", {"form": form, "competence": competence})


@require("can_manage_competences")
def competence_add(request: HttpRequest) -> HttpResponse:
    return _competence_form(request, None)


@require("can_manage_competences")
def competence_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _competence_form(request, get_for_org(Competence, org(request), pk=pk))


@require("can_plan_placements")
def plans(request: HttpRequest) -> HttpResponse:
    page = Paginator(plans_for_org(org(request)), 25).get_page(request.GET.get("page"))
    return render(request, "growth/plans.html", {"page": page, "today": org(request).today()})


@require("can_plan_placements")
def plan_add(request: HttpRequest) -> HttpResponse:
    organisation = org(request)
    peers = within_sites(PeerWorker.objects.filter(organisation=organisation, status=PeerStatus.ACTIVE))
    initial = {"starts_on": organisation.today(), "supervisor": actor(request).pk}
    if request.GET.get("peer"):
        initial["peer"] = get_for_org(peers, organisation, pk=request.GET["peer"]).pk
    form = PlanForm(request.POST or None, organisation=organisation, peers=peers, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = placement_plan_create(
                peer=data["peer"],
                role=data["role"],
                title=data["title"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                supervisor=data["supervisor"],
                goals=form.goals(),
                by=actor(request),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Placement plan saved."))
            return redirect("growth:plan_detail", pk=plan.pk)
    return render(request, "growth/plan_form.html", {"form": form}, status=422 if form.errors else 200)


@require("can_plan_placements")
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_of(request, pk)
    context = {
        "view": plan_view(plan),
        "open": reviews_open(plan, Rater.SUPERVISOR, plan.organisation.today()),
        "can_review": can(request, "can_review_growth"),
    }
    return render(request, "growth/plan_detail.html", context)


@require("can_review_growth")
def plan_review(request: HttpRequest, pk: int, moment: str) -> HttpResponse:
    plan = plan_of(request, pk)
    done = reverse("growth:plan_detail", kwargs={"pk": plan.pk})
    return review_page(request, plan, check_moment(moment), Rater.SUPERVISOR, done, "growth/review_form.html")


def _peer_page(request: HttpRequest, peer: PeerWorker, form: RatingForm | None) -> HttpResponse:
    context = {
        "peer": peer,
        "plans": plans_for_peer(peer),
        "form": form or RatingForm(organisation=peer.organisation),
        "can_rate": can(request, "can_review_growth"),
        **growth_context(peer),
    }
    return render(request, "growth/peer_growth.html", context, status=422 if form and form.errors else 200)


@require("can_plan_placements")
def peer_growth(request: HttpRequest, peer_pk: int) -> HttpResponse:
    return _peer_page(request, get_for_org(PeerWorker, org(request), pk=peer_pk), None)


@require_POST
@require("can_review_growth")
def peer_rate(request: HttpRequest, peer_pk: int) -> HttpResponse:
    peer = get_for_org(PeerWorker, org(request), pk=peer_pk)
    form = rate(request, peer, Rater.SUPERVISOR)
    if form is None:
        return redirect("growth:peer_growth", peer_pk=peer.pk)
    return _peer_page(request, peer, form)
