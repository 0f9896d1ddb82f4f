"""Ladder pages: set-up for org admins, and moving a peer up, back, or signing them off."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwork.accounts.access import get_for_org, require
from peerwork.peers.edge import actor, org
from peerwork.peers.forms import apply_errors
from peerwork.peers.models import PeerWorker

from . import services
from .forms import PromoteForm, SignOffForm, StageForm, StepBackForm
from .models import Stage
from .selectors import eligibility_for, ladder_of


def _peer(request: HttpRequest, pk: int) -> PeerWorker:
    return get_for_org(PeerWorker.objects.select_related("organisation"), org(request), pk=pk)


@require("can_manage_ladder")
def ladder(request: HttpRequest) -> HttpResponse:
    stages = list(ladder_of(org(request)))
    return render(request, "pathway/ladder.html", {"stages": stages})


@require("can_manage_ladder")
@require_POST
def ladder_seed(request: HttpRequest) -> HttpResponse:
    services.ladder_seed_default(organisation=org(request))
    messages.success(request, _("The default ladder is ready. Change any stage to fit your programme."))
    return redirect("pathway:ladder")


def _stage_form(request: HttpRequest, stage: Stage | None) -> HttpResponse:
    organisation = org(request)
    form = StageForm(request.POST or None, instance=stage, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in StageForm.Meta.fields}
        courses = list(form.cleaned_data["required_courses"])
        try:
            if stage is None:
                services.stage_create(
                    organisation=organisation, by=actor(request), required_courses=courses, **values
                )
            else:
                services.stage_update(stage=stage, by=actor(request), required_courses=courses, **values)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Stage saved."))
            return redirect("pathway:ladder")
    return render(request, "pathway/stage_form.html", {"form": form, "stage": stage})


@require("can_manage_ladder")
def stage_add(request: HttpRequest) -> HttpResponse:
    return _stage_form(request, None)


@require("can_manage_ladder")
def stage_edit(request: HttpRequest, pk: int) -> HttpResponse:
    stage = get_for_org(Stage, org(request), pk=pk)
    return _stage_form(request, stage)


@require("can_promote_peers")
def promote(request: HttpRequest, peer_pk: int) -> HttpResponse:
    peer = _peer(request, peer_pk)
    form = PromoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change = services.peer_promote(peer=peer, by=actor(request), **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("%(name)s moved up to %(stage)s.") % {"name": peer, "stage": change.to_stage}
            )
            return redirect("peers:detail", pk=peer.pk)
    return render(
        request, "pathway/promote.html", {"peer": peer, "form": form, "eligibility": eligibility_for(peer)}
    )


@require("can_promote_peers")
def step_back(request: HttpRequest, peer_pk: int) -> HttpResponse:
    peer = _peer(request, peer_pk)
    form = StepBackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change = services.peer_step_back(peer=peer, by=actor(request), reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("%(name)s is now at %(stage)s.") % {"name": peer, "stage": change.to_stage}
            )
            return redirect("peers:detail", pk=peer.pk)
    return render(request, "pathway/step_back.html", {"peer": peer, "form": form})


@require("can_sign_off_promotion")
@require_POST
def sign_off(request: HttpRequest, peer_pk: int) -> HttpResponse:
    peer = _peer(request, peer_pk)
    form = SignOffForm(request.POST)
    target = eligibility_for(peer).target
    if target is None:
        messages.error(request, _("This peer is on the top stage; there is nothing to sign off."))
    elif form.is_valid():
        try:
            services.stage_sign_off_record(
                peer=peer, stage=target, by=actor(request), note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Signed off for %(stage)s.") % {"stage": target})
    return redirect("peers:detail", pk=peer.pk)
