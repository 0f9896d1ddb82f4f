"""Checks shared by every way a service record arrives (entry page, device sync, API, CSV import).

Each check raises ``Rejected`` with a plain-language reason; callers report it per record or
per CSV line. Nothing here writes.
"""

from __future__ import annotations

import functools
import hmac
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from peerwork.accounts.models import User
from peerwork.orgs.client_codes import normalise_client_code
from peerwork.orgs.models import Organisation

from .models import EntryKind, NaloxoneProduct, Outcome, PlaceType, ReferralFor, ReferralTo, SupplyItem

MAX_QUANTITY = 10_000
MAX_STOCK = 10_000_000
MAX_ID = 2**63 - 1  # the largest id a database column holds


def device_owner_key(user: User) -> str:
    """An opaque key naming the signed-in person on a shared device's offline queue.

    The page keys its queue by it and each queued record carries it, so records wait for their
    owner; it reveals nothing about the person to the next one on the device.
    """
    return salted_hmac("peerwork.services.device-owner", str(user.pk)).hexdigest()[:32]


def owner_matches(user: User | None, owner: Any) -> bool:
    """A record without an owner (an API client) is the caller's; one with an owner must be theirs."""
    if owner in (None, ""):
        return True
    return user is not None and hmac.compare_digest(str(owner), device_owner_key(user))


def id_from(value: Any) -> int | None:
    """A database id from a record, or None when it is missing or cannot be one (not a whole
    number, or beyond what the database holds)."""
    if value in (None, "") or isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if 0 < number <= MAX_ID else None


def readable_text(value: Any) -> bool:
    """False for text with a broken character (a lone surrogate), which no database can store."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, list | tuple):
        return all(readable_text(v) for v in value)
    if isinstance(value, dict):
        return all(readable_text(k) and readable_text(v) for k, v in value.items())
    return True


class Rejected(Exception):
    """A record that cannot be accepted, with the reason shown to the person who sent it."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def quantity_from(
    value: Any, *, label: Any = None, allow_zero: bool = False, maximum: int = MAX_QUANTITY
) -> int:
    """A whole count: never negative, at least 1 unless ``allow_zero``."""
    what = label or _l("The count")
    if value is None or value == "":
        raise Rejected(_("%(what)s is missing.") % {"what": what})
    if isinstance(value, bool):
        raise Rejected(_("%(what)s must be a whole number.") % {"what": what})
    try:
        number = int(str(value).strip())
    except ValueError:
        raise Rejected(
            _("%(what)s must be a whole number, not “%(value)s”.") % {"what": what, "value": value}
        ) from None
    if number < 0:
        raise Rejected(_("%(what)s cannot be negative (%(value)s).") % {"what": what, "value": number})
    if number == 0 and not allow_zero:
        raise Rejected(_("%(what)s must be at least 1.") % {"what": what})
    if number > maximum:
        raise Rejected(
            _("%(what)s of %(value)s is more than seems possible.") % {"what": what, "value": number}
        )
    return number


def client_code_from(organisation: Organisation, raw: Any) -> str:
    try:
        return normalise_client_code(organisation, str(raw or ""))
    except ValidationError as exc:
        raise Rejected(_("Client code: %(reason)s") % {"reason": " ".join(exc.messages)}) from None


def coordinate_from(value: Any, *, low: int, high: int, label: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise Rejected(_("%(what)s must be a number.") % {"what": label}) from None
    if not number.is_finite() or not low <= number <= high:
        raise Rejected(
            _("%(what)s must be between %(low)s and %(high)s.") % {"what": label, "low": low, "high": high}
        )
    return number.quantize(Decimal("0.000001"))


@functools.cache
def _choice_values(choices: type) -> frozenset[str]:
    return frozenset(choices.values)  # type: ignore[attr-defined]


def choice_from(value: Any, choices: type, *, label: Any, required: bool) -> str:
    text = str(value or "").strip()
    if not text:
        if required:
            raise Rejected(_("Choose %(what)s.") % {"what": label})
        return ""
    if text not in _choice_values(choices):
        raise Rejected(
            _("“%(value)s” is not one of the choices for %(what)s.") % {"value": text, "what": label}
        )
    return text


def flag_from(value: Any, *, label: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().lower()
    if text in {"yes", "y", "true", "1"}:
        return True
    if text in {"no", "n", "false", "0", ""}:
        return False
    raise Rejected(_("%(what)s must be yes or no, not “%(value)s”.") % {"what": label, "value": value})


def entry_fields(
    *,
    organisation: Organisation,
    kind: Any,
    quantity: Any,
    item: SupplyItem | None,
    client_code: Any = "",
    place_name: Any = "",
    latitude: Any = None,
    longitude: Any = None,
    referral_to: Any = "",
    referral_for: Any = "",
) -> dict[str, Any]:
    """The model fields of one service entry, after every check that does not need the database."""
    kind = choice_from(kind, EntryKind, label=_l("what was done"), required=True)
    fields: dict[str, Any] = {
        "kind": kind,
        "item": None,
        "client_code": client_code_from(organisation, client_code),
        "place_name": "",
        "latitude": None,
        "longitude": None,
        "referral_to": "",
        "referral_for": "",
    }
    if kind == EntryKind.SUPPLIES:
        if item is None:
            raise Rejected(_("Say which supply item was given."))
        fields["item"] = item
    if kind == EntryKind.REFERRAL:
        fields["referral_to"] = choice_from(
            referral_to, ReferralTo, label=_l("where the referral was to"), required=True
        )
        fields["referral_for"] = choice_from(
            referral_for, ReferralFor, label=_l("what the referral was for"), required=True
        )
        fields["quantity"] = 1 if quantity in (None, "") else quantity_from(quantity)
    else:
        fields["quantity"] = quantity_from(quantity)
    if kind == EntryKind.SHARPS:
        fields["place_name"] = str(place_name or "").strip()[:120]
        fields["latitude"] = coordinate_from(latitude, low=-90, high=90, label=_l("Latitude"))
        fields["longitude"] = coordinate_from(longitude, low=-180, high=180, label=_l("Longitude"))
        if (fields["latitude"] is None) != (fields["longitude"] is None):
            raise Rejected(_("Give both latitude and longitude, or neither."))
        if not fields["place_name"] and fields["latitude"] is None:
            raise Rejected(_("Say where the sharps were found: a place name or the location."))
    return fields


def overdose_fields(
    *,
    organisation: Organisation,
    place_name: Any = "",
    place_type: Any = "",
    product: Any = NaloxoneProduct.INJECTABLE,
    doses_given: Any = 1,
    emergency_services_called: Any = False,
    conscious_before: Any = False,
    outcome: Any = Outcome.SURVIVED,
    client_code: Any = "",
) -> dict[str, Any]:
    doses = quantity_from(doses_given, label=_l("Doses given"), allow_zero=True)
    fields: dict[str, Any] = {
        "place_name": str(place_name or "").strip()[:120],
        "place_type": choice_from(place_type, PlaceType, label=_l("the type of place"), required=False),
        "product": choice_from(product, NaloxoneProduct, label=_l("the naloxone used"), required=True),
        "doses_given": doses,
        "emergency_services_called": flag_from(
            emergency_services_called, label=_l("Emergency services called")
        ),
        "conscious_before": flag_from(conscious_before, label=_l("Conscious before")),
        "outcome": choice_from(outcome, Outcome, label=_l("whether the person survived"), required=True),
        "client_code": client_code_from(organisation, client_code),
    }
    if not fields["place_name"] and not fields["place_type"]:
        raise Rejected(_("Say where it happened: a place or the type of place."))
    if doses > 20:
        raise Rejected(_("More than 20 doses seems wrong; check the number."))
    if fields["product"] == NaloxoneProduct.NONE and doses:
        raise Rejected(_("No naloxone was used, so the doses given must be 0."))
    return fields
