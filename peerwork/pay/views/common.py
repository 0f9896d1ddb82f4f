"""Small helpers the pay views share."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from peerwork.accounts.access import current_membership


def attach_errors(form: forms.Form, exc: ValidationError) -> None:
    """Attach a service's errors to the form: to their field when the form has it, else to the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def can_see_rule(request: HttpRequest) -> bool:
    """Whether the person may see which benefit a peer is on (a sensitive field)."""
    membership = current_membership(request)
    return membership is not None and membership.can("can_view_sensitive_peer_fields")
