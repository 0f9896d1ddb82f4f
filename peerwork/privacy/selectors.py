"""Privacy reads: consents, and the two exports (everything about one peer; de-identified research data)."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import secrets
import zipfile
from collections import Counter
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import QuerySet

from peerwork.accounts.models import Membership
from peerwork.assessments.models import Score
from peerwork.audit.models import AuditEvent
from peerwork.core.exports import csv_bytes
from peerwork.insights.suppression import suppress
from peerwork.orgs.models import Organisation
from peerwork.peers.models import PeerWorker
from peerwork.services.models import OverdoseResponse, ServiceEntry

from .models import ConsentRecord, PurgeRun

# Never exported, not even to the person: secrets that would let someone sign in as them.
SECRET_FIELDS = {"password", "pin_hash", "qr_secret", "token_hash", "key", "secret"}


def consents_for(organisation: Organisation) -> QuerySet[ConsentRecord]:
    return (
        ConsentRecord.objects.filter(organisation=organisation)
        .select_related("peer")
        .prefetch_related("disclosures")
    )


def purge_runs_for(organisation: Organisation) -> QuerySet[PurgeRun]:
    return PurgeRun.objects.filter(organisation=organisation).select_related("created_by", "executed_by")


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def _row(obj: models.Model) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in SECRET_FIELDS:
            continue
        row[field.name] = _plain(getattr(obj, field.attname))
    return row


def _related_rows(peer: PeerWorker) -> dict[str, list[dict[str, Any]]]:
    """Every row of every model that points at the peer (found from the model graph, so new apps count)."""
    found: dict[str, list[dict[str, Any]]] = {}
    for relation in PeerWorker._meta.related_objects:
        model = relation.related_model
        if model is PeerWorker:
            rows: list[models.Model] = list(PeerWorker.objects.filter(referred_by=peer))
            key = "peers.referrals"
        elif relation.many_to_many:
            rows = list(getattr(peer, relation.get_accessor_name() or "").all())
            key = model._meta.label_lower
        else:
            rows = list(model._default_manager.filter(**{relation.field.name: peer}))
            key = model._meta.label_lower
        if rows:
            found.setdefault(key, []).extend(_row(obj) for obj in rows)
    return found


def subject_access_zip(peer: PeerWorker) -> bytes:
    """Everything Peerwork holds about a peer: one JSON file and one CSV per kind of record, in a ZIP."""
    data: dict[str, Any] = {"peers.peerworker": [_row(peer)], **_related_rows(peer)}
    data["peers.peerworker"][0]["sites"] = [site.name for site in peer.sites.all()]
    if peer.user_id:
        user = peer.user
        assert user is not None
        data["accounts.user"] = [_row(user)]
        data["accounts.membership"] = [_row(m) for m in Membership.objects.filter(user=user)]
        data["audit.events_by_this_person"] = [_row(e) for e in AuditEvent.objects.filter(actor=user)]
    data["audit.events_about_this_person"] = [
        _row(e) for e in AuditEvent.objects.filter(object_type="peers.peerworker", object_id=str(peer.pk))
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("everything.json", json.dumps(data, indent=2, ensure_ascii=False, default=str))
        for key, rows in sorted(data.items()):
            if not rows:
                continue
            header = sorted({name for row in rows for name in row})
            archive.writestr(f"{key}.csv", csv_bytes(header, ([row.get(h) for h in header] for row in rows)))
        archive.writestr(
            "README.txt",
            "Everything Peerwork holds about this person, as JSON (everything.json) and one CSV per kind of "
            "record. Secrets used to sign in (PIN, card, password, tokens) are never exported.\n",
        )
    return buffer.getvalue()


class _Rekey:
    """Client codes and peers replaced by keyed hashes that are new for every export."""

    def __init__(self) -> None:
        self._key = secrets.token_bytes(32)

    def __call__(self, kind: str, value: Any) -> str:
        if value in (None, ""):
            return ""
        digest = hmac.new(self._key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
        return f"{kind[0].upper()}{digest[:12]}"


def _month(moment: datetime, organisation: Organisation) -> str:
    return moment.astimezone(organisation.zone).strftime("%Y-%m")


def research_zip(organisation: Organisation, *, start: date, end: date) -> bytes:
    """De-identified research data: codes re-keyed per export, dates to the month, small cells suppressed."""
    rekey = _Rekey()
    threshold = organisation.small_cell_threshold
    entries = (
        ServiceEntry.objects.filter(
            organisation=organisation, occurred_at__date__gte=start, occurred_at__date__lte=end
        )
        .select_related("site", "item")
        .order_by("occurred_at", "id")
    )
    service_rows: list[list[Any]] = [
        [
            _month(e.occurred_at, organisation),
            e.site.name,
            e.kind,
            e.item.name if e.item else "",
            e.quantity,
            rekey("client", e.client_code),
            rekey("peer", e.peer_id),
        ]
        for e in entries
    ]
    overdoses = (
        OverdoseResponse.objects.filter(
            organisation=organisation, occurred_at__date__gte=start, occurred_at__date__lte=end
        )
        .select_related("site")
        .order_by("occurred_at", "id")
    )
    overdose_rows = [
        [
            _month(o.occurred_at, organisation),
            o.site.name if o.site else "",
            o.place_type,
            o.product,
            o.doses_given,
            o.emergency_services_called,
            o.outcome,
            rekey("client", o.client_code),
        ]
        for o in overdoses
    ]
    scores = (
        Score.objects.filter(
            organisation=organisation,
            response__submitted_at__date__gte=start,
            response__submitted_at__date__lte=end,
            target="total",
        )
        .select_related("response")
        .order_by("response__submitted_at", "id")
    )
    score_rows = [
        [
            _month(s.response.submitted_at, organisation),
            s.instrument_key,
            s.version,
            s.value,
            rekey("client", s.response.client_code),
            rekey("peer", s.response.peer_id),
        ]
        for s in scores
        if s.response.submitted_at is not None
    ]
    # Counts per month and site, with small cells (and what would reveal them) suppressed.
    months = sorted({row[0] for row in service_rows})
    sites = sorted({row[1] for row in service_rows})
    counts: Counter[tuple[Any, Any]] = Counter()
    for row in service_rows:
        counts[(row[0], row[1])] += int(row[4])
    summary_header: list[str] = ["month", *map(str, sites), "total"]
    summary_rows: list[list[Any]] = []
    if months and sites:
        table = [[counts[(month, site)] for site in sites] for month in months]
        result = suppress(table, threshold)
        labels = [*months, "total"]
        for r, line in enumerate(result.extended):
            summary_rows.append(
                [labels[r], *("" if result.is_hidden(r, c) else v for c, v in enumerate(line))]
            )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "services.csv",
            csv_bytes(["month", "site", "kind", "item", "quantity", "client_ref", "peer_ref"], service_rows),
        )
        archive.writestr(
            "overdose_responses.csv",
            csv_bytes(
                [
                    "month",
                    "site",
                    "place_type",
                    "product",
                    "doses",
                    "emergency_services_called",
                    "outcome",
                    "client_ref",
                ],
                overdose_rows,
            ),
        )
        archive.writestr(
            "questionnaire_totals.csv",
            csv_bytes(["month", "instrument", "version", "total", "client_ref", "peer_ref"], score_rows),
        )
        archive.writestr("services_by_month_and_site.csv", csv_bytes(summary_header, summary_rows))
        archive.writestr(
            "README.txt",
            (
                f"De-identified export for {start.isoformat()[:7]} to {end.isoformat()[:7]}.\n"
                "Dates are months; client codes and peers are replaced by keys made for this export only, so "
                "they cannot be linked to other exports. In the summary table counts from 1 to "
                f"{threshold} are hidden, and so is any count that would let a hidden one be worked out "
                "(shown as an empty cell).\n"
            ),
        )
    return buffer.getvalue()
