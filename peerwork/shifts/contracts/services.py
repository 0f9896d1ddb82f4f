"""Writes for contracts: draft, standing shifts, sign, renew, end, and making standing shifts into shifts.

Every service checks all of its input before it writes anything and runs in one transaction, so
bad input leaves nothing half-saved.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peerwork.audit.services import audit_record
from peerwork.core.money import format_money
from peerwork.orgs.models import Organisation, Site
from peerwork.peers.models import PeerWorker
from peerwork.shifts import rules
from peerwork.shifts.models import Assignment, AssignmentSource, AssignmentStatus, Role, Shift, ShiftStatus

from .models import Contract, ContractKind, ContractStatus, PayBasis, StandingShift

CONTRACT_FIELDS = (
    "kind",
    "starts_on",
    "ends_on",
    "hours_per_week",
    "full_time_share",
    "pay_basis",
    "hourly_rate",
    "salary",
    "salary_period",
    "probation_review_on",
)


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _check_terms(contract: Contract) -> dict[str, list[str]]:
    """Every rule about the contract's own terms; an empty dict when they are all right."""
    errors: dict[str, list[str]] = {}
    organisation = contract.organisation
    if contract.ends_on is not None and contract.starts_on and contract.ends_on < contract.starts_on:
        _add(errors, "ends_on", _("The contract cannot end before it starts."))
    if contract.kind == ContractKind.FIXED_TERM and contract.ends_on is None:
        _add(errors, "ends_on", _("A fixed-term contract needs an end date."))
    if contract.kind == ContractKind.PERMANENT and contract.ends_on is not None:
        _add(errors, "ends_on", _("A permanent contract has no end date; end it when it ends."))
    if contract.hours_per_week is not None and contract.full_time_share is not None:
        _add(errors, "full_time_share", _("Give the hours per week or the share of full time, not both."))
    if contract.kind != ContractKind.CASUAL and contract.weekly_hours is None:
        _add(errors, "hours_per_week", _("Give the hours per week or the share of full time."))
    if contract.pay_basis == PayBasis.HOURLY:
        if contract.hourly_rate is None or contract.hourly_rate <= 0:
            _add(errors, "hourly_rate", _("Give the hourly rate."))
    else:
        if contract.salary is None or contract.salary <= 0:
            _add(errors, "salary", _("Give the salary per pay period."))
        if not contract.salary_period:
            _add(errors, "salary_period", _("Choose the pay period: weekly, fortnightly or monthly."))
        if contract.weekly_hours is None:
            _add(errors, "hours_per_week", _("A salary needs the hours per week or the share of full time."))
    minimum = organisation.minimum_wage_hourly
    hourly = contract.effective_hourly
    if minimum is not None and hourly is not None and hourly < minimum and not errors.get("salary"):
        field = "hourly_rate" if contract.pay_basis == PayBasis.HOURLY else "salary"
        _add(
            errors,
            field,
            _("This pays %(hourly)s an hour, below the organisation's minimum wage of %(minimum)s.")
            % {
                "hourly": format_money(hourly, organisation.currency),
                "minimum": format_money(minimum, organisation.currency),
            },
        )
    if (
        contract.probation_review_on
        and contract.starts_on
        and contract.probation_review_on < contract.starts_on
    ):
        _add(errors, "probation_review_on", _("The probation review cannot come before the contract starts."))
    if contract.site_id and contract.site.organisation_id != organisation.pk:
        _add(errors, "site", _("Choose one of your organisation's sites."))
    if contract.peer.organisation_id != organisation.pk:
        _add(errors, "peer", _("Choose one of your organisation's peers."))
    return errors


def _overlaps(a: StandingShift, b: StandingShift) -> bool:
    return a.weekday == b.weekday and a.start_time < b.end_time and b.start_time < a.end_time


def _check_standing(contract: Contract, standing: list[StandingShift], roles: Iterable[Role]) -> list[str]:
    """Standing shifts must not overlap one another nor add up to more than the contract's hours."""
    errors: list[str] = []
    role_ids = {r.pk for r in roles}
    for i, s in enumerate(standing):
        if s.end_time <= s.start_time:
            errors.append(_("A standing shift must end after it starts (%(shift)s).") % {"shift": s})
        if (
            s.role.organisation_id != contract.organisation_id
            or s.site.organisation_id != contract.organisation_id
        ):
            errors.append(_("Choose one of your organisation's roles and sites."))
        elif role_ids and s.role_id not in role_ids:
            errors.append(_("%(role)s is not one of the roles this contract covers.") % {"role": s.role.name})
        for other in standing[:i]:
            if _overlaps(s, other):
                errors.append(_("Standing shifts overlap: %(a)s and %(b)s.") % {"a": str(other), "b": str(s)})
    hours = contract.weekly_hours
    total = sum((s.hours for s in standing if s.end_time > s.start_time), Decimal("0"))
    if standing and hours is None:
        errors.append(_("Standing shifts need the contract's hours per week or share of full time."))
    elif hours is not None and total > hours:
        errors.append(
            _("Standing shifts add up to %(total)s hours a week, more than the contract's %(hours)s.")
            % {"total": f"{total.normalize():f}", "hours": f"{hours.normalize():f}"}
        )
    return errors


def _check_no_other_signed(contract: Contract) -> None:
    """A peer holds at most one signed contract on any day."""
    others = Contract.objects.filter(peer=contract.peer, status=ContractStatus.ACTIVE).exclude(pk=contract.pk)
    for other in others:
        other_end = other.ended_on or other.ends_on
        if (other_end is None or other_end >= contract.starts_on) and (
            contract.ends_on is None or other.starts_on <= contract.ends_on
        ):
            raise ValidationError(
                _("%(peer)s already has a signed contract from %(start)s; end it first.")
                % {"peer": contract.peer, "start": other.starts_on}
            )


def _must_be_draft(contract: Contract) -> None:
    if contract.status != ContractStatus.DRAFT:
        raise ValidationError(_("Only a draft contract can be changed; renew or end a signed one."))


@transaction.atomic
def contract_save(*, contract: Contract, roles: Iterable[Role] = (), by: Any = None) -> Contract:
    """Create or change a draft contract (terms and roles), refusing terms that break a rule."""
    if contract.pk is not None:
        stored = Contract.objects.select_for_update().get(pk=contract.pk)
        _must_be_draft(stored)
    contract.status = ContractStatus.DRAFT
    roles = list(roles)
    errors = _check_terms(contract)
    if errors:
        raise ValidationError(errors)
    if contract.pk is not None:
        standing = list(contract.standing_shifts.select_related("role", "site"))
        problems = _check_standing(contract, standing, roles)
        if problems:
            raise ValidationError({"hours_per_week": problems})
    if contract.created_by_id is None and by is not None:
        contract.created_by = by
    contract.save()
    contract.roles.set(roles)
    audit_record(action="contract_saved", organisation=contract.organisation, actor=by, obj=contract)
    return contract


def contract_draft(
    *,
    organisation: Organisation,
    peer: PeerWorker,
    site: Site,
    roles: Iterable[Role] = (),
    by: Any = None,
    **terms: Any,
) -> Contract:
    """Draft a new contract for ``peer`` from keyword terms (see ``CONTRACT_FIELDS``)."""
    unknown = set(terms) - set(CONTRACT_FIELDS)
    if unknown:
        raise TypeError(f"unknown contract terms: {sorted(unknown)}")
    contract = Contract(organisation=organisation, peer=peer, site=site, **terms)
    return contract_save(contract=contract, roles=roles, by=by)


@transaction.atomic
def standing_shift_add(
    *,
    contract: Contract,
    weekday: int,
    start_time: time,
    end_time: time,
    role: Role,
    site: Site,
    by: Any = None,
) -> StandingShift:
    """Add a standing weekly shift to a draft contract; refuse overlaps and more hours than agreed."""
    contract = Contract.objects.select_for_update().select_related("organisation").get(pk=contract.pk)
    _must_be_draft(contract)
    if not 0 <= weekday <= 6:
        raise ValidationError({"weekday": _("Choose a day of the week.")})
    shift = StandingShift(
        organisation=contract.organisation,
        contract=contract,
        weekday=weekday,
        start_time=start_time,
        end_time=end_time,
        role=role,
        site=site,
    )
    standing = [*contract.standing_shifts.select_related("role", "site"), shift]
    problems = _check_standing(contract, standing, contract.roles.all())
    if problems:
        raise ValidationError(problems)
    shift.save()
    audit_record(action="standing_shift_added", organisation=contract.organisation, actor=by, obj=shift)
    return shift


@transaction.atomic
def standing_shift_remove(*, shift: StandingShift, by: Any = None) -> None:
    _must_be_draft(shift.contract)
    audit_record(action="standing_shift_removed", organisation=shift.organisation, actor=by, obj=shift)
    shift.delete()


@transaction.atomic
def contract_sign(*, contract: Contract, by: Any = None, at: datetime | None = None) -> Contract:
    """Sign a draft: its terms and standing shifts are checked again, and it becomes the peer's contract."""
    contract = (
        Contract.objects.select_for_update()
        .select_related("organisation", "peer", "site")
        .get(pk=contract.pk)
    )
    _must_be_draft(contract)
    errors = _check_terms(contract)
    if errors:
        raise ValidationError(errors)
    standing = list(contract.standing_shifts.select_related("role", "site"))
    problems = _check_standing(contract, standing, contract.roles.all())
    if problems:
        raise ValidationError(problems)
    _check_no_other_signed(contract)
    contract.status = ContractStatus.ACTIVE
    contract.signed_at = at or timezone.now()
    contract.signed_by = by
    contract.save(update_fields=["status", "signed_at", "signed_by"])
    audit_record(action="contract_signed", organisation=contract.organisation, actor=by, obj=contract)
    return contract


@transaction.atomic
def contract_end(*, contract: Contract, ended_on: date, reason: str, by: Any = None) -> Contract:
    """End a signed contract on ``ended_on``; its standing shifts after that day are cancelled."""
    contract = Contract.objects.select_for_update().select_related("organisation").get(pk=contract.pk)
    if contract.status != ContractStatus.ACTIVE:
        raise ValidationError(_("Only a signed contract can be ended."))
    if ended_on < contract.starts_on:
        raise ValidationError({"ended_on": [_("The contract cannot end before it starts.")]})
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the contract ends.")]})
    contract.status = ContractStatus.ENDED
    contract.ended_on = ended_on
    contract.end_reason = reason.strip()
    contract.save(update_fields=["status", "ended_on", "end_reason"])
    organisation = contract.organisation
    after = datetime.combine(ended_on + timedelta(days=1), time(0), tzinfo=organisation.zone)
    Assignment.objects.filter(
        shift__standing_shift__contract=contract,
        shift__starts_at__gte=after,
        status=AssignmentStatus.ASSIGNED,
    ).update(status=AssignmentStatus.CANCELLED)
    Shift.objects.filter(standing_shift__contract=contract, starts_at__gte=after).update(
        status=ShiftStatus.CANCELLED
    )
    audit_record(action="contract_ended", organisation=organisation, actor=by, obj=contract)
    return contract


@transaction.atomic
def contract_renew(*, contract: Contract, ends_on: date, by: Any = None) -> Contract:
    """Draft the renewal of a fixed-term contract: same terms and standing shifts, from the day after."""
    contract = (
        Contract.objects.select_for_update()
        .select_related("organisation", "peer", "site")
        .get(pk=contract.pk)
    )
    if contract.kind != ContractKind.FIXED_TERM or contract.status == ContractStatus.DRAFT:
        raise ValidationError(_("Only a signed fixed-term contract can be renewed."))
    if Contract.objects.filter(previous=contract).exists():
        raise ValidationError(_("This contract has already been renewed."))
    assert contract.ends_on is not None  # a fixed-term contract always has one
    renewal = Contract(
        organisation=contract.organisation,
        peer=contract.peer,
        site=contract.site,
        previous=contract,
        renewal_count=contract.renewal_count + 1,
        starts_on=contract.ends_on + timedelta(days=1),
        ends_on=ends_on,
        **{f: getattr(contract, f) for f in CONTRACT_FIELDS if f not in ("starts_on", "ends_on")},
    )
    renewal.probation_review_on = None  # probation is served once
    renewal = contract_save(contract=renewal, roles=contract.roles.all(), by=by)
    for s in contract.standing_shifts.all():
        StandingShift.objects.create(
            organisation=s.organisation,
            contract=renewal,
            weekday=s.weekday,
            start_time=s.start_time,
            end_time=s.end_time,
            role_id=s.role_id,
            site_id=s.site_id,
        )
    audit_record(action="contract_renewed", organisation=contract.organisation, actor=by, obj=renewal)
    return renewal


def _in_force(contract: Contract, day: date) -> bool:
    end = contract.ended_on or contract.ends_on
    return contract.starts_on <= day and (end is None or day <= end)


@dataclass(frozen=True)
class NotHeld:
    """A standing shift the rules refused its peer this week, and why (in the coordinator's words)."""

    standing: StandingShift
    day: date
    reason: str


@dataclass
class StandingMade:
    held: list[Shift] = field(default_factory=list)
    not_held: list[NotHeld] = field(default_factory=list)


@transaction.atomic
def standing_shifts_materialise(
    *, organisation: Organisation, week_start: date, by: Any = None
) -> StandingMade:
    """Make the week's shifts for every signed contract's standing shifts, each with its peer's place.

    The shifts are published with their place already held (source "contract"), so allocation,
    which only takes open shifts, never re-competes them; their hours still count as the peer's
    commitments for rest and weekly limits. Running it again for the same week adds nothing.

    A contract does not bypass the rules every other path to paid work keeps (``rules.may_take``):
    a standing shift its peer may not take that week (a stage or certificate missing, no rest after
    another shift, past a weekly hours limit, or for hourly pay past the earnings limit) is not made,
    and is returned with the reason so the coordinator can decide; it is made when the week is
    generated again once the peer may take it. A salaried shift earns nothing of its own (the salary
    run pays, and holds a salary that would pass a benefit limit: pay/salary.py), so the earnings
    limit refuses only an hourly one.
    """
    zone = organisation.zone
    standing = StandingShift.objects.filter(
        organisation=organisation, contract__status=ContractStatus.ACTIVE
    ).select_related("contract__peer", "role", "site")
    made = StandingMade()
    for s in standing.order_by("weekday", "start_time", "id"):
        day = week_start + timedelta(days=s.weekday)
        if not _in_force(s.contract, day):
            continue
        starts = datetime.combine(day, s.start_time, tzinfo=zone)
        if Shift.objects.filter(standing_shift=s, starts_at=starts).exists():
            continue
        peer = s.contract.peer
        with transaction.atomic():
            shift = Shift.objects.create(
                organisation=organisation,
                site=s.site,
                role=s.role,
                starts_at=starts,
                ends_at=datetime.combine(day, s.end_time, tzinfo=zone),
                slots=1,
                status=ShiftStatus.PUBLISHED,
                standing_shift=s,
            )
            verdict = rules.may_take(peer, shift)
            if not verdict.ok:
                transaction.set_rollback(True)
                made.not_held.append(NotHeld(standing=s, day=day, reason=verdict.text(peer.preferred_name)))
                continue
            Assignment.objects.create(
                organisation=organisation, shift=shift, peer=peer, source=AssignmentSource.CONTRACT
            )
        made.held.append(shift)
    if by is not None and (made.held or made.not_held):
        audit_record(
            action="standing_shifts_made",
            organisation=organisation,
            actor=by,
            week_start=str(week_start),
            count=len(made.held),
            not_held=len(made.not_held),
        )
    return made
