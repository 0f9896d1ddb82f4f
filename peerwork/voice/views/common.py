"""Helpers voice's views share."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from peerwork.core import addresses


def can(request: HttpRequest, capability: str) -> bool:
    membership = getattr(request, "membership", None)
    return membership is not None and membership.can(capability)


def add_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (unknown fields go to the top)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def client_address(request: HttpRequest) -> str:
    """The address to rate-limit by, the visitor's even behind the proxy (core/addresses.py); it is hashed
    and kept only in the cache for the window."""
    return addresses.client_address(request) or "unknown"
