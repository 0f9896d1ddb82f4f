"""Card and poster links: make one for a site, print it with its QR code, switch it off and on."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwork.accounts.access import current_organisation, get_for_org, require
from peerwork.accounts.sites import sites_visible

from .. import selectors
from ..forms import LinkForm
from ..models import FeedbackLink
from ..services import link_create, link_set_active
from .common import add_errors


def _public_url(request: HttpRequest, link: FeedbackLink) -> str:
    return request.build_absolute_uri(reverse("voice:feedback_public", kwargs={"token": link.token}))


@require("can_manage_feedback")
def links(request: HttpRequest) -> HttpResponse:
    organisation = current_organisation(request)
    form = LinkForm(request.POST or None, sites=sites_visible(organisation))
    if request.method == "POST" and form.is_valid():
        try:
            link = link_create(
                organisation=organisation,
                label=form.cleaned_data["label"],
                site=form.cleaned_data["site"],
                by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Link made. Print it on a card or poster."))
            return redirect(f"{reverse('voice:links')}#link-{link.pk}")
    rows = []
    for link in selectors.links_for(organisation):
        url = _public_url(request, link)
        # The QR code only for a link in use: a switched-off one shows none.
        qr = mark_safe(selectors.link_qr_svg(url, scale=3)) if link.is_active else ""  # noqa: S308 - segno's SVG
        rows.append({"link": link, "url": url, "qr": qr})
    return render(request, "voice/links.html", {"rows": rows, "form": form})


@require("can_manage_feedback")
def link_poster(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_for_org(FeedbackLink, current_organisation(request), pk=pk)
    url = _public_url(request, link)
    qr = mark_safe(selectors.link_qr_svg(url, scale=8))  # noqa: S308 - segno's SVG, nothing typed by a person
    return render(request, "voice/link_poster.html", {"link": link, "url": url, "qr": qr})


@require_POST
@require("can_manage_feedback")
def link_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_for_org(FeedbackLink, current_organisation(request), pk=pk)
    link_set_active(link=link, active=not link.is_active, by=request.user)  # type: ignore[arg-type]
    if link.is_active:
        messages.success(request, _("The link works again."))
    else:
        messages.success(
            request, _("The link is switched off: it now leads nowhere. Feedback already given is kept.")
        )
    return redirect(f"{reverse('voice:links')}#link-{link.pk}")
