"""API tokens: ``pw_<prefix>_<secret>``; only the SHA-256 of the whole token is stored."""

from __future__ import annotations

import hashlib
import secrets

from django.utils import timezone

from peerwork.orgs.models import Organisation

from .models import APIToken, Membership, User


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def api_token_create(*, user: User, organisation: Organisation, name: str) -> tuple[APIToken, str]:
    """Create a token and return it with the raw value, which is never shown again."""
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
    """The live token and the owner's membership in the token's organisation, or None."""
    if not raw.startswith("pw_"):
        return None
    token = (
        APIToken.objects.select_related("user", "organisation")
        .filter(token_hash=_digest(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    membership = (
        Membership.objects.select_related("organisation", "user")
        .filter(user=token.user, organisation=token.organisation, is_active=True)
        .order_by("role")
        .first()
    )
    if membership is None:
        return None
    APIToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token, membership
