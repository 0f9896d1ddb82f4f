"""Work record pages: the peer's own (kiosk or phone), staff's (audited), the reference, the naming."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from peerwork.accounts.access import get_for_org, require
from peerwork.accounts.middleware import SESSION_KIOSK
from peerwork.audit.services import audit_record
from peerwork.peers.edge import actor, can, org
from peerwork.peers.forms import apply_errors
from peerwork.peers.models import PeerWorker
from peerwork.peers.selectors import peer_for_user, peers_of

from . import services
from .forms import ChoiceForm, LanguageForm, ReferenceForm, SettingsForm
from .models import Reference
from .render import language_of, record_html, record_pdf
from .selectors import is_open, settings_for


def _me(request: HttpRequest) -> PeerWorker:
    peer = peer_for_user(actor(request), org(request))
    if peer is None:
        raise Http404
    return peer


def _staff_peer(request: HttpRequest, pk: int) -> PeerWorker:
    return get_for_org(peers_of(org(request)).select_related("organisation"), org(request), pk=pk)


def _preview(request: HttpRequest, peer: PeerWorker) -> bool:
    """?preview=open|discreet shows the other way before choosing it; otherwise the peer's choice."""
    wanted = request.GET.get("preview")
    return wanted == "open" if wanted in ("open", "discreet") else is_open(peer)


@require("can_read_own_work_record")  # a peer, or a peer who has left (their one page here)
def mine(request: HttpRequest) -> HttpResponse:
    peer = _me(request)
    lang = language_of(request)
    chosen = is_open(peer)
    form = ChoiceForm(
        request.POST or None, initial={"open_about_programme": "open" if chosen else "discreet"}
    )
    if request.method == "POST" and form.is_valid():
        services.work_record_choice_set(
            peer=peer, open_about_programme=form.cleaned_data["open_about_programme"], by=actor(request)
        )
        messages.success(request, _("Saved. Your work record now reads as you see it below."))
        return redirect("workrecord:mine")
    showing = _preview(request, peer)
    context = {
        "peer": peer,
        "form": form,
        "lang_form": LanguageForm(initial={"lang": lang}),
        "lang": lang,
        "chosen_open": chosen,
        "showing_open": showing,
        "record_html": record_html(peer, lang, open=showing),
        "kiosk": bool(request.session.get(SESSION_KIOSK)),
        "has_left": can(request, "is_former_peer"),
    }
    return render(request, "workrecord/mine.html", context)


@require("can_read_own_work_record")
def mine_pdf(request: HttpRequest) -> HttpResponse:
    peer = _me(request)
    return record_pdf(request, peer, language_of(request))


@require("can_view_work_records")
def peer_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff see the record as the peer chose it; every showing is audited."""
    peer = _staff_peer(request, pk)
    lang = language_of(request)
    audit_record(action="work_record_viewed", request=request, obj=peer, format="page")
    context = {
        "peer": peer,
        "lang_form": LanguageForm(initial={"lang": lang}),
        "lang": lang,
        "record_html": record_html(peer, lang),
        "can_write": can(request, "can_write_references"),
    }
    return render(request, "workrecord/peer.html", context)


@require("can_view_work_records")
def peer_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    peer = _staff_peer(request, pk)
    lang = language_of(request)
    audit_record(action="work_record_viewed", request=request, obj=peer, format="pdf")
    return record_pdf(request, peer, lang)


@require("can_write_references")
def reference(request: HttpRequest, pk: int) -> HttpResponse:
    peer = _staff_peer(request, pk)
    current = Reference.objects.filter(peer=peer).first()
    initial = {"text": current.text, "names_programme": current.names_programme} if current else {}
    form = ReferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.reference_write(peer=peer, by=actor(request), **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Reference saved on %(name)s's work record.") % {"name": peer})
            return redirect("workrecord:peer", pk=peer.pk)
    status = 422 if form.errors else 200
    return render(request, "workrecord/reference.html", {"peer": peer, "form": form}, status=status)


@require("can_manage_organisation")
def settings(request: HttpRequest) -> HttpResponse:
    organisation = org(request)
    form = SettingsForm(request.POST or None, instance=settings_for(organisation))
    if request.method == "POST" and form.is_valid():
        services.work_record_settings_save(organisation=organisation, by=actor(request), **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("workrecord:settings")
    return render(request, "workrecord/settings.html", {"form": form})
