"""Privacy reads: consents, and the two exports (everything about one peer; de-identified research data)."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import secrets
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import QuerySet

from peerwork.accounts.models import Membership
from peerwork.accounts.sites import within_sites
from peerwork.assessments.models import AssessmentResponse, Score
from peerwork.assessments.selectors import results_visible_to_staff
from peerwork.audit.models import AuditEvent
from peerwork.core.exports import csv_bytes
from peerwork.insights.suppression import suppress
from peerwork.orgs.models import Organisation
from peerwork.peers.models import SENSITIVE_FIELDS, PeerWorker
from peerwork.services.models import OverdoseResponse, ServiceEntry
from peerwork.support.models import RoleCheck, SessionKind, SupervisionSession

from .models import ConsentRecord, PurgeRun

# Never exported, not even to the person: secrets that would let someone sign in as them.
SECRET_FIELDS = {"password", "pin_hash", "qr_secret", "token_hash", "key", "secret"}


def consents_for(organisation: Organisation) -> QuerySet[ConsentRecord]:
    return (
        within_sites(ConsentRecord.objects.filter(organisation=organisation))
        .select_related("peer")
        .prefetch_related("disclosures")
    )


def purge_runs_for(organisation: Organisation) -> QuerySet[PurgeRun]:
    return PurgeRun.objects.filter(organisation=organisation).select_related("created_by", "executed_by")


@dataclass
class ErasureReport:
    """What an erasure changed, removed and kept (with why), as recorded in its audit event."""

    erased_at: datetime
    reason: str
    scrubbed: list[tuple[str, int]]
    deleted: list[tuple[str, int]]
    kept: list[dict[str, Any]]


def _label(model_label: str) -> str:
    try:
        return str(apps.get_model(model_label)._meta.verbose_name_plural)
    except LookupError:
        return model_label


def erasure_report_for(peer: PeerWorker) -> ErasureReport | None:
    event = (
        AuditEvent.objects.filter(
            organisation=peer.organisation,
            action="peer_erased",
            object_type="peers.peerworker",
            object_id=str(peer.pk),
        )
        .order_by("-at", "-pk")
        .first()
    )
    if event is None:
        return None
    report = event.detail.get("report", {})
    return ErasureReport(
        erased_at=event.at,
        reason=event.detail.get("reason", ""),
        scrubbed=[(_label(k), n) for k, n in sorted(report.get("scrubbed", {}).items())],
        deleted=[(_label(k), n) for k, n in sorted(report.get("deleted", {}).items())],
        kept=list(report.get("kept", [])),
    )


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
    for model_field in obj._meta.concrete_fields:
        if model_field.name in SECRET_FIELDS:
            continue
        row[model_field.name] = _plain(getattr(obj, model_field.attname))
    return row


# Other people are never in an access export: clients appear by code on service records.
OTHER_PEOPLE_FIELDS = {"client_code", "client_uuid"}


@dataclass
class AccessExport:
    """A subject access export: the file, what it holds (records per kind) and what was left out."""

    content: bytes
    counts: dict[str, int]
    withheld: list[str] = field(default_factory=list)


@dataclass
class _Viewer:
    """Who the file is made for: the peer gets all of their own data; staff only what their role sees."""

    membership: Membership
    is_owner: bool

    def may(self, capability: str) -> bool:
        return self.is_owner or self.membership.can(capability)


def _own_row(obj: models.Model) -> dict[str, Any]:
    row = _row(obj)
    for name in OTHER_PEOPLE_FIELDS:
        row.pop(name, None)
    return row


def _supervision_rows(peer: PeerWorker, viewer: _Viewer, withheld: set[str]) -> list[dict[str, Any]]:
    """Group sessions by date and attendance only (their notes are about others too); one-to-one
    notes only for the peer and for roles that may read supervision notes."""
    rows = []
    for session in (
        SupervisionSession.objects.filter(peers=peer).prefetch_related("peers").order_by("held_on")
    ):
        row = _own_row(session)
        if session.kind == SessionKind.GROUP or len(session.peers.all()) > 1:
            row = {k: row[k] for k in ("id", "kind", "held_on", "duration_minutes")} | {"attended": True}
        elif session.notes and not viewer.may("can_view_supervision_notes"):
            row["notes"] = ""
            withheld.add("support.supervisionsession.notes")
        rows.append(row)
    return rows


def _assessment_rows(peer: PeerWorker, viewer: _Viewer, withheld: set[str]) -> list[dict[str, Any]]:
    """The peer's own answers; staff get only the results the peer shared (the staff pages' rule)."""
    responses = AssessmentResponse.objects.filter(peer=peer).order_by("started_at", "pk")
    if not viewer.is_owner:
        visible = results_visible_to_staff(peer.organisation).filter(peer=peer)
        if viewer.membership.can("can_view_assessment_results"):
            shown = responses.filter(pk__in=visible.values("pk"))
        else:
            shown = responses.none()
        if shown.count() < responses.count():
            withheld.add("assessments.assessmentresponse")
        responses = shown
    return [_own_row(r) for r in responses]


def _role_check_rows(peer: PeerWorker, viewer: _Viewer, withheld: set[str]) -> list[dict[str, Any]]:
    """The peer's own role checks; staff get only the shared ones unless they may read every one."""
    checks = RoleCheck.objects.filter(peer=peer).order_by("submitted_on", "pk")
    if not viewer.may("can_read_role_checks"):
        shown = checks.filter(shared=True)
        if shown.count() < checks.count():
            withheld.add("support.rolecheck")
        checks = shown
    return [_own_row(check) for check in checks]


def _related_rows(peer: PeerWorker, viewer: _Viewer, withheld: set[str]) -> dict[str, list[dict[str, Any]]]:
    """Every row of every model that points at the peer (found from the model graph, so new apps count)."""
    found: dict[str, list[dict[str, Any]]] = {}
    for relation in PeerWorker._meta.related_objects:
        model = relation.related_model
        key = model._meta.label_lower
        if model is PeerWorker:
            # People this peer brought in: by the name they go by, nothing else of theirs.
            key = "peers.referrals"
            rows = [{"preferred_name": p.preferred_name} for p in PeerWorker.objects.filter(referred_by=peer)]
        elif model is SupervisionSession:
            rows = _supervision_rows(peer, viewer, withheld)
        elif model is AssessmentResponse:
            rows = _assessment_rows(peer, viewer, withheld)
        elif model is RoleCheck:
            rows = _role_check_rows(peer, viewer, withheld)
        elif relation.many_to_many:
            rows = [_own_row(obj) for obj in getattr(peer, relation.get_accessor_name() or "").all()]
        else:
            rows = [_own_row(obj) for obj in model._default_manager.filter(**{relation.field.name: peer})]
        if rows:
            found.setdefault(key, []).extend(rows)
    return found


def _profile_row(peer: PeerWorker, viewer: _Viewer, withheld: set[str]) -> dict[str, Any]:
    row = _row(peer)
    row["sites"] = [site.name for site in peer.sites.all()]
    row["referred_by"] = peer.referred_by.preferred_name if peer.referred_by else ""
    if not viewer.may("can_view_sensitive_peer_fields"):
        for name in SENSITIVE_FIELDS:
            row.pop(name, None)
        withheld.add("peers.peerworker.sensitive_fields")
    return row


def _audit_about(peer: PeerWorker) -> list[dict[str, Any]]:
    """Who looked at or changed the peer's record: when, what, and by whom (by name only)."""
    events = AuditEvent.objects.filter(object_type="peers.peerworker", object_id=str(peer.pk)).select_related(
        "actor"
    )
    return [
        {
            "at": _plain(e.at),
            "action": e.action,
            "by": (e.actor.display_name or "") if e.actor else "",
            "fields": e.detail.get("fields", []),
        }
        for e in events.order_by("at", "pk")
    ]


def subject_access_export(peer: PeerWorker, *, membership: Membership) -> AccessExport:
    """The peer's own data, one JSON file and one CSV per kind of record, in a ZIP.

    Made for the peer (``membership`` is theirs) it holds all of it; made by staff it holds only what
    their role may see on the pages and API, and says what was left out.
    """
    viewer = _Viewer(
        membership=membership, is_owner=peer.user_id is not None and peer.user_id == membership.user_id
    )
    withheld: set[str] = set()
    data: dict[str, Any] = {
        "peers.peerworker": [_profile_row(peer, viewer, withheld)],
        **_related_rows(peer, viewer, withheld),
    }
    if peer.user_id:
        user = peer.user
        assert user is not None
        data["accounts.user"] = [_row(user)]
        data["accounts.membership"] = [_row(m) for m in Membership.objects.filter(user=user)]
        if viewer.may("can_view_audit"):
            data["audit.events_by_this_person"] = [_row(e) for e in AuditEvent.objects.filter(actor=user)]
        else:
            withheld.add("audit.events_by_this_person")
    data["audit.events_about_this_person"] = _audit_about(peer)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("everything.json", json.dumps(data, indent=2, ensure_ascii=False, default=str))
        for key, rows in sorted(data.items()):
            if not rows:
                continue
            header = sorted({name for row in rows for name in row})
            archive.writestr(f"{key}.csv", csv_bytes(header, ([row.get(h) for h in header] for row in rows)))
        readme = (
            "Your data held by Peerwork, as JSON (everything.json) and one CSV per kind of record. Secrets "
            "used to sign in (PIN, card, password, tokens) are never exported. Other people appear only by "
            "the name they go by; group supervision sessions show the date and that you attended.\n"
        )
        if withheld:
            readme += (
                "This copy was made by staff and leaves out what their role may not see: "
                + ", ".join(sorted(withheld))
                + ". The peer can download the full copy from their own pages (My work).\n"
            )
        archive.writestr("README.txt", readme)
    counts = {key: len(rows) for key, rows in sorted(data.items())}
    return AccessExport(content=buffer.getvalue(), counts=counts, withheld=sorted(withheld))


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
    # A person limited to some sites exports only those sites' rows (accounts/sites.py).
    entries = (
        within_sites(
            ServiceEntry.objects.filter(
                organisation=organisation, occurred_at__date__gte=start, occurred_at__date__lte=end
            )
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
        within_sites(
            OverdoseResponse.objects.filter(
                organisation=organisation, occurred_at__date__gte=start, occurred_at__date__lte=end
            )
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
    # Only what staff may see: a check-in the peer kept to themself stays out, even under a key.
    visible = within_sites(
        results_visible_to_staff(organisation).filter(
            submitted_at__date__gte=start, submitted_at__date__lte=end
        )
    )
    scores = (
        Score.objects.filter(organisation=organisation, response__in=visible.values("pk"), target="total")
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
                "they cannot be linked to other exports. Questionnaire totals are only those staff may see: "
                "clients' and the ones peers chose to share. In the summary table counts from 1 to "
                f"{threshold} are hidden, and so is any count that would let a hidden one be worked out "
                "(shown as an empty cell).\n"
            ),
        )
    return buffer.getvalue()
