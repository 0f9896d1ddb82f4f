"""The work record as HTML (for the page and the PDF) in a chosen language, and as a PDF."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify

from peerwork.peers.models import PeerWorker

from .forms import LanguageForm
from .selectors import work_record_for


def language_of(request: HttpRequest) -> str:
    """The record's language: ?lang= if it is one of the five, else the page's language."""
    form = LanguageForm(request.GET)
    if form.is_valid() and form.cleaned_data["lang"]:
        return str(form.cleaned_data["lang"])
    return translation.get_language() or "en"


def record_html(
    peer: PeerWorker, lang: str, *, open: bool | None = None, template: str = "workrecord/_record.html"
) -> str:
    """The record rendered in ``lang``: built inside the language too, so its sentences follow it."""
    with translation.override(lang):
        record = work_record_for(peer, open=open)
        return render_to_string(template, {"record": record, "lang": lang})


def record_pdf(request: HttpRequest, peer: PeerWorker, lang: str) -> HttpResponse:
    from weasyprint import HTML  # heavy: loaded only when someone asks for a PDF

    html = record_html(peer, lang, template="workrecord/print.html")
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(peer.preferred_name) or "peer"
    response["Content-Disposition"] = f'attachment; filename="work-record-{name}-{lang}.pdf"'
    return response
