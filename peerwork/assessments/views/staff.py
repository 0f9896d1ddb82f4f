"""Staff: who is due, starting a check-in in person (peer or client code), schedules."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from peerwork.accounts.access import require

from ..forms import ScheduleForm, StaffStartForm
from ..models import Mode
from ..selectors import administrable_instruments, due_list, settings_for
from ..services import assessment_start, instruments_sync_shipped, schedule_create
from .common import languages


def _versions(request: HttpRequest) -> list:
    organisation = request.organisation  # type: ignore[attr-defined]
    versions = administrable_instruments(organisation, "peer")
    if settings_for(organisation).clients_enabled:
        ids = {v.pk for v in versions}
        versions += [v for v in administrable_instruments(organisation, "client") if v.pk not in ids]
    return versions


def _add_errors(form: forms.Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@require("can_administer_assessments")
def due(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    instruments_sync_shipped(organisation=organisation)
    versions = _versions(request)
    return render(
        request,
        "assessments/due.html",
        {
            "due": due_list(organisation, organisation.today()),
            "start_form": StaffStartForm(organisation=organisation, versions=versions, prefix="start"),
            "schedule_form": ScheduleForm(organisation=organisation, versions=versions, prefix="schedule"),
            "clients_enabled": settings_for(organisation).clients_enabled,
        },
    )


@require("can_administer_assessments")
def staff_start(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    versions = _versions(request)
    form = StaffStartForm(request.POST or None, organisation=organisation, versions=versions, prefix="start")
    if request.method == "POST" and form.is_valid():
        try:
            response = assessment_start(
                organisation=organisation,
                instrument=form.cleaned_data["instrument"],
                peer=form.cleaned_data["peer"],
                client_code=form.cleaned_data["client_code"],
                mode=Mode.STAFF,
                user=request.user,  # type: ignore[arg-type]
                language=languages(request)[0],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return redirect("assessments:respond", pk=response.pk)
    return render(request, "assessments/staff_start.html", {"form": form})


@require("can_administer_assessments")
def schedule_add(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    versions = _versions(request)
    form = ScheduleForm(request.POST or None, organisation=organisation, versions=versions, prefix="schedule")
    if request.method == "POST" and form.is_valid():
        try:
            schedule_create(
                organisation=organisation,
                instrument=form.cleaned_data["instrument"],
                peer=form.cleaned_data["peer"],
                client_code=form.cleaned_data["client_code"],
                starts_on=form.cleaned_data["starts_on"],
                every_months=form.cleaned_data["every_months"],
                user=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The schedule is saved."))
            return redirect("assessments:due")
    return render(request, "assessments/schedule_add.html", {"form": form})
