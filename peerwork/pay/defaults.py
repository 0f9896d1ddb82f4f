"""The benefit earnings rules Peerwork ships. Each organisation gets its own editable copy.

Every rule carries its jurisdiction code (country, and region where it matters) and currency; an
organisation is offered the rules of its own country and adds another country's explicitly.

Figures change every year and differ by household; every source note says "check" so the
organisation confirms them against the current official guidance before relying on them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from peerwork.orgs.models import Organisation

from .models import BaseAmount, EarningsRule

BASE_AMOUNTS: list[dict[str, Any]] = [
    {
        "code": "no-g",
        "name": "Folketrygdens grunnbeløp (G)",
        "amount": Decimal("130160.00"),
        "effective_from": date(2025, 5, 1),
        "source_note": "NAV: grunnbeløpet from 1 May 2025 (check: it is adjusted every 1 May).",
    },
]

RULES: list[dict[str, Any]] = [
    {
        "key": "ca-on-odsp",
        "region": "CA-ON",
        "currency": "CAD",
        "short_name": "ODSP",
        "jurisdiction": "Ontario, Canada",
        "name": "ODSP earnings exemption",
        "period": "month",
        "exempt_amount": Decimal("1000.00"),
        "effective_from": date(2023, 2, 1),
        "source_note": "ODSP since Feb 2023: $1,000/month exempt, then 75% of the rest deducted (check).",
    },
    {
        "key": "ca-on-ow",
        "region": "CA-ON",
        "currency": "CAD",
        "short_name": "Ontario Works",
        "jurisdiction": "Ontario, Canada",
        "name": "Ontario Works earnings exemption",
        "period": "month",
        "exempt_amount": Decimal("200.00"),
        "effective_from": date(2023, 2, 1),
        "source_note": "Ontario Works: $200/month exempt, then 50% deducted (check).",
    },
    {
        "key": "ca-bc-pwd",
        "region": "CA-BC",
        "currency": "CAD",
        "short_name": "BC disability assistance",
        "jurisdiction": "British Columbia, Canada",
        "name": "Disability assistance annual earnings exemption (single)",
        "period": "year",
        "exempt_amount": Decimal("15000.00"),
        "warning_percent": 75,
        "effective_from": date(2023, 1, 1),
        "source_note": "BC: $15,000/year single, $18,000 couple one designated, $30,000 both; "
        "dollar-for-dollar above; letter at 75% (check).",
    },
    {
        "key": "au-dsp",
        "region": "AU",
        "currency": "AUD",
        "short_name": "DSP",
        "jurisdiction": "Australia",
        "name": "Disability Support Pension income-free area (single)",
        "period": "fortnight",
        "exempt_amount": Decimal("212.00"),
        "hours_per_week": Decimal("30"),
        "effective_from": date(2024, 7, 1),
        "source_note": "Services Australia, July 2024: $212/fortnight single ($372 couple), "
        "then 50c per dollar; payment stops at 30+ hours a week (check).",
    },
    {
        "key": "no-uforetrygd",
        "region": "NO",
        "currency": "NOK",
        "short_name": "uføretrygd",
        "jurisdiction": "Norway",
        "name": "Uføretrygd fribeløp",
        "period": "year",
        "base_code": "no-g",
        "base_multiple": Decimal("0.400"),
        "effective_from": date(2025, 1, 1),
        "source_note": "NAV: 0.4 G a year may be earned without reduction (check G and the multiple).",
    },
    {
        "key": "us-ssdi-sga",
        "region": "US",
        "currency": "USD",
        "short_name": "SSDI",
        "jurisdiction": "United States",
        "name": "SSDI substantial gainful activity (non-blind)",
        "period": "month",
        "exempt_amount": Decimal("1690.00"),
        "effective_from": date(2026, 1, 1),
        "source_note": "SSA 2026: SGA $1,690/month non-blind; trial work month $1,210, 9 in 60 (check).",
    },
    {
        "key": "us-ssi",
        "region": "US",
        "currency": "USD",
        "short_name": "SSI",
        "jurisdiction": "United States",
        "name": "SSI earned income exclusion",
        "period": "month",
        "exempt_amount": Decimal("85.00"),
        "effective_from": date(2026, 1, 1),
        "source_note": "SSA: $20 general + $65 earned income ignored, then half counted (check).",
    },
]


def country_of(region: str) -> str:
    return region.split("-", 1)[0].upper()


def shipped_countries() -> list[str]:
    """The countries Peerwork ships rules for (two-letter codes)."""
    return sorted({country_of(rule["region"]) for rule in RULES})


@transaction.atomic
def earnings_rules_seed(*, organisation: Organisation, countries: Iterable[str] | None = None) -> int:
    """Give ``organisation`` the shipped rules of its own country (or of ``countries``, asked for
    explicitly) that it does not have yet; returns how many were added."""
    wanted = {c.upper() for c in countries} if countries is not None else {organisation.country.upper()}
    rules = [rule for rule in RULES if country_of(rule["region"]) in wanted]
    bases = {rule.get("base_code") for rule in rules}
    for base in BASE_AMOUNTS:
        if base["code"] not in bases:
            continue
        BaseAmount.objects.get_or_create(
            organisation=organisation,
            code=base["code"],
            effective_from=base["effective_from"],
            defaults={k: v for k, v in base.items() if k not in {"code", "effective_from"}},
        )
    have = set(EarningsRule.objects.filter(organisation=organisation).values_list("key", flat=True))
    added = 0
    for rule in rules:
        if rule["key"] in have:
            continue
        EarningsRule.objects.create(organisation=organisation, **rule)
        added += 1
    return added
