"""Organisation set-up for pay: rates, earnings rules and base amounts; the payroll export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwork.accounts.access import get_for_org, require
from peerwork.audit.services import audit_record

from .. import selectors, services, statements
from ..defaults import earnings_rules_seed, shipped_countries
from ..forms import BaseAmountForm, EarningsRuleForm, PayRateForm, PeriodForm
from ..models import BaseAmount, EarningsRule
from .common import attach_errors


@require("can_manage_pay_rates")
def rates(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    form = PayRateForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.pay_rate_create(organisation=organisation, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Rate added. Pay already recorded keeps its amount."))
            return redirect("pay:rates")
    today = organisation.today()
    return render(
        request,
        "pay/rates.html",
        {"form": form, "rates": selectors.rates_for(organisation), "today": today},
    )


@require("can_manage_pay_rates")
def rules(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    return render(
        request,
        "pay/rules.html",
        {
            "rules": selectors.rules_for(organisation),
            "base_amounts": selectors.base_amounts_for(organisation),
            "base_form": BaseAmountForm(),
            "other_countries": [c for c in shipped_countries() if c != organisation.country.upper()],
        },
    )


@require("can_manage_pay_rates")
@require_POST
def rules_seed(request: HttpRequest) -> HttpResponse:
    """The organisation's own country's rules; another country's only when asked for by name."""
    country = (request.POST.get("country") or "").upper()
    countries = [country] if country in shipped_countries() else None
    added = earnings_rules_seed(organisation=request.organisation, countries=countries)  # type: ignore[attr-defined]
    audit_record(action="earnings_rules_seeded", request=request, added=added, country=country)
    messages.success(request, _("%(count)s standard rules added. Check each figure.") % {"count": added})
    return redirect("pay:rules")


def _rule_form(request: HttpRequest, rule: EarningsRule) -> HttpResponse:
    form = EarningsRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        services.earnings_rule_save(rule=form.instance, actor=request.user)
        messages.success(request, _("Rule saved."))
        return redirect("pay:rules")
    return render(request, "pay/rule_form.html", {"form": form, "rule": rule})


@require("can_manage_pay_rates")
def rule_new(request: HttpRequest) -> HttpResponse:
    return _rule_form(request, EarningsRule(organisation=request.organisation))  # type: ignore[attr-defined]


@require("can_manage_pay_rates")
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _rule_form(request, get_for_org(EarningsRule, request.organisation, pk=pk))  # type: ignore[attr-defined]


@require("can_manage_pay_rates")
@require_POST
def base_amount_new(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    form = BaseAmountForm(request.POST, instance=BaseAmount(organisation=organisation))
    if form.is_valid():
        base = form.save()
        audit_record(action="base_amount_added", request=request, obj=base, amount=str(base.amount))
        messages.success(request, _("Base amount added from %(day)s.") % {"day": base.effective_from})
        return redirect("pay:rules")
    return render(
        request,
        "pay/rules.html",
        {
            "rules": selectors.rules_for(organisation),
            "base_amounts": selectors.base_amounts_for(organisation),
            "base_form": form,
        },
    )


@require("can_export_pay")
def export(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    today = organisation.today()
    form = PeriodForm(request.GET or None, initial={"start": today.replace(day=1), "end": today})
    fmt = request.GET.get("format")
    if form.is_bound and form.is_valid() and fmt in {"csv", "xlsx"}:
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        audit_record(action="payroll_exported", request=request, start=str(start), end=str(end), format=fmt)
        if fmt == "csv":
            response = HttpResponse(
                statements.payroll_csv(organisation, start, end), content_type="text/csv; charset=utf-8"
            )
        else:
            response = HttpResponse(
                statements.payroll_xlsx(organisation, start, end),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="payroll-{start:%Y%m%d}-{end:%Y%m%d}.{fmt}"'
        return response
    return render(request, "pay/export.html", {"form": form})
