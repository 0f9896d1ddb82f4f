"""The org admin's set-up pages: organisation settings, sites and staff members."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwork.orgs.models import Site

from .. import selectors, services
from ..access import get_for_org, require
from ..forms import MemberAddForm, MemberChangeForm, OrganisationForm, SiteForm
from ..models import Membership
from ..roles import STAFF_ROLES


def _copy_errors(form: object, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or on the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)  # type: ignore[attr-defined]
    else:
        for message in exc.messages:
            form.add_error(None, message)  # type: ignore[attr-defined]


@require("can_manage_organisation")
def organisation_settings(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.fields}
        organisation.refresh_from_db()
        changed = services.organisation_update(organisation=organisation, changes=changes, request=request)
        messages.success(request, _("Saved.") if changed else _("Nothing changed."))
        return redirect("orgadmin:settings")
    return render(request, "accounts/admin/organisation.html", {"form": form})


@require("can_manage_organisation")
def sites(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    form = SiteForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        services.site_create(
            organisation=organisation,
            name=form.cleaned_data["name"],
            address=form.cleaned_data["address"],
            request=request,
        )
        messages.success(request, _("Site added."))
        return redirect("orgadmin:sites")
    rows = Site.objects.filter(organisation=organisation).order_by("-is_active", "name")
    return render(request, "accounts/admin/sites.html", {"sites": rows, "form": form})


@require("can_manage_organisation")
def site_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    site = get_for_org(Site, organisation, pk=pk)
    form = SiteForm(request.POST or None, instance=site, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        services.site_update(
            site=site,
            name=form.cleaned_data["name"],
            address=form.cleaned_data["address"],
            is_active=form.cleaned_data["is_active"],
            request=request,
        )
        messages.success(request, _("Site saved."))
        return redirect("orgadmin:sites")
    return render(request, "accounts/admin/site_edit.html", {"site": site, "form": form})


@require_POST
@require("can_manage_organisation")
def site_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    site = get_for_org(Site, request.organisation, pk=pk)  # type: ignore[attr-defined]
    services.site_deactivate(site=site, request=request)
    messages.success(request, _("“%(name)s” is no longer in use.") % {"name": site.name})
    return redirect("orgadmin:sites")


@require("can_manage_members")
def members(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    form = MemberAddForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.member_add(
                organisation=organisation,
                username=form.cleaned_data["username"],
                display_name=form.cleaned_data["display_name"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                role=form.cleaned_data["role"],
                sites=form.cleaned_data["sites"],
                request=request,
            )
        except ValidationError as exc:
            _copy_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s can now sign in as “%(username)s” with the temporary password.")
                % {"name": membership.user, "username": membership.user.username},
            )
            return redirect("orgadmin:members")
    rows = selectors.staff_members(organisation)
    return render(request, "accounts/admin/members.html", {"members": rows, "form": form})


def _staff_membership(request: HttpRequest, pk: int) -> Membership:
    queryset = Membership.objects.filter(role__in=STAFF_ROLES).select_related("user")
    return get_for_org(queryset, request.organisation, pk=pk)  # type: ignore[attr-defined]


@require("can_manage_members")
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    membership = _staff_membership(request, pk)
    initial = {"role": membership.role, "sites": list(membership.sites.all())}
    form = MemberChangeForm(request.POST or None, initial=initial, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(
                membership=membership,
                role=form.cleaned_data["role"],
                sites=form.cleaned_data["sites"],
                request=request,
            )
        except ValidationError as exc:
            _copy_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("orgadmin:members")
    has_two_factor = selectors.has_two_factor(membership.user)
    return render(
        request,
        "accounts/admin/member_edit.html",
        {"membership": membership, "form": form, "has_two_factor": has_two_factor},
    )


@require_POST
@require("can_manage_members")
def member_active(request: HttpRequest, pk: int) -> HttpResponse:
    """Deactivate or reactivate (``active=1``) a staff membership."""
    membership = _staff_membership(request, pk)
    active = request.POST.get("active") == "1"
    if not active and membership.user_id == request.user.pk:
        messages.error(request, _("You cannot switch off your own account."))
        return redirect("orgadmin:members")
    try:
        services.member_set_active(membership=membership, active=active, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Saved."))
    return redirect("orgadmin:members")


@require_POST
@require("can_manage_members")
def member_two_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _staff_membership(request, pk)
    services.member_two_factor_reset(membership=membership, request=request)
    messages.success(
        request,
        _("%(name)s will set up a new authenticator at their next sign-in.") % {"name": membership.user},
    )
    return redirect("orgadmin:member_edit", pk=membership.pk)
