"""A peer's own check-ins: start, answer (saved as they go), finish, see results, choose sharing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwork.accounts.access import get_for_org, require
from peerwork.audit.services import audit_read
from peerwork.peers.models import PeerWorker

from ..forms import ResponseForm
from ..models import AssessmentResponse, Instrument, Mode, ResponseStatus
from ..selectors import (
    administrable_instruments,
    due_for_peer,
    has_standing_share,
    newer_version_for,
    own_responses,
    staff_may_see,
)
from ..services import (
    assessment_answer,
    assessment_start,
    assessment_submit,
    instruments_sync_shipped,
    response_share_set,
    standing_share_set,
)
from .common import is_owner, languages, response_to_answer, results_by_instrument, score_rows


def _own_peer(request: HttpRequest) -> PeerWorker:
    if not request.user.is_authenticated:
        raise Http404
    peer = PeerWorker.objects.filter(
        user=request.user, organisation=getattr(request, "organisation", None)
    ).first()
    if peer is None:
        raise Http404
    return peer


@require("is_peer")
def mine(request: HttpRequest) -> HttpResponse:
    peer = _own_peer(request)
    instruments_sync_shipped(organisation=peer.organisation)
    language, default = languages(request)
    responses = list(own_responses(peer))
    finished = [r for r in responses if r.status == ResponseStatus.SUBMITTED]
    started = {
        r.instrument_version.instrument_id: r for r in responses if r.status == ResponseStatus.IN_PROGRESS
    }
    available = [
        {
            "version": version,
            "name": version.as_definition().name(language, default),
            "description": version.as_definition().text("description", language, default),
            "started": started.get(version.instrument_id),
        }
        for version in administrable_instruments(peer.organisation, "peer")
    ]
    context = {
        "peer": peer,
        "available": available,
        "due": due_for_peer(peer, peer.organisation.today()),
        "finished": finished[:20],
        "results": results_by_instrument(finished, peer.organisation.zone, language, default),
        "sharing_all": has_standing_share(peer),
    }
    return render(request, "assessments/mine.html", context)


@require("is_peer")
@require_POST
def start(request: HttpRequest, instrument_pk: int) -> HttpResponse:
    peer = _own_peer(request)
    instrument = get_for_org(Instrument, request.organisation, pk=instrument_pk)  # type: ignore[attr-defined]
    mode = Mode.KIOSK if getattr(request, "is_kiosk_session", False) else Mode.PHONE
    site = peer.sites.first()
    try:
        response = assessment_start(
            organisation=peer.organisation,
            instrument=instrument,
            peer=peer,
            mode=mode,
            user=request.user,  # type: ignore[arg-type]
            site=site,
            language=languages(request)[0],
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("assessments:mine")
    return redirect("assessments:respond", pk=response.pk)


def _save(request: HttpRequest, response: AssessmentResponse, form: ResponseForm) -> HttpResponse | None:
    """Save or finish from the posted form; None when the form is to be shown again with errors."""
    action = request.POST.get("action")
    try:
        if action == "finish":
            share = request.POST.get("share") == "on" if response.peer_id else None
            assessment_submit(response=response, answers=form.answers(), share=share, user=request.user)  # type: ignore[arg-type]
        else:
            assessment_answer(response=response, answers=form.answers())
    except ValidationError as exc:
        if action == "autosave":
            return HttpResponse(status=422)
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
        return None
    if action == "autosave":  # the page's script saves each answer as it is chosen
        return HttpResponse(status=204)
    if action == "finish":
        messages.success(request, _("Thank you. Your check-in is finished and saved."))
        if response.mode == Mode.STAFF and not is_owner(request, response):
            return redirect("assessments:due")
        return redirect("assessments:result", pk=response.pk)
    messages.success(request, _("Your answers are saved. You can finish later."))
    return redirect("assessments:respond", pk=response.pk)


@require("can_answer_assessments")
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    """The questions on one page; answers are saved as they go, 'Finish' scores them."""
    response = response_to_answer(request, pk)
    if response.is_submitted:
        return redirect("assessments:result", pk=response.pk)
    language, default = languages(request)
    form = ResponseForm(request.POST or None, response=response, language=language, default_language=default)
    if request.method == "POST":
        done = _save(request, response, form)
        if done is not None:
            return done
    definition = form.definition
    context = {
        "response": response,
        "form": form,
        "name": definition.name(language, default),
        "intro": definition.text("intro", language, default),
        "notice": definition.text("notice", language, default),
        "validated": definition.data["validated"],
        "newer": newer_version_for(response),
        "answered": len(response.answers),
        "total_items": len(definition.items),
        "sharing_all": response.peer is not None and has_standing_share(response.peer),
        "is_owner": is_owner(request, response),
    }
    return render(request, "assessments/respond.html", context)


@require("can_open_assessment_results")
def result(request: HttpRequest, pk: int) -> HttpResponse:
    """A finished check-in: the peer sees their own; staff see it only if the peer shared it (audited)."""
    queryset = AssessmentResponse.objects.select_related(
        "instrument_version__instrument", "peer", "organisation"
    ).prefetch_related("scores")
    response = get_for_org(queryset, request.organisation, pk=pk)  # type: ignore[attr-defined]
    owner = is_owner(request, response)
    if not response.is_submitted:
        raise Http404
    if not owner:
        if not staff_may_see(getattr(request, "membership", None), response):
            raise Http404
        audit_read(request, response, ["answers", "scores"])
    language, default = languages(request)
    definition = response.instrument_version.as_definition()
    context = {
        "response": response,
        "owner": owner,
        "name": definition.name(language, default),
        "rows": score_rows(response, language, default),
        "notice": definition.text("notice", language, default),
        "sharing_all": response.peer is not None and has_standing_share(response.peer),
    }
    return render(request, "assessments/result.html", context)


@require("is_peer")
@require_POST
def share(request: HttpRequest, pk: int) -> HttpResponse:
    response = get_for_org(AssessmentResponse, request.organisation, pk=pk)  # type: ignore[attr-defined]
    if not is_owner(request, response) or not response.is_submitted:
        raise Http404
    shared = request.POST.get("shared") == "on"
    response_share_set(response=response, shared=shared, user=request.user)  # type: ignore[arg-type]
    messages.success(
        request, _("Staff can now see this result.") if shared else _("This result is private to you now.")
    )
    return redirect("assessments:result", pk=response.pk)


@require("is_peer")
@require_POST
def sharing(request: HttpRequest) -> HttpResponse:
    """The standing choice: share every result with staff until the peer turns it off."""
    peer = _own_peer(request)
    shared = request.POST.get("shared") == "on"
    standing_share_set(peer=peer, shared=shared, user=request.user)  # type: ignore[arg-type]
    messages.success(
        request,
        _("Staff can see all your results until you turn this off.")
        if shared
        else _("Your results are private to you, except ones you shared one by one."),
    )
    return redirect("assessments:mine")
