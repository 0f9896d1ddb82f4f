"""API tokens: ``pw_<prefix>_<secret>``; only the SHA-256 of the whole token is stored.

Tokens are for staff only: a token keeps working after the session it was made in ends, so a
peer on a shared kiosk must not be able to leave one behind.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from peerwork.orgs.models import Organisation

from .capabilities import roles_with
from .models import APIToken, Membership, User

LAST_USED_EVERY = timedelta(minutes=1)
TOKEN_CAPABILITY = "can_create_api_tokens"  # noqa: S105 - a capability name, not a secret


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _token_membership(user: User, organisation: Organisation) -> Membership | None:
    """The user's active membership here whose role may hold a token, if any."""
    return (
        Membership.objects.select_related("organisation", "user")
        .filter(user=user, organisation=organisation, is_active=True, role__in=roles_with(TOKEN_CAPABILITY))
        .order_by("role")
        .first()
    )


def api_token_refusal(*, membership: Membership | None, kiosk_session: bool) -> str | None:
    """Why this person may not create an API token, in plain words; None when they may."""
    if kiosk_session or membership is None or not membership.can(TOKEN_CAPABILITY):
        return _(
            "API tokens are for staff. On a kiosk, or as a peer, sign in with your name and PIN "
            "instead: a token would keep working after you sign out."
        )
    return None


def api_token_create(*, user: User, organisation: Organisation, name: str) -> tuple[APIToken, str]:
    """Create a token and return it with the raw value, which is never shown again."""
    if _token_membership(user, organisation) is None:
        raise PermissionDenied(api_token_refusal(membership=None, kiosk_session=False))
    prefix = secrets.token_hex(4)
    raw = f"pw_{prefix}_{secrets.token_urlsafe(32)}"
    token = APIToken.objects.create(
        user=user, organisation=organisation, name=name, prefix=prefix, token_hash=_digest(raw)
    )
    return token, raw


def api_token_revoke(*, token: APIToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def membership_for_token(raw: str) -> tuple[APIToken, Membership] | None:
    """The live token and the owner's staff membership in the token's organisation, or None.

    A token whose owner is no longer staff there (a peer's, from before tokens were staff-only,
    or someone moved to the peer role) stops working.
    """
    if not raw.startswith("pw_"):
        return None
    token = (
        APIToken.objects.select_related("user", "organisation")
        .filter(token_hash=_digest(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    membership = _token_membership(token.user, token.organisation)
    if membership is None:
        return None
    now = timezone.now()
    # The tokens page shows the last use to the minute: written at most once a minute, not on every call.
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        APIToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token, membership
