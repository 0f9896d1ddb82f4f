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

from ..access import acting_user, current_organisation, get_for_org, require
from ..models import APIToken
from ..tokens import api_token_create, api_token_revoke


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("What the token is for, e.g. 'Monthly report script'."),
    )


def _mine(request: HttpRequest) -> QuerySet[APIToken]:
    return APIToken.objects.filter(user=acting_user(request), organisation=current_organisation(request))


@require("can_use_api")
def token_list(request: HttpRequest) -> HttpResponse:
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
    response = render(
        request,
        "accounts/tokens.html",
        {"form": form, "raw": raw, "tokens": _mine(request).order_by("-created_at", "-pk")},
    )
    if raw:
        response["Cache-Control"] = "no-store"
    return response


@require_POST
@require("can_use_api")
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_for_org(_mine(request), current_organisation(request), pk=pk)
    api_token_revoke(token=token)
    audit_record(action="api_token_revoked", request=request, obj=token, prefix=token.prefix)
    messages.success(request, _("The token %(name)s no longer works.") % {"name": token.name})
    return redirect("accounts:tokens")
