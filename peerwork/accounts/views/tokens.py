"""My API tokens in the current organisation: create (the raw value is shown once), list, revoke."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from peerwork.audit.services import audit_record

from ..access import acting_user, current_membership, current_organisation, get_for_org, require
from ..models import APIToken
from ..tokens import TOKEN_CAPABILITY, api_token_create, api_token_refusal, api_token_revoke


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("What the token is for, e.g. 'Monthly report script'."),
    )


def _mine(request: HttpRequest) -> QuerySet[APIToken]:
    return APIToken.objects.filter(user=acting_user(request), organisation=current_organisation(request))


def _refused(request: HttpRequest) -> HttpResponse | None:
    """A plain 403 page (audited) for peers and kiosk sessions, who get no API tokens."""
    reason = api_token_refusal(
        membership=current_membership(request), kiosk_session=getattr(request, "is_kiosk_session", False)
    )
    if reason is None:
        return None
    audit_record(
        action="authorisation_refused", request=request, capability=TOKEN_CAPABILITY, path=request.path
    )
    return render(request, "accounts/tokens_refused.html", {"reason": reason}, status=403)


@require("can_use_api")
def token_list(request: HttpRequest) -> HttpResponse:
    refused = _refused(request)
    if refused is not None:
        return refused
    form = TokenCreateForm(request.POST or None)
    raw = None
    if request.method == "POST" and form.is_valid():
        token, raw = api_token_create(
            user=acting_user(request),
            organisation=current_organisation(request),
            name=form.cleaned_data["name"].strip(),
        )
        audit_record(action="api_token_created", request=request, obj=token, prefix=token.prefix)
        form = TokenCreateForm()
    # NoStoreMiddleware keeps the page with the raw token out of every cache.
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "raw": raw, "tokens": _mine(request).order_by("-created_at", "-pk")},
    )


@require_POST
@require("can_use_api")
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    refused = _refused(request)
    if refused is not None:
        return refused
    token = get_for_org(_mine(request), current_organisation(request), pk=pk)
    api_token_revoke(token=token)
    audit_record(action="api_token_revoked", request=request, obj=token, prefix=token.prefix)
    messages.success(request, _("The token %(name)s no longer works.") % {"name": token.name})
    return redirect("accounts:tokens")
