"""The peer's own growth page (phone or kiosk session): their plans and reviews, their competences
with both ratings, rating themself, and recording their side of a review."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from peerwork.accounts.access import require
from peerwork.peers.models import PeerWorker

from ..forms import RatingForm
from ..models import Rater
from ..selectors import plan_view, plans_for_peer, reviews_open
from .common import check_moment, growth_context, own_peer, plan_of, rate, review_page


def _page(request: HttpRequest, peer: PeerWorker, form: RatingForm | None) -> HttpResponse:
    today = peer.organisation.today()
    plans = [(plan_view(plan), reviews_open(plan, Rater.PEER, today)) for plan in plans_for_peer(peer)]
    context = {
        "peer": peer,
        "plans": plans,
        "form": form or RatingForm(organisation=peer.organisation),
        **growth_context(peer),
    }
    return render(request, "growth/mine.html", context, status=422 if form and form.errors else 200)


@require("is_peer")
def mine(request: HttpRequest) -> HttpResponse:
    peer = own_peer(request)
    if request.method == "POST":
        form = rate(request, peer, Rater.PEER)
        if form is None:
            return redirect("growth:mine")
        return _page(request, peer, form)
    return _page(request, peer, None)


@require("is_peer")
def my_review(request: HttpRequest, pk: int, moment: str) -> HttpResponse:
    peer = own_peer(request)
    plan = plan_of(request, pk, peer=peer)
    return review_page(
        request, plan, check_moment(moment), Rater.PEER, reverse("growth:mine"), "growth/review_form.html"
    )
