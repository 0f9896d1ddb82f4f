"""Anonymous client codes: validated against the organisation's scheme, never a name."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import ClientCodeScheme, Organisation

_ONTARIO = re.compile(r"^(?P<gender>[FMXO])-?(?P<letters>[A-Z]{4})-?(?P<year>(19|20)\d{2})$")
_SHORT = re.compile(r"^[A-Z0-9]{4,12}$")


def normalise_client_code(organisation: Organisation, raw: str) -> str:
    """Return the canonical form of ``raw`` or raise ValidationError saying what is wrong."""
    code = (raw or "").strip().upper().replace(" ", "")
    scheme = organisation.client_code_scheme
    if not code:
        return ""
    if scheme == ClientCodeScheme.NONE:
        raise ValidationError(_("This organisation does not record client codes."))
    if scheme == ClientCodeScheme.ONTARIO:
        match = _ONTARIO.match(code)
        if not match:
            raise ValidationError(
                _(
                    "A client code is a gender letter (F, M, X or O), four letters and a birth year, "
                    "for example F-ABCD-1980."
                )
            )
        return f"{match['gender']}-{match['letters']}-{match['year']}"
    if not _SHORT.match(code):
        raise ValidationError(_("A client code is 4 to 12 letters and digits, with no spaces."))
    return code
