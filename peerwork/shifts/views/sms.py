"""The provider's webhooks: inbound texts and delivery status, verified with Twilio's signature."""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from xml.sax.saxutils import escape

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from peerwork.accounts.access import get_for_org, require
from peerwork.audit.services import audit_read, audit_record
from peerwork.core.sms import signature_valid
from peerwork.peers.selectors import peers_of
from peerwork.peers.services import peer_sms_consent

from .. import offers, selectors, services
from ..forms import apply_errors
from ..models import Assignment, SmsDirection, SmsMessage, SmsOffer
from ._common import actor, org


def _signed(request: HttpRequest) -> bool:
    params = {k: request.POST.get(k, "") for k in request.POST}
    return signature_valid(
        request.build_absolute_uri(), params, request.META.get("HTTP_X_TWILIO_SIGNATURE", "")
    )


def _forged(request: HttpRequest) -> HttpResponse:
    audit_record(
        action="sms_webhook_forged",
        request=request,
        object_type="sms",
        path=request.path,
    )
    return HttpResponse("Forbidden", status=403, content_type="text/plain")


def twiml(reply: str | None) -> HttpResponse:
    body = f"<Message>{escape(reply)}</Message>" if reply else ""
    return HttpResponse(
        f'<?xml version="1.0" encoding="UTF-8"?><Response>{body}</Response>', content_type="text/xml"
    )


def handle_inbound(data: Any) -> offers.Inbound:
    """The one path an inbound text takes, from the provider or from the development simulator."""
    return offers.sms_inbound(
        phone=data.get("From", ""), body=data.get("Body", ""), provider_id=data.get("MessageSid", "")
    )


@csrf_exempt
@require_POST
def inbound(request: HttpRequest) -> HttpResponse:
    if not _signed(request):
        return _forged(request)
    return twiml(handle_inbound(request.POST).reply)


@csrf_exempt
@require_POST
def status(request: HttpRequest) -> HttpResponse:
    if not _signed(request):
        return _forged(request)
    offers.sms_status(
        provider_id=request.POST.get("MessageSid", ""), status=request.POST.get("MessageStatus", "")
    )
    return HttpResponse(status=204)


# --- coordinators: consent, the conversation log, giving a place back ---------------------------


class ConsentForm(forms.Form):
    phone = forms.CharField(label=gettext_lazy("Mobile number"), max_length=32)
    consent = forms.BooleanField(label=gettext_lazy("Agrees to get texts about open places"), required=False)


@require("can_manage_shifts")
def conversation(request: HttpRequest, pk: int) -> HttpResponse:
    """One peer's texts: consent and number, offers made and what happened, every message in and out."""
    peer = get_for_org(peers_of(org(request)).select_related("user"), org(request), pk=pk)
    initial = {"phone": peer.phone, "consent": bool(peer.sms_consent_at)}
    form = ConsentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            peer_sms_consent(
                peer=peer,
                phone=form.cleaned_data["phone"],
                consent=form.cleaned_data["consent"],
                by=actor(request),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("shifts:sms_conversation", pk=peer.pk)
    audit_read(request, peer, ["phone"], view="sms_conversation")
    context = {
        "peer": peer,
        "form": form,
        "offers": SmsOffer.objects.filter(peer=peer).select_related("shift__role", "shift__site"),
        "texts": SmsMessage.objects.filter(organisation=org(request), peer=peer).order_by(
            "-created_at", "-id"
        )[:200],
        "can_text": offers.can_text(peer),
    }
    return render(request, "shifts/sms_conversation.html", context)


@require("can_manage_shifts")
def inbox(request: HttpRequest) -> HttpResponse:
    """Texts waiting for a coordinator: what peers wrote that was not YES, NO, STOP or HELP, and
    texts from numbers no peer has. Reading it is audited (the texts are peers' own words)."""
    texts = list(selectors.sms_inbox(org(request))[:200])
    audit_record(action="sms_inbox_viewed", request=request, count=len(texts))
    return render(request, "shifts/sms_inbox.html", {"texts": texts})


@require_POST
@require("can_manage_shifts")
def inbox_handled(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_for_org(selectors.sms_inbox(org(request)), org(request), pk=pk)
    offers.sms_message_handled(message=message, by=actor(request))
    messages.success(request, _("Marked as dealt with."))
    return redirect("shifts:sms_inbox")


@require_POST
@require("can_manage_shifts")
def assignment_give_back(request: HttpRequest, pk: int) -> HttpResponse:
    """A coordinator gives a peer's place back (sick, called in): it goes to the waitlist."""
    assignment = get_for_org(
        Assignment.objects.filter(shift__in=selectors.shifts_for_org(org(request))), org(request), pk=pk
    )
    try:
        services.assignment_cancel(assignment=assignment, by=actor(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The place is free again and goes to the waitlist."))
    return redirect("shifts:shift", pk=assignment.shift_id)


# --- development: the SMS simulator -------------------------------------------------------------


class ReplyForm(forms.Form):
    phone = forms.CharField(label=gettext_lazy("From phone"), max_length=32)
    body = forms.CharField(label=gettext_lazy("Reply"), max_length=320)


@require("can_manage_shifts")
def simulator(request: HttpRequest) -> HttpResponse:
    """Development only: texts sent per phone, and a form to reply as that phone (the webhook's path)."""
    if not getattr(settings, "SMS_SIMULATOR", False):
        raise Http404
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        import uuid

        result = handle_inbound(
            {
                "From": form.cleaned_data["phone"],
                "Body": form.cleaned_data["body"],
                "MessageSid": f"SIM{uuid.uuid4().hex}",
            }
        )
        if result.reply:
            messages.info(request, result.reply)
        return redirect("shifts:sms_simulator")
    phones: dict[str, list[SmsMessage]] = defaultdict(list)
    for message in SmsMessage.objects.select_related("peer").order_by("-created_at", "-id")[:500]:
        phones[message.phone].append(message)
    return render(
        request,
        "shifts/sms_simulator.html",
        {"form": form, "phones": sorted(phones.items()), "out": SmsDirection.OUT},
    )
