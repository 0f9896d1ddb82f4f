"""Training pages: overview, courses, sessions with the attendance tick list, certifications, programmes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from peerwork.accounts.access import get_for_org, require
from peerwork.peers.edge import actor, can, org
from peerwork.peers.forms import apply_errors
from peerwork.peers.models import PeerWorker

from . import services
from .forms import AttendanceForm, CertificationForm, CohortForm, CohortMembersForm, CourseForm, SessionForm
from .models import Cohort, Course
from .selectors import (
    attendees_of,
    certifications_expiring,
    cohort_progress,
    cohorts_of,
    courses_of,
    sessions_of,
    sessions_past,
    sessions_upcoming,
)


@require("can_view_peers")
def index(request: HttpRequest) -> HttpResponse:
    organisation = org(request)
    context = {
        "upcoming": list(sessions_upcoming(organisation)),
        "recent": list(sessions_past(organisation)[:10]),
        "expiring": certifications_expiring(organisation),
        "cohorts": list(cohorts_of(organisation)),
        "can_manage": can(request, "can_manage_training"),
    }
    return render(request, "training/index.html", context)


@require("can_view_peers")
def expiring(request: HttpRequest) -> HttpResponse:
    organisation = org(request)
    return render(request, "training/expiring.html", {"expiring": certifications_expiring(organisation)})


@require("can_manage_training")
def courses(request: HttpRequest) -> HttpResponse:
    return render(request, "training/courses.html", {"courses": list(courses_of(org(request)))})


def _course_form(request: HttpRequest, course: Course | None) -> HttpResponse:
    organisation = org(request)
    form = CourseForm(request.POST or None, instance=course)
    if request.method == "POST" and form.is_valid():
        try:
            if course is None:
                services.course_create(organisation=organisation, by=actor(request), **form.cleaned_data)
            else:
                services.course_update(course=course, by=actor(request), **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Course saved."))
            return redirect("training:courses")
    return render(request, "training/course_form.html", {"form": form, "course": course})


@require("can_manage_training")
def course_add(request: HttpRequest) -> HttpResponse:
    return _course_form(request, None)


@require("can_manage_training")
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _course_form(request, get_for_org(Course, org(request), pk=pk))


@require("can_manage_training")
def session_add(request: HttpRequest) -> HttpResponse:
    organisation = org(request)
    form = SessionForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(by=actor(request), **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Session planned."))
            return redirect("training:session", pk=session.pk)
    return render(request, "training/session_form.html", {"form": form})


@require("can_view_peers")
def session(request: HttpRequest, pk: int) -> HttpResponse:
    """A session and its tick list: who came. Saving issues certifications to everyone ticked."""
    organisation = org(request)
    item = get_for_org(sessions_of(organisation), organisation, pk=pk)
    can_record = can(request, "can_record_attendance")
    form = AttendanceForm(
        request.POST if request.method == "POST" else None,
        organisation=organisation,
        cohort=item.cohort,
        initial={"peers": list(attendees_of(item))},
    )
    if request.method == "POST" and can_record and form.is_valid():
        try:
            services.attendance_record(
                session=item, peers=list(form.cleaned_data["peers"]), by=actor(request)
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Attendance saved; certifications are issued."))
            return redirect("training:session", pk=item.pk)
    status = 422 if form.errors else 200
    return render(
        request,
        "training/session.html",
        {"session": item, "form": form, "can_record": can_record},
        status=status,
    )


@require("can_manage_training")
def certification_add(request: HttpRequest, peer_pk: int) -> HttpResponse:
    organisation = org(request)
    peer = get_for_org(PeerWorker, organisation, pk=peer_pk)
    form = CertificationForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.certification_issue(peer=peer, by=actor(request), **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Certification recorded."))
            return redirect("peers:detail", pk=peer.pk)
    return render(request, "training/certification_form.html", {"form": form, "peer": peer})


@require("can_manage_training")
def cohort_add(request: HttpRequest) -> HttpResponse:
    form = CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.cohort_create(organisation=org(request), by=actor(request), **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("training:cohort", pk=cohort.pk)
    return render(request, "training/cohort_form.html", {"form": form})


@require("can_view_peers")
def cohort(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_for_org(Cohort, org(request), pk=pk)
    can_manage = can(request, "can_manage_training")
    form = CohortMembersForm(request.POST or None, cohort=item)
    if request.method == "POST" and can_manage and form.is_valid():
        services.cohort_members_add(cohort=item, peers=list(form.cleaned_data["peers"]), by=actor(request))
        messages.success(request, _("Participants added."))
        return redirect("training:cohort", pk=item.pk)
    context = {"cohort": item, "progress": cohort_progress(item), "form": form, "can_manage": can_manage}
    return render(request, "training/cohort.html", context)
