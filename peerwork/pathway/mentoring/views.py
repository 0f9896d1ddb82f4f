"""Mentoring pages: the staff list (pair, end, record) and a mentor's own contact page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwork.accounts.access import get_for_org, require
from peerwork.accounts.middleware import SESSION_KIOSK
from peerwork.audit.services import audit_record
from peerwork.peers.edge import actor, org
from peerwork.peers.forms import apply_errors
from peerwork.peers.selectors import peer_for_user

from ..models import Mentorship, PeerCapability
from ..selectors import mentoring_refusal
from . import services
from .forms import ContactForm, EndForm, PairingForm
from .selectors import active_mentorships, mentees_of, mentoring_overview


def _page(request: HttpRequest, pair_form: PairingForm, contact_form: ContactForm) -> HttpResponse:
    organisation = org(request)
    context = {
        "overview": mentoring_overview(organisation, organisation.today()),
        "pair_form": pair_form,
        "contact_form": contact_form,
        "end_form": EndForm(initial={"ended_on": organisation.today()}),
    }
    return render(request, "pathway/mentoring.html", context)


def _contact_form(request: HttpRequest, data: object = None) -> ContactForm:
    organisation = org(request)
    return ContactForm(data, pairings=active_mentorships(organisation), organisation=organisation)


@require("can_manage_mentoring")
def mentoring(request: HttpRequest) -> HttpResponse:
    """The list of pairings and contacts; a POST pairs a mentor with a new peer."""
    organisation = org(request)
    form = PairingForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            pairing = services.mentorship_start(
                organisation=organisation, by=actor(request), **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(mentor)s now mentors %(mentee)s.")
                % {"mentor": pairing.mentor, "mentee": pairing.mentee},
            )
            return redirect("pathway:mentoring")
    return _page(request, form, _contact_form(request))


@require("can_manage_mentoring")
@require_POST
def mentorship_end(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = get_for_org(
        Mentorship.objects.select_related("organisation", "mentor", "mentee"), org(request), pk=pk
    )
    form = EndForm(request.POST)
    if form.is_valid():
        try:
            services.mentorship_end(
                mentorship=pairing, by=actor(request), ended_on=form.cleaned_data["ended_on"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("The pairing of %(mentor)s and %(mentee)s has ended.")
                % {"mentor": pairing.mentor, "mentee": pairing.mentee},
            )
    else:
        messages.error(request, _("Choose the day the pairing ended."))
    return redirect("pathway:mentoring")


@require("can_manage_mentoring")
@require_POST
def contact_add(request: HttpRequest) -> HttpResponse:
    form = _contact_form(request, request.POST)
    if form.is_valid():
        try:
            services.mentoring_contact_record(by=actor(request), **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Mentoring contact saved."))
            return redirect("pathway:mentoring")
    return _page(request, PairingForm(organisation=org(request)), form)


@require("is_peer")
def my_contact(request: HttpRequest) -> HttpResponse:
    """A mentor records a contact with one of the peers they mentor (kiosk or own phone)."""
    organisation = org(request)
    peer = peer_for_user(actor(request), organisation)
    if peer is None:
        raise Http404
    kiosk = bool(request.session.get(SESSION_KIOSK))
    refusal = mentoring_refusal(peer)
    if refusal is not None:
        audit_record(
            action="authorisation_refused",
            request=request,
            capability=PeerCapability.RECORD_MENTORING,
            path=request.path,
        )
        context = {"refusal": refusal, "kiosk": kiosk}
        return render(request, "pathway/my_mentoring_contact.html", context, status=403)
    form = ContactForm(
        request.POST or None, pairings=mentees_of(peer), organisation=organisation, as_mentor=True
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.mentoring_contact_record(by=actor(request), **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved. Thank you for mentoring."))
            return redirect("peers:my_work")
    return render(
        request,
        "pathway/my_mentoring_contact.html",
        {
            "form": form,
            "has_mentees": mentees_of(peer).exists(),
            "kiosk": kiosk,
        },
    )
