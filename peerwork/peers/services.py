"""Writes for peer profiles: onboarding, changes, a break and a return, leaving, sign-in."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import phonenumbers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peerwork.accounts.models import Membership, PeerCredential, User
from peerwork.accounts.roles import Role
from peerwork.accounts.services import (
    peer_credential_issue_card,
    peer_credential_set_pin,
    peer_login_create,
    peer_membership_leave,
    peer_membership_return,
    pin_validate,
)
from peerwork.audit.services import audit_record
from peerwork.orgs.models import Organisation, Site

from .hooks import peer_created
from .models import LeavingDestination, PeerStatus, PeerWorker

EDITABLE_FIELDS = (
    "preferred_name",
    "pronouns",
    "phone",
    "email",
    "languages",
    "joined_on",
    "referral_source",
    "referred_by",
    "payment_preference",
    "payment_timing",
    "reminders_opt_out",
    "legal_name",
    "date_of_birth",
    "benefit_details",
    "notes",
)


def phone_normalise(phone: str, *, country: str) -> str:
    """The phone number in E.164 form (+14165550123), read with the organisation's country."""
    phone = (phone or "").strip()
    if not phone:
        return ""
    try:
        parsed = phonenumbers.parse(phone, (country or "").upper() or None)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        raise ValidationError(
            {"phone": [_("This does not look like a phone number. Try it with the area code.")]}
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _on_field(field: str, exc: ValidationError) -> ValidationError:
    """The accounts services raise plain errors; tie them to the form field they are about."""
    return exc if hasattr(exc, "error_dict") else ValidationError({field: exc.messages})


def _pin(pin: str) -> str:
    try:
        return pin_validate(pin)
    except ValidationError as exc:
        raise _on_field("pin", exc) from None


def _clean(organisation: Organisation, values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable here: {sorted(unknown)}")
    if "preferred_name" in values:
        values["preferred_name"] = (values["preferred_name"] or "").strip()
        if not values["preferred_name"]:
            raise ValidationError({"preferred_name": [_("Write the name this person wants to be called.")]})
    if "phone" in values:
        values["phone"] = phone_normalise(values["phone"], country=organisation.country)
    referred_by = values.get("referred_by")
    if referred_by is not None and referred_by.organisation_id != organisation.pk:
        raise ValidationError({"referred_by": [_("Choose a peer of this organisation.")]})
    return values


@transaction.atomic
def peer_create(
    *,
    organisation: Organisation,
    preferred_name: str,
    created_by: User | None = None,
    sites: list[Site] | None = None,
    pin: str = "",
    with_card: bool = False,
    **values: Any,
) -> PeerWorker:
    """Onboard a peer: only the preferred name is needed. A PIN or a card also creates a sign-in."""
    if pin:
        _pin(pin)
    values = _clean(organisation, {"preferred_name": preferred_name, **values})
    values.setdefault("joined_on", organisation.today())
    peer = PeerWorker(organisation=organisation, **values)
    peer.full_clean(exclude=["user", "sites"])
    peer.save()
    if sites:
        peer.sites.set([site for site in sites if site.organisation_id == organisation.pk])
    for callback in peer_created:
        callback(peer, created_by)
    audit_record(action="peer_created", organisation=organisation, actor=created_by, obj=peer)
    if pin:
        peer_sign_in_set_pin(peer=peer, pin=pin, set_by=created_by)
    if with_card:
        peer_card_issue(peer=peer, issued_by=created_by)
    return peer


@transaction.atomic
def peer_update(
    *, peer: PeerWorker, updated_by: User | None = None, sites: list[Site] | None = None, **values: Any
) -> PeerWorker:
    """Change a profile; the audit event names the changed fields, never their values."""
    peer = PeerWorker.objects.select_for_update().select_related("organisation").get(pk=peer.pk)
    values = _clean(peer.organisation, values)
    changed = sorted(name for name, value in values.items() if getattr(peer, name) != value)
    for name, value in values.items():
        setattr(peer, name, value)
    peer.full_clean(exclude=["user", "sites"])
    peer.save()
    if sites is not None:
        sites = [site for site in sites if site.organisation_id == peer.organisation_id]
        peer.sites.set(sites)
        changed.append("sites")
        if peer.user_id:
            # Kiosks list a peer by their membership's sites: keep them the same as the profile's.
            for membership in Membership.objects.filter(
                user_id=peer.user_id, organisation=peer.organisation, role=Role.PEER
            ):
                membership.sites.set(sites)
    if peer.user_id and "preferred_name" in changed:
        User.objects.filter(pk=peer.user_id).update(display_name=peer.preferred_name)
    audit_record(
        action="peer_updated", organisation=peer.organisation, actor=updated_by, obj=peer, fields=changed
    )
    return peer


def _set_status(peer: PeerWorker, status: str, actor: User | None, action: str, **detail: Any) -> PeerWorker:
    previous = peer.status
    peer.status = status
    peer.save(update_fields=["status", "updated_at"])
    audit_record(
        action=action,
        organisation=peer.organisation,
        actor=actor,
        obj=peer,
        previous=previous,
        **detail,
    )
    return peer


@transaction.atomic
def peer_break_start(*, peer: PeerWorker, by: User | None = None, reason: str = "") -> PeerWorker:
    """A break is never a penalty: the stage, history and trainings stay exactly as they are."""
    if peer.status == PeerStatus.LEFT:
        raise ValidationError(_("This person has left the programme; welcome them back first."))
    return _set_status(peer, PeerStatus.ON_BREAK, by, "peer_break_started", reason=reason)


@transaction.atomic
def peer_return(*, peer: PeerWorker, by: User | None = None) -> PeerWorker:
    """One click: back from a break (or back after leaving), as active. Where they had gone stays
    in the audit trail; the profile forgets it, so a current peer never counts as having left."""
    if peer.status == PeerStatus.LEFT:
        peer.left_on, peer.left_to = None, ""
        peer.save(update_fields=["left_on", "left_to", "updated_at"])
        if peer.user is not None:
            peer_membership_return(user=peer.user, organisation=peer.organisation)
    return _set_status(peer, PeerStatus.ACTIVE, by, "peer_returned")


def _destination(destination: str) -> str:
    destination = destination or LeavingDestination.UNKNOWN
    if destination not in LeavingDestination.values:
        raise ValidationError({"destination": [_("Choose where they went, or 'Not known'.")]})
    return destination


@transaction.atomic
def peer_leave(
    *,
    peer: PeerWorker,
    by: User | None = None,
    reason: str = "",
    destination: str = LeavingDestination.UNKNOWN,
    on: date | None = None,
) -> PeerWorker:
    """The peer left, for ``destination`` (a job, education, ...). Their sign-in now opens only their
    own work record (a former peer's membership); their records stay."""
    destination = _destination(destination)
    if peer.status == PeerStatus.LEFT:
        raise ValidationError(_("This person has already left the programme."))
    if peer.user is not None:
        peer_membership_leave(user=peer.user, organisation=peer.organisation)
    peer.left_on = on or peer.organisation.today()
    peer.left_to = destination
    peer.save(update_fields=["left_on", "left_to", "updated_at"])
    return _set_status(peer, PeerStatus.LEFT, by, "peer_left", reason=reason, destination=destination)


@transaction.atomic
def peer_destination_set(*, peer: PeerWorker, destination: str, by: User | None = None) -> PeerWorker:
    """Record (or correct) where a peer who left went, e.g. when it becomes known later."""
    destination = _destination(destination)
    if peer.status != PeerStatus.LEFT:
        raise ValidationError({"destination": [_("Only a peer who has left has a destination.")]})
    previous = peer.left_to
    peer.left_to = destination
    peer.save(update_fields=["left_to", "updated_at"])
    audit_record(
        action="peer_destination_set",
        organisation=peer.organisation,
        actor=by,
        obj=peer,
        previous=previous,
        destination=destination,
    )
    return peer


def _ensure_login(peer: PeerWorker) -> User:
    if peer.user_id:
        assert peer.user is not None
        if not peer.user.is_active and peer.status != PeerStatus.LEFT:
            peer.user.is_active = True
            peer.user.save(update_fields=["is_active"])
        return peer.user
    user = peer_login_create(
        organisation=peer.organisation, display_name=peer.preferred_name, sites=list(peer.sites.all())
    )
    peer.user = user
    peer.save(update_fields=["user", "updated_at"])
    return user


@transaction.atomic
def peer_sign_in_set_pin(*, peer: PeerWorker, pin: str, set_by: User | None = None) -> PeerCredential:
    """Set or reset the peer's PIN, giving them a sign-in first if they have none."""
    pin = _pin(pin)
    user = _ensure_login(peer)
    return peer_credential_set_pin(user=user, organisation=peer.organisation, pin=pin, set_by=set_by)


@transaction.atomic
def peer_card_issue(*, peer: PeerWorker, issued_by: User | None = None, secret: str = "") -> PeerCredential:
    """Issue (or reissue) the peer's QR card; the previous card stops working."""
    user = _ensure_login(peer)
    try:
        return peer_credential_issue_card(
            user=user, organisation=peer.organisation, secret=secret.strip(), issued_by=issued_by
        )
    except ValidationError as exc:
        raise _on_field("secret", exc) from None


# More than ten years of full-time work: a typing slip, not a history.
HOURS_BEFORE_LIMIT = Decimal("20000")


@transaction.atomic
def peer_hours_before_set(*, peer: PeerWorker, hours: Decimal | str, source: str, by: User) -> PeerWorker:
    """Record the hours a peer worked before Peerwork (an opening balance), who said so and from what.

    The ladder counts them like hours worked here. A peer never sets their own; the audit event
    keeps the previous and the new figure.
    """
    if peer.user_id is not None and peer.user_id == by.pk:
        raise PermissionDenied(_("You cannot record your own hours before Peerwork."))
    try:
        amount = Decimal(str(hours).strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationError(
            {"hours": [_("Enter the number of hours, for example 320 or 320.5.")]}
        ) from None
    if not amount.is_finite():
        raise ValidationError({"hours": [_("Enter the number of hours, for example 320 or 320.5.")]})
    if amount < 0:
        raise ValidationError({"hours": [_("Hours cannot be negative. Enter 0 if there were none.")]})
    if amount > HOURS_BEFORE_LIMIT:
        raise ValidationError(
            {
                "hours": [
                    _("%(hours)s hours is more than ten years of full-time work. Check the figure.")
                    % {"hours": amount}
                ]
            }
        )
    source = (source or "").strip()
    if amount > 0 and not source:
        raise ValidationError(
            {"source": [_("Say where the figure comes from, for example paper timesheets 2023–2026.")]}
        )
    peer = PeerWorker.objects.select_for_update().select_related("organisation").get(pk=peer.pk)
    previous = peer.hours_before
    peer.hours_before = amount.quantize(Decimal("0.01"))
    peer.hours_before_source = source[:200]
    peer.hours_before_recorded_by = by
    peer.hours_before_recorded_at = timezone.now()
    peer.save(
        update_fields=[
            "hours_before",
            "hours_before_source",
            "hours_before_recorded_by",
            "hours_before_recorded_at",
            "updated_at",
        ]
    )
    audit_record(
        action="peer_hours_before_set",
        organisation=peer.organisation,
        actor=by,
        obj=peer,
        previous=str(previous),
        hours=str(peer.hours_before),
        source=peer.hours_before_source,
    )
    return peer


@transaction.atomic
def peer_sms_consent(*, peer: PeerWorker, phone: str, consent: bool, by: Any) -> PeerWorker:
    """Record the peer's mobile number (validated) and whether they agree to texts, with the date."""
    number = phone_normalise(phone, country=peer.organisation.country)
    if not number:
        raise ValidationError(
            {"phone": [_("This does not look like a phone number. Try it with the area code.")]}
        )
    peer.phone = number
    peer.sms_consent_at = timezone.now() if consent else None
    peer.sms_failed_at = None
    peer.save(update_fields=["phone", "sms_consent_at", "sms_failed_at"])
    audit_record(
        action="peer_sms_consent", actor=by, organisation=peer.organisation, obj=peer, consent=consent
    )
    return peer
