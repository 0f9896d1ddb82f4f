"""The peer's own support page: next supervision, their sessions and debriefs, their check-ins."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwork.accounts.access import get_for_org, require
from peerwork.accounts.middleware import SESSION_KIOSK
from peerwork.assessments.models import Mode
from peerwork.assessments.selectors import has_standing_share
from peerwork.audit.services import audit_read

from ..checkins import (
    checkin_instrument_ensure,
    checkin_record,
    checkin_share_set,
    checkin_standing_share_set,
)
from ..forms import CheckInForm
from ..selectors import checkins, rolechecks, supervision
from ..selectors import debriefs as debrief_selectors
from .common import acting_user, add_errors, own_peer


@require("is_peer")
def mine(request: HttpRequest) -> HttpResponse:
    peer = own_peer(request)
    today = peer.organisation.today()
    sessions = list(supervision.sessions_for_peer(peer)[:10])
    for session in sessions:
        if session.notes:
            audit_read(request, session, ["notes"], peer=peer.pk, own=True)
    return render(
        request,
        "support/mine.html",
        {
            "peer": peer,
            "next_due": supervision.next_supervision_for(peer, today),
            "sessions": sessions,
            "hours": supervision.supervision_hours(peer, today),
            "debriefs": debrief_selectors.debriefs_for_peer(peer)[:10],
            "checkins": checkins.own_checkin_views(peer, get_language() or "en"),
            "shares_standing": checkins.shares_standing(peer),
            "shares_all": has_standing_share(peer),
            "shares_checkins": checkins.shares_checkins_standing(peer),
            "today": today,
            "role_check_due": rolechecks.role_check_due(peer, today),
            "role_checks": rolechecks.own_role_checks(peer)[:6],
        },
    )


@require("is_peer")
def checkin_new(request: HttpRequest) -> HttpResponse:
    peer = own_peer(request)
    language = get_language() or "en"
    instrument = checkin_instrument_ensure(peer=peer)
    version = instrument.versions.order_by("-created_at", "-id").first()
    assert version is not None
    definition = version.as_definition()
    form = CheckInForm(request.POST or None, definition=definition, language=language)
    if request.method == "POST" and form.is_valid():
        try:
            checkin_record(
                peer=peer,
                answers=form.answers(),
                share=form.cleaned_data["share"],
                mode=Mode.KIOSK if request.session.get(SESSION_KIOSK) else Mode.PHONE,
                user=acting_user(request),
                language=language,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Thank you. Your check-in is saved."))
            return redirect("support:mine")
    return render(
        request,
        "support/checkin_form.html",
        {
            "form": form,
            "intro": definition.text("intro", language),
            "notice": definition.text("notice", language),
        },
    )


@require_POST
@require("is_peer")
def checkin_share(request: HttpRequest, pk: int) -> HttpResponse:
    peer = own_peer(request)
    response = get_for_org(checkins.own_checkins(peer), request.organisation, pk=pk)  # type: ignore[attr-defined]
    shared = request.POST.get("shared") == "yes"
    checkin_share_set(response=response, shared=shared, user=acting_user(request))
    messages.success(
        request,
        _("Your supervisor can now see this check-in.") if shared else _("This check-in is private again."),
    )
    return redirect("support:mine")


@require_POST
@require("is_peer")
def checkin_standing(request: HttpRequest) -> HttpResponse:
    peer = own_peer(request)
    shared = request.POST.get("shared") == "yes"
    checkin_standing_share_set(peer=peer, shared=shared, user=acting_user(request))
    messages.success(
        request,
        _("Your supervisor can see all your check-ins until you stop it.")
        if shared
        else _("You stopped sharing all your check-ins."),
    )
    return redirect("support:mine")
