"""What every page needs to know about this person's offline records (services-entry.js keeps them).

Signing out from any page, not only the entry page, first says how many of the person's records
still wait on this device (app.js reads the device's queue with this key); the records stay for
them and are sent when they sign in again.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .records import device_owner_key


def offline_queue(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(request, "organisation", None) is None:
        return {}
    return {
        "offline_queue": {
            "owner": device_owner_key(user),
            "held_one": ngettext("%(n)s record waits to be sent.", "%(n)s records wait to be sent.", 1),
            "held_other": ngettext("%(n)s record waits to be sent.", "%(n)s records wait to be sent.", 2),
            "held_kept": _(
                "They stay on this phone for you and are sent when you sign in again. "
                "Press Sign out again to sign out."
            ),
        }
    }
