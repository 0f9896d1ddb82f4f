"""Benefit earnings limits: a peer's rule, their choice to go over, the organisation's rules."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from peerwork.audit.services import audit_record
from peerwork.peers.models import PeerWorker

from ..models import EarningsRule, OverLimitChoice, PeerEarningsRule


@transaction.atomic
def peer_rule_assign(
    *, peer: PeerWorker, rule: EarningsRule | None, starts_on: date, actor: Any, request: Any = None
) -> PeerEarningsRule | None:
    """Set (or with ``rule=None`` end) the benefit rule a peer asked us to respect. Audited."""
    if rule is not None and rule.organisation_id != peer.organisation_id:
        raise ValidationError(_("That rule belongs to another organisation."))
    current = PeerEarningsRule.objects.filter(peer=peer, ends_on__isnull=True).select_for_update()
    for assigned in current:
        if assigned.starts_on >= starts_on:
            assigned.ends_on = assigned.starts_on
        else:
            assigned.ends_on = starts_on - timedelta(days=1)
        assigned.save(update_fields=["ends_on"])
    made = None
    if rule is not None:
        made = PeerEarningsRule.objects.create(
            organisation=peer.organisation, peer=peer, rule=rule, starts_on=starts_on, assigned_by=actor
        )
    audit_record(
        action="peer_earnings_rule_set",
        request=request,
        organisation=peer.organisation,
        actor=actor,
        obj=peer,
        rule=rule.pk if rule else None,
        starts_on=str(starts_on),
    )
    return made


@transaction.atomic
def over_limit_choice_record(
    *,
    peer: PeerWorker,
    chosen_on: date,
    until: date | None = None,
    note: str = "",
    actor: Any,
    request: Any = None,
) -> OverLimitChoice:
    """Record that the peer chose to earn past their limit, and when they said so."""
    if until is not None and until < chosen_on:
        raise ValidationError({"until": _("The end date cannot be before the date of the choice.")})
    choice = OverLimitChoice.objects.create(
        organisation=peer.organisation,
        peer=peer,
        chosen_on=chosen_on,
        until=until,
        note=note,
        recorded_by=actor,
    )
    audit_record(
        action="over_limit_choice_recorded",
        request=request,
        organisation=peer.organisation,
        actor=actor,
        obj=peer,
    )
    return choice


@transaction.atomic
def earnings_rule_save(*, rule: EarningsRule, actor: Any) -> EarningsRule:
    """Create or update an organisation's rule (validated first)."""
    rule.full_clean()
    created = rule.pk is None
    rule.save()
    audit_record(
        action="earnings_rule_created" if created else "earnings_rule_changed",
        organisation=rule.organisation,
        actor=actor,
        obj=rule,
    )
    return rule
