"""Small helpers the support views share."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest

from peerwork.accounts.models import User
from peerwork.peers.models import PeerWorker


def _can(request: HttpRequest, capability: str) -> bool:
    membership = getattr(request, "membership", None)
    return membership is not None and membership.can(capability)


def sees_notes(request: HttpRequest) -> bool:
    return _can(request, "can_view_supervision_notes")


def sees_signals(request: HttpRequest) -> bool:
    return _can(request, "can_view_strain_signals")


def acting_user(request: HttpRequest) -> User:
    """The signed-in user (every support view is behind ``require``, so never anonymous)."""
    user = request.user
    assert isinstance(user, User)
    return user


def own_peer(request: HttpRequest) -> PeerWorker:
    """The signed-in peer's own profile in the current organisation, or 404."""
    peer = PeerWorker.objects.filter(
        user=acting_user(request), organisation=getattr(request, "organisation", None)
    ).first()
    if peer is None:
        raise Http404
    return peer


def add_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (unknown fields go to the top)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
