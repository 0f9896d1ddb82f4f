"""Record audit events. Views call ``audit_read`` whenever they show sensitive fields."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from peerwork.core.addresses import client_address
from peerwork.orgs.models import Organisation

from .models import AuditEvent


def audit_record(
    *,
    action: str,
    request: HttpRequest | None = None,
    organisation: Organisation | None = None,
    actor: Any = None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    **detail: Any,
) -> AuditEvent:
    """Append one event. ``actor`` defaults to the request's user; ``organisation`` to its org."""
    if request is not None:
        if actor is None and getattr(request, "user", None) is not None and request.user.is_authenticated:
            actor = request.user
        if organisation is None:
            organisation = getattr(request, "organisation", None)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    return AuditEvent.objects.create(
        organisation=organisation,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=str(getattr(actor, "username", "") or detail.pop("actor_label", "") or ""),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        ip_address=client_address(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "")[:300] if request is not None else ""),
        detail=detail,
    )


def audit_read(request: HttpRequest, obj: models.Model, fields: list[str], **detail: Any) -> AuditEvent:
    """Record that the request's user was shown ``fields`` of ``obj`` (sensitive data)."""
    return audit_record(action="read_sensitive", request=request, obj=obj, fields=sorted(fields), **detail)
