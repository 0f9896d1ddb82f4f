"""Set-up pages: work streams, roles, weekly templates, work orders and the shift policy."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwork.accounts.access import get_for_org, require
from peerwork.audit.services import audit_record

from .. import orders, selectors, services
from ..forms import (
    BusinessLineForm,
    OrderCancelForm,
    OrderTargetForm,
    PolicyForm,
    RoleForm,
    TemplateForm,
    WorkOrderForm,
    WorkStreamForm,
    apply_errors,
)
from ..models import Role, WeeklyTemplate, WorkOrder, WorkStream
from ._common import actor, org


@require("can_manage_shifts")
def roles(request: HttpRequest) -> HttpResponse:
    """Work streams and their roles; a small form adds a work stream."""
    form = WorkStreamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["name"].strip()
        if WorkStream.objects.filter(organisation=org(request), name__iexact=name).exists():
            form.add_error("name", _("There is already a work stream with this name."))
        else:
            stream = WorkStream.objects.create(organisation=org(request), name=name)
            audit_record(action="work_stream_created", request=request, obj=stream)
            messages.success(request, _("Work stream added."))
            return redirect("shifts:roles")
    streams = WorkStream.objects.filter(organisation=org(request)).prefetch_related(
        "roles__min_stage", "roles__develops_stage", "roles__required_courses", "leads"
    )
    return render(request, "shifts/roles.html", {"streams": streams, "form": form})


@require("can_manage_shifts")
def role_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    role = get_for_org(Role, org(request), pk=pk) if pk else None
    form = RoleForm(request.POST or None, instance=role, organisation=org(request))
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        audit_record(action="role_saved", request=request, obj=saved)
        messages.success(request, _("Role saved."))
        return redirect("shifts:roles")
    return render(request, "shifts/role_form.html", {"form": form, "role": role})


@require("can_manage_shifts")
def templates(request: HttpRequest) -> HttpResponse:
    form = TemplateForm(request.POST or None, organisation=org(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.template_save(template=form.instance, by=actor(request))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Weekly shift added."))
            return redirect("shifts:templates")
    rows = WeeklyTemplate.objects.filter(organisation=org(request), is_active=True).select_related(
        "role", "site"
    )
    return render(request, "shifts/templates.html", {"form": form, "rows": rows})


@require_POST
@require("can_manage_shifts")
def template_stop(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_for_org(WeeklyTemplate, org(request), pk=pk)
    template.is_active = False
    template.save(update_fields=["is_active"])
    audit_record(action="shift_template_stopped", request=request, obj=template)
    messages.success(request, _("The weekly shift will no longer be created."))
    return redirect("shifts:templates")


@require("can_manage_shifts")
def work_orders(request: HttpRequest) -> HttpResponse:
    form = WorkOrderForm(request.POST or None, organisation=org(request))
    if request.method == "POST" and form.is_valid():
        try:
            order = orders.work_order_create(order=form.instance, by=actor(request))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            audit_record(action="work_order_created", request=request, obj=order)
            messages.success(request, _("Work order added."))
            return redirect("shifts:work_orders")
    rows = selectors.work_orders(org(request))
    return render(request, "shifts/work_orders.html", {"form": form, "rows": rows})


@require("can_manage_shifts")
def work_order(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_for_org(WorkOrder, org(request), pk=pk)
    target_form = OrderTargetForm(request.POST if "raise" in request.POST else None)
    cancel_form = OrderCancelForm(request.POST if "cancel" in request.POST else None, prefix="cancel")
    if request.method == "POST":
        form = target_form if "raise" in request.POST else cancel_form
        if form.is_valid():
            try:
                if form is target_form:
                    orders.work_order_raise_target(order=order, by=actor(request), **form.cleaned_data)
                    message = _("Target raised: the order is open again.")
                else:
                    orders.work_order_cancel(
                        order=order, by=actor(request), reason=form.cleaned_data["reason"]
                    )
                    message = _("Work order cancelled.")
            except ValidationError as error:
                apply_errors(form, error)
            else:
                audit_record(action="work_order_changed", request=request, obj=order)
                messages.success(request, message)
                return redirect("shifts:work_order", pk=order.pk)
    shifts = order.shifts.select_related("role", "site").prefetch_related("assignments__peer")
    context = {
        "order": order,
        "shifts": shifts,
        "changes": order.changes.select_related("by"),
        "target_form": target_form,
        "cancel_form": cancel_form,
    }
    return render(request, "shifts/work_order.html", context)


@require("can_manage_shifts")
def business_line(request: HttpRequest, pk: int) -> HttpResponse:
    """Make a work stream a business line: trading name, contact details, invoice numbering."""
    stream = get_for_org(WorkStream, org(request), pk=pk)
    form = BusinessLineForm(request.POST or None, instance=stream)
    if request.method == "POST" and form.is_valid():
        try:
            orders.business_line_save(stream=form.instance, by=actor(request))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            audit_record(action="business_line_saved", request=request, obj=stream)
            messages.success(request, _("Business line saved."))
            return redirect("shifts:roles")
    return render(request, "shifts/business_line.html", {"form": form, "stream": stream})


@require("can_manage_shifts")
def policy(request: HttpRequest) -> HttpResponse:
    current = selectors.policy_for(org(request))
    form = PolicyForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        form.save()
        audit_record(
            action="shift_policy_changed",
            request=request,
            obj=current,
            values={k: str(v) for k, v in form.cleaned_data.items()},
        )
        messages.success(request, _("Rules saved. They apply to the next allocation."))
        return redirect("shifts:policy")
    return render(request, "shifts/policy.html", {"form": form})
