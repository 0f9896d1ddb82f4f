"""The phone entry page for a shift, plus the service worker and manifest that keep it working offline.

The page's forms post here when there is no JavaScript; with JavaScript (services-entry.js) the
same fields become records queued in IndexedDB and sent to the sync API.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from peerwork.accounts.access import get_for_org, require
from peerwork.orgs.models import Organisation
from peerwork.shifts.models import Shift

from .. import selectors
from ..models import EntryKind, NaloxoneProduct, Outcome, PlaceType, ReferralFor, ReferralTo, Source
from ..records import device_owner_key
from ..services import catalogue_ensure, records_sync

# Counted on the form under the model's own labels, so the form, the day's tables and the
# reports name each count the same way.
COUNTED_KINDS = (EntryKind.CONTACT, EntryKind.NALOXONE_TRAINING, EntryKind.SHARPS)


def _is_staff(request: HttpRequest) -> bool:
    return bool(request.membership and request.membership.is_staff_role)  # type: ignore[attr-defined]


@require("can_log_services")
def home(request: HttpRequest) -> HttpResponse:
    organisation: Organisation = request.organisation  # type: ignore[attr-defined]
    today = organisation.today()
    shifts = selectors.shifts_to_log(organisation, request.user, is_staff=_is_staff(request), day=today)  # type: ignore[arg-type]
    return render(request, "services/home.html", {"shifts": shifts, "today": today})


def _records_from_post(post: Any, shift: Shift) -> list[dict[str, Any]]:
    """The records a submitted entry form describes: the same mapping services-entry.js makes."""
    try:
        batch = uuid.UUID(post.get("batch", ""))
    except ValueError:
        batch = uuid.uuid4()

    def record(key: str, **values: Any) -> dict[str, Any]:
        made = {
            "uuid": str(uuid.uuid5(batch, key)),
            "shift": shift.pk,
            "occurred_at": timezone.now().isoformat(),
            "client_code": post.get("client_code", ""),
            **values,
        }
        if post.get("peer"):  # the team member who did the work (staff, or a lead on a team shift)
            made["peer"] = post.get("peer")
        return made

    if post.get("form") == "referral":
        return [
            record(
                "referral",
                type="entry",
                kind=EntryKind.REFERRAL,
                referral_to=post.get("referral_to", ""),
                referral_for=post.get("referral_for", ""),
            )
        ]
    if post.get("form") == "overdose":
        return [
            record(
                "overdose",
                type="overdose",
                occurred_at=post.get("occurred_at") or timezone.now().isoformat(),
                place_type=post.get("place_type", ""),
                place_name=post.get("place_name", ""),
                product=post.get("product", ""),
                doses_given=post.get("doses_given", ""),
                emergency_services_called=post.get("emergency_services_called", ""),
                conscious_before=post.get("conscious_before", ""),
                outcome=post.get("outcome", ""),
                responders=post.getlist("responders"),
            )
        ]
    records = []
    for key, value in post.items():
        if key.startswith("item-") and value.strip() not in ("", "0"):
            records.append(record(key, type="entry", kind=EntryKind.SUPPLIES, item=key[5:], quantity=value))
    for kind in COUNTED_KINDS:
        value = post.get(kind, "").strip()
        if value not in ("", "0"):
            extra = {}
            if kind == EntryKind.SHARPS:
                extra = {
                    "place_name": post.get("place_name", ""),
                    "latitude": post.get("latitude", ""),
                    "longitude": post.get("longitude", ""),
                }
            records.append(record(kind, type="entry", kind=kind, quantity=value, **extra))
    return records


@require("can_log_services")
def entry(request: HttpRequest, shift_id: int) -> HttpResponse:
    organisation: Organisation = request.organisation  # type: ignore[attr-defined]
    is_staff = _is_staff(request)
    shift = get_for_org(
        selectors.shift_queryset_for_logging(organisation, request.user, is_staff=is_staff),  # type: ignore[arg-type]
        organisation,
        pk=shift_id,
    )
    catalogue_ensure(organisation=organisation)
    posted: dict[str, Any] = {}
    if request.method == "POST":
        records = _records_from_post(request.POST, shift)
        if not records:
            messages.warning(request, _("Nothing to save: every count is 0."))
            return redirect(request.path)
        results = records_sync(
            organisation=organisation,
            user=request.user,  # type: ignore[arg-type]
            is_staff=is_staff,
            records=records,
            source=Source.PAGE,
        )
        rejected = [r for r in results if r.status == "rejected"]
        accepted = len(results) - len(rejected)
        if accepted:
            messages.success(
                request, ngettext("Saved %(n)s record.", "Saved %(n)s records.", accepted) % {"n": accepted}
            )
        if not rejected:
            return redirect(request.path)
        for result in rejected:
            messages.error(request, result.reason)
        posted = request.POST.dict()
    return render(request, "services/entry.html", _entry_context(request, shift, posted))


def _entry_context(request: HttpRequest, shift: Shift, posted: dict[str, Any]) -> dict[str, Any]:
    organisation: Organisation = request.organisation  # type: ignore[attr-defined]
    me = selectors.peer_for(organisation, request.user)  # type: ignore[arg-type]
    peers = selectors.peers_on_shift(shift)
    for_others = selectors.logs_for_others(organisation, request.user, shift, is_staff=_is_staff(request))  # type: ignore[arg-type]
    categories = [
        (label, [(item, posted.get(f"item-{item.pk}", "0")) for item in items])
        for label, items in selectors.catalogue(organisation)
    ]
    return {
        "shift": shift,
        "categories": categories,
        "counted": [(kind, kind.label, posted.get(kind, "0")) for kind in COUNTED_KINDS],
        "posted": posted,
        "peers": peers,
        "me": me,
        # A lead logging for their team (or staff) says who did the work: only peers on this shift.
        "team_members": peers if for_others else [],
        "for_peer": posted.get("peer") or (str(me.pk) if me and me in peers else ""),
        "for_peer_required": for_others and not _is_staff(request) and me not in peers,
        "batch": uuid.uuid4(),
        "now_local": timezone.localtime(timezone.now(), organisation.zone).strftime("%Y-%m-%dT%H:%M"),
        "referral_to": ReferralTo.choices,
        "referral_for": ReferralFor.choices,
        "place_types": PlaceType.choices,
        "products": NaloxoneProduct.choices,
        "outcomes": Outcome.choices,
        "scheme": organisation.client_code_scheme,
        "owner_key": device_owner_key(request.user),  # type: ignore[arg-type]
        # The page counts held records itself; the plural forms come from here (%(n)s filled in JS).
        "held_one": ngettext("%(n)s record waits to be sent.", "%(n)s records wait to be sent.", 1),
        "held_other": ngettext("%(n)s record waits to be sent.", "%(n)s records wait to be sent.", 2),
        "saved_totals": selectors.entries_for_shift(organisation, shift),
        "sync_url": reverse("api:services_sync"),
        "sw_url": reverse("services:service_worker"),
        "manifest_url": reverse("services:manifest"),
    }


@never_cache
def service_worker(request: HttpRequest) -> HttpResponse:
    """Our own service worker, served from /services/ so its scope covers every entry page."""
    path = finders.find("peerwork/services-sw.js")
    if not path or isinstance(path, list):
        raise Http404
    with open(path, encoding="utf-8") as handle:
        body = handle.read()
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = reverse("services:home")
    return response


def manifest(request: HttpRequest) -> HttpResponse:
    scope = reverse("services:home")
    data = {
        "name": "Peerwork — " + _("Log services"),
        "short_name": "Peerwork",
        "start_url": scope,
        "scope": scope,
        "display": "standalone",
        "background_color": "#f3f5f7",
        "theme_color": "#0b5d57",
        "icons": [{"src": static("peerwork/services-icon.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    return JsonResponse(
        data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )
