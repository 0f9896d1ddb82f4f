"""The page where a peer records, afterwards, needles picked up or an overdose answered off shift."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from peerwork.accounts.access import require
from peerwork.accounts.middleware import SESSION_KIOSK
from peerwork.accounts.models import User
from peerwork.orgs.models import Organisation

from .. import selectors
from ..forms import OffShiftOverdoseForm, OffShiftSharpsForm
from ..offshift import offshift_overdose_record, offshift_sharps_record


def _apply_errors(form: Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            target = name if name in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


@require("can_log_services")
def record(request: HttpRequest) -> HttpResponse:
    organisation: Organisation = request.organisation  # type: ignore[attr-defined]
    user: User = request.user  # type: ignore[assignment]
    me = selectors.peer_for(organisation, user)
    now_local = timezone.localtime(timezone.now(), organisation.zone).strftime("%Y-%m-%dT%H:%M")
    initial = {"occurred_at": now_local}
    which = request.POST.get("form") if request.method == "POST" else None
    data: Any = request.POST if which else None
    sharps = OffShiftSharpsForm(
        data if which == "sharps" else None, organisation=organisation, initial=initial, prefix="sharps"
    )
    overdose = OffShiftOverdoseForm(
        data if which == "overdose" else None,
        organisation=organisation,
        me=me,
        initial=initial,
        prefix="overdose",
    )
    if which == "sharps" and sharps.is_valid():
        try:
            offshift_sharps_record(organisation=organisation, user=user, **sharps.cleaned_data)
        except ValidationError as exc:
            _apply_errors(sharps, exc)
        else:
            messages.success(request, _("Saved: the needles you picked up off shift."))
            return redirect(request.path)
    if which == "overdose" and overdose.is_valid():
        try:
            result = offshift_overdose_record(organisation=organisation, user=user, **overdose.cleaned_data)
        except ValidationError as exc:
            _apply_errors(overdose, exc)
        else:
            messages.success(
                request,
                _("Saved: the overdose response. A supervisor will offer you a debrief; you may say no."),
            )
            for line in result.pay_lines:
                messages.info(request, line)
            return redirect(request.path)
    return render(
        request,
        "services/offshift.html",
        {
            "sharps_form": sharps,
            "overdose_form": overdose,
            "me": me,
            "kiosk": bool(request.session.get(SESSION_KIOSK)),
        },
        status=200,
    )
