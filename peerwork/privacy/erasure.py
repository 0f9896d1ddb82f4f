"""Erasure of a peer: identity removed, names taken out of staff free text, a report of what was kept."""

from __future__ import annotations

import re
from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from peerwork.accounts.models import APIToken, Membership, PeerCredential, User
from peerwork.assessments.models import AssessmentResponse
from peerwork.audit.models import AuditEvent
from peerwork.audit.services import audit_record
from peerwork.casework.models import CaseAssignment, CaseSession
from peerwork.pathway.models import StageChange, StageSignOff
from peerwork.pay.models import LedgerEntry, Payout, PeerEarningsRule
from peerwork.peers.models import PeerStatus, PeerWorker
from peerwork.shifts.models import Assignment, Contract, SignUp
from peerwork.support.models import DebriefOffer, RoleCheck, SupervisionSession

from .models import ConsentRecord, Disclosure

ERASED_PREFIX = "Erased peer"
TOMBSTONE = "[erased]"

# Staff free text that can name the peer, on records about them (model, path to the peer, fields).
# Group supervision notes are about several peers: only this peer's names go, the rest stays.
FREE_TEXT: tuple[tuple[type[models.Model], str, tuple[str, ...]], ...] = (
    (Payout, "peer", ("description", "reason")),
    (
        ConsentRecord,
        "peer",
        ("discloser", "information", "recipients", "purpose", "expiry_event", "revocation_note"),
    ),
    (Disclosure, "consent__peer", ("recipient", "what")),
    (StageChange, "peer", ("reason", "override_reason")),
    (StageSignOff, "peer", ("note",)),
    (SignUp, "peer", ("outcome_reason",)),
    (Contract, "peer", ("end_reason",)),
    (DebriefOffer, "peer", ("outcome_note",)),
    (SupervisionSession, "peers", ("notes",)),
    # Casework written by the peer as a worker: the client's record stays for the client's sake.
    (CaseSession, "worker", ("next_step",)),
    (CaseAssignment, "worker", ("handover_note",)),
)


def _names_pattern(peer: PeerWorker) -> re.Pattern[str] | None:
    """Whole names first, then each part of them, as whole words in any case."""
    user = peer.user
    full = [peer.legal_name, peer.preferred_name]
    if user is not None:
        full += [user.display_name, user.get_full_name()]
    full = [name.strip() for name in full if name and name.strip()]
    parts = {part for name in full for part in name.split() if len(part) > 1}
    names = sorted({*full, *parts}, key=len, reverse=True)
    if not names:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)", re.IGNORECASE)


def _scrub_free_text(peer: PeerWorker) -> dict[str, int]:
    """Replace the peer's names with a tombstone; returns how many records of each kind changed."""
    pattern = _names_pattern(peer)
    changed: dict[str, int] = {}
    if pattern is None:
        return changed
    for model, path, fields in FREE_TEXT:
        for obj in model._default_manager.filter(**{path: peer}).distinct():
            updated = []
            for field in fields:
                text = getattr(obj, field)
                new_text = pattern.sub(TOMBSTONE, text) if text else text
                if new_text != text:
                    setattr(obj, field, new_text)
                    updated.append(field)
            if updated:
                obj.save(update_fields=updated)
                label = model._meta.label_lower
                changed[label] = changed.get(label, 0) + 1
    return changed


def _erasure_kept(peer: PeerWorker) -> list[dict[str, Any]]:
    """What erasure keeps on purpose, with the reason, for the report."""
    return [
        {
            "what": _("Pay ledger: amounts, dates and memos of payments"),
            "count": LedgerEntry.objects.filter(peer=peer).count(),
            "why": _(
                "The ledger is append-only and financial records must be kept for the legal retention "
                "period; memos written before erasure may still name the peer."
            ),
        },
        {
            "what": _("Payouts, shifts worked and service counts (under the anonymous record)"),
            "count": Payout.objects.filter(peer=peer).count() + Assignment.objects.filter(peer=peer).count(),
            "why": _("The programme's books and reports to funders must still add up."),
        },
        {
            "what": _("Consents and disclosures (names in their text replaced)"),
            "count": ConsentRecord.objects.filter(peer=peer).count(),
            "why": _("42 CFR Part 2 requires a record of every disclosure made under a consent."),
        },
        {
            "what": _("Audit trail"),
            "count": AuditEvent.objects.filter(
                object_type="peers.peerworker", object_id=str(peer.pk)
            ).count(),
            "why": _(
                "The audit trail is append-only: it shows who saw or changed what, including this erasure."
            ),
        },
    ]


def erase_identity(peer: PeerWorker, *, by: User, reason: str, request: HttpRequest | None) -> PeerWorker:
    """Remove what identifies the peer; keep records the programme must keep (pay, services counts).

    The peer row stays as an anonymous tombstone so that ledgers, shifts and service counts still
    add up; what the peer said about themself (check-ins) and benefit details are deleted, and their
    names are taken out of staff free text. The audit event carries the erasure report.
    """
    user = peer.user
    scrubbed = _scrub_free_text(peer)
    deleted = {
        "assessments.assessmentresponse": AssessmentResponse.objects.filter(peer=peer).count(),
        "pay.peerearningsrule": PeerEarningsRule.objects.filter(peer=peer).count(),
        "support.rolecheck": RoleCheck.objects.filter(peer=peer).count(),
    }
    peer.preferred_name = f"{ERASED_PREFIX} {peer.pk}"
    for field in ("pronouns", "phone", "email", "languages", "legal_name", "benefit_details", "notes"):
        setattr(peer, field, "")
    peer.date_of_birth = None
    peer.status = PeerStatus.LEFT
    peer.reminders_opt_out = True
    peer.user = None
    peer.save()
    peer.referrals.update(referred_by=None)
    AssessmentResponse.objects.filter(peer=peer).delete()
    # What the peer said about their own role is theirs, like their check-ins.
    RoleCheck.objects.filter(peer=peer).delete()
    peer.assessment_shares.all().delete()
    peer.assessment_schedules.all().delete()
    PeerEarningsRule.objects.filter(peer=peer).delete()
    peer.over_limit_choices.all().delete()
    # Notes of one-to-one supervision are about this peer alone; group notes stay for the others.
    for session in SupervisionSession.objects.filter(peers=peer).prefetch_related("peers"):
        if len(session.peers.all()) == 1 and session.notes:
            session.notes = ""
            session.save(update_fields=["notes"])
    if user is not None:
        PeerCredential.objects.filter(user=user).delete()
        APIToken.objects.filter(user=user).update(revoked_at=timezone.now())
        Membership.objects.filter(user=user).update(is_active=False)
        user.username = f"erased-{user.pk}"
        user.display_name = ""
        user.first_name = user.last_name = user.email = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
    audit_record(
        action="peer_erased",
        request=request,
        organisation=peer.organisation,
        actor=by,
        obj=peer,
        reason=reason,
        report={"scrubbed": scrubbed, "deleted": deleted, "kept": _erasure_kept(peer)},
    )
    return peer
