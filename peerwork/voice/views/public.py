"""The pages behind a card or poster link: feedback without an account, and "you said, we did"."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .. import selectors
from ..forms import FeedbackForm
from ..models import FeedbackLink, Source
from ..services import RateLimited, feedback_submit, rate_count
from .common import add_errors, client_address


def _link(request: HttpRequest, token: str) -> FeedbackLink:
    link = selectors.active_link(token)
    if link is None:
        raise Http404
    return link


def feedback_public(request: HttpRequest, token: str) -> HttpResponse:
    link = _link(request, token)
    form = FeedbackForm(request.POST or None)
    limited = False
    if request.method == "POST" and form.is_valid():
        try:
            count = rate_count(client_address(request))
            feedback_submit(
                organisation=link.organisation,
                site=link.site,
                source=Source.LINK,
                rating=form.cleaned_data["rating"],
                mattered=form.cleaned_data["mattered"],
                text=form.cleaned_data["text"],
                count_in_window=count,
            )
        except RateLimited:
            limited = True
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("voice:feedback_thanks", token=token)
    status = 429 if limited else 200
    return render(
        request, "voice/feedback_public.html", {"form": form, "link": link, "limited": limited}, status=status
    )


def feedback_thanks(request: HttpRequest, token: str) -> HttpResponse:
    return render(request, "voice/feedback_thanks.html", {"link": _link(request, token)})


def you_said_public(request: HttpRequest, token: str) -> HttpResponse:
    link = _link(request, token)
    if not link.shows_you_said:
        raise Http404
    rows = selectors.you_said_we_did(link.organisation)
    return render(request, "voice/you_said.html", {"rows": rows, "link": link})
