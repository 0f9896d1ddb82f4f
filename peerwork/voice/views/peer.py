"""A peer's own voice: feedback from the kiosk or their phone, and "you said, we did"."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from peerwork.accounts.access import acting_user, current_organisation, require
from peerwork.peers.models import PeerWorker

from .. import selectors
from ..forms import PeerFeedbackForm
from ..models import Source
from ..services import RateLimited, feedback_submit, rate_count
from .common import add_errors


def _own_peer(request: HttpRequest) -> PeerWorker:
    peer = PeerWorker.objects.filter(
        user=acting_user(request), organisation=current_organisation(request)
    ).first()
    if peer is None:
        raise Http404
    return peer


@require("is_peer")
def my_feedback(request: HttpRequest) -> HttpResponse:
    peer = _own_peer(request)
    form = PeerFeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            # A kiosk is shared: the peer's own account is the "device" counted here.
            count = rate_count(f"peer:{peer.pk}")
            feedback_submit(
                organisation=peer.organisation,
                source=Source.PEER,
                rating=form.cleaned_data["rating"],
                mattered=form.cleaned_data["mattered"],
                text=form.cleaned_data["text"],
                named_peer=peer if form.cleaned_data["put_name"] else None,
                count_in_window=count,
            )
        except RateLimited:
            form.add_error(None, _("That is a lot of feedback in a short time. Please try again in an hour."))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Thank you. Your feedback is in."))
            return redirect("voice:my_you_said")
    return render(request, "voice/my_feedback.html", {"form": form})


@require("is_peer")
def my_you_said(request: HttpRequest) -> HttpResponse:
    organisation = current_organisation(request)
    return render(request, "voice/you_said.html", {"rows": selectors.you_said_we_did(organisation)})
