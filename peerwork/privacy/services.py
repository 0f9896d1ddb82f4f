"""Privacy writes: consent and disclosures, retention (dry run, then purge), erasure of a peer."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peerwork.accounts.models import Membership, SignInAttempt, User
from peerwork.assessments.models import AssessmentResponse
from peerwork.audit.services import audit_record
from peerwork.casework.models import CaseClient
from peerwork.casework.selectors import casework_clients_not_seen_since
from peerwork.orgs.client_codes import normalise_client_code
from peerwork.orgs.models import Organisation
from peerwork.peers.models import PeerStatus, PeerWorker
from peerwork.services.models import OverdoseResponse, ServiceEntry

from .erasure import ERASED_PREFIX, erase_identity
from .models import ConsentRecord, Disclosure, PurgeRun, PurgeStatus, RetentionRule, RetentionTarget
from .selectors import AccessExport, subject_access_export

# A dry run is a promise about what will go: it must be recent to be carried out.
DRY_RUN_VALID_FOR = timedelta(hours=24)

DISCLOSURE_NOTICE = gettext_lazy(
    "This information has been disclosed to you from records protected by federal confidentiality "
    "rules (42 CFR part 2). The federal rules prohibit you from making any further disclosure of "
    "information in this record that identifies a patient as having or having had a substance use "
    "disorder either directly, by reference to publicly available information, or through verifiable "
    "means unless further disclosure is expressly permitted by the written consent of the individual "
    "whose information is being disclosed or as otherwise permitted by 42 CFR part 2. A general "
    "authorisation for the release of medical or other information is NOT sufficient for this purpose. "
    "The federal rules restrict any use of the information to investigate or prosecute with regard to "
    "a crime any patient with a substance use disorder."
)


# --- consent ------------------------------------------------------------------------------------


@transaction.atomic
def consent_record(
    *,
    organisation: Organisation,
    recorded_by: User,
    peer: PeerWorker | None = None,
    client_code: str = "",
    discloser: str,
    information: str,
    recipients: str,
    purpose: str,
    signature_method: str,
    signed_on: date,
    expires_on: date | None = None,
    expiry_event: str = "",
    right_to_revoke_explained: bool,
    request: HttpRequest | None = None,
) -> ConsentRecord:
    errors: dict[str, list[str]] = {}
    code = ""
    if peer is not None and peer.organisation_id != organisation.pk:
        raise ValidationError({"peer": _("Choose a peer of this organisation.")})
    if (peer is None) == (not client_code.strip()):
        errors.setdefault("client_code", []).append(_("Give either a peer or a client code, not both."))
    elif client_code:
        try:
            code = normalise_client_code(organisation, client_code)
        except ValidationError as exc:
            errors.setdefault("client_code", []).extend(exc.messages)
    for field, value in (
        ("discloser", discloser),
        ("information", information),
        ("recipients", recipients),
        ("purpose", purpose),
    ):
        if not value.strip():
            errors.setdefault(field, []).append(_("This is required for a valid consent."))
    if expires_on is None and not expiry_event.strip():
        errors.setdefault("expires_on", []).append(
            _("Give an expiry date or the event that ends the consent.")
        )
    if expires_on is not None and expires_on < signed_on:
        errors.setdefault("expires_on", []).append(_("The consent cannot expire before it was signed."))
    if signed_on > organisation.today():
        errors.setdefault("signed_on", []).append(_("The signing date cannot be in the future."))
    if not right_to_revoke_explained:
        errors.setdefault("right_to_revoke_explained", []).append(
            _("Tell the person they may revoke consent at any time, then tick this box.")
        )
    if errors:
        raise ValidationError(errors)
    consent = ConsentRecord.objects.create(
        organisation=organisation,
        peer=peer,
        client_code=code,
        discloser=discloser.strip(),
        information=information.strip(),
        recipients=recipients.strip(),
        purpose=purpose.strip(),
        signature_method=signature_method,
        signed_on=signed_on,
        expires_on=expires_on,
        expiry_event=expiry_event.strip(),
        right_to_revoke_explained=True,
        recorded_by=recorded_by,
    )
    audit_record(
        action="consent_recorded", request=request, organisation=organisation, actor=recorded_by, obj=consent
    )
    return consent


@transaction.atomic
def consent_revoke(
    *, consent: ConsentRecord, revoked_on: date, note: str, by: User, request: HttpRequest | None = None
) -> ConsentRecord:
    if consent.revoked_on is not None:
        raise ValidationError(_("This consent was already revoked on %(day)s.") % {"day": consent.revoked_on})
    if revoked_on < consent.signed_on:
        raise ValidationError({"revoked_on": _("A consent cannot be revoked before it was signed.")})
    consent.revoked_on = revoked_on
    consent.revocation_note = note.strip()
    consent.save(update_fields=["revoked_on", "revocation_note"])
    audit_record(
        action="consent_revoked", request=request, organisation=consent.organisation, actor=by, obj=consent
    )
    return consent


@transaction.atomic
def disclosure_record(
    *,
    consent: ConsentRecord,
    disclosed_on: date,
    recipient: str,
    what: str,
    by: User,
    request: HttpRequest | None = None,
) -> Disclosure:
    """Record a disclosure; refused unless the consent is in force that day. The notice goes with it."""
    if not consent.is_in_force_on(disclosed_on):
        raise ValidationError(
            _("The consent is not in force on that day (revoked, expired or not yet signed).")
        )
    if not recipient.strip() or not what.strip():
        raise ValidationError(_("Say who received the information and what was disclosed."))
    disclosure = Disclosure.objects.create(
        organisation=consent.organisation,
        consent=consent,
        disclosed_on=disclosed_on,
        recipient=recipient.strip(),
        what=what.strip(),
        notice=str(DISCLOSURE_NOTICE),
        recorded_by=by,
    )
    audit_record(
        action="disclosure_recorded",
        request=request,
        organisation=consent.organisation,
        actor=by,
        obj=disclosure,
        consent=consent.pk,
    )
    return disclosure


# --- retention ------------------------------------------------------------------------------------


def retention_months(organisation: Organisation) -> dict[str, int]:
    """Months to keep each kind of record: the organisation's rules, else its general retention."""
    months = dict.fromkeys(RetentionTarget.values, organisation.retention_months)
    for rule in RetentionRule.objects.filter(organisation=organisation):
        months[rule.target] = rule.keep_months
    return months


@transaction.atomic
def retention_rule_set(
    *, organisation: Organisation, target: str, keep_months: int, by: User
) -> RetentionRule:
    if target not in RetentionTarget.values:
        raise ValidationError({"target": _("Unknown kind of record.")})
    if keep_months < 1:
        raise ValidationError({"keep_months": _("Keep records for at least one month.")})
    rule, _created = RetentionRule.objects.update_or_create(
        organisation=organisation, target=target, defaults={"keep_months": keep_months}
    )
    audit_record(
        action="retention_rule_set", organisation=organisation, actor=by, obj=rule, months=keep_months
    )
    return rule


def _cutoffs(organisation: Organisation, today: date) -> dict[str, date]:
    return {
        target: today - relativedelta(months=months)
        for target, months in retention_months(organisation).items()
    }


def _querysets(organisation: Organisation, cutoffs: dict[str, date]) -> dict[str, dict[str, Any]]:
    """What each retention target would touch, as querysets keyed by the kind of record."""
    zone = organisation.zone

    def before(day: date) -> datetime:
        return datetime.combine(day, time.min, tzinfo=zone)

    codes = cutoffs[RetentionTarget.SERVICE_CLIENT_CODES]
    return {
        RetentionTarget.SERVICE_CLIENT_CODES: {
            "service entries": ServiceEntry.objects.filter(
                organisation=organisation, occurred_at__lt=before(codes)
            ).exclude(client_code=""),
            "overdose responses": OverdoseResponse.objects.filter(
                organisation=organisation, occurred_at__lt=before(codes)
            ).exclude(client_code=""),
        },
        RetentionTarget.CLIENT_RESPONSES: {
            "questionnaire answers": AssessmentResponse.objects.filter(
                organisation=organisation,
                peer__isnull=True,
                started_at__lt=before(cutoffs[RetentionTarget.CLIENT_RESPONSES]),
            ),
        },
        RetentionTarget.LEFT_PEERS: {
            "peers": PeerWorker.objects.filter(
                organisation=organisation,
                status=PeerStatus.LEFT,
                updated_at__lt=before(cutoffs[RetentionTarget.LEFT_PEERS]),
            ).exclude(preferred_name__startswith=ERASED_PREFIX),
        },
        RetentionTarget.CASEWORK: {
            "casework clients": casework_clients_not_seen_since(
                organisation, cutoffs[RetentionTarget.CASEWORK]
            ),
        },
        RetentionTarget.SIGN_IN_ATTEMPTS: {
            "failed sign-ins": SignInAttempt.objects.filter(
                at__lt=before(cutoffs[RetentionTarget.SIGN_IN_ATTEMPTS]),
                username__in=Membership.objects.filter(organisation=organisation).values("user__username"),
            ),
        },
    }


@transaction.atomic
def retention_dry_run(*, organisation: Organisation, by: User | None, today: date | None = None) -> PurgeRun:
    """Count what the retention rules would remove today, without removing anything."""
    today = today or organisation.today()
    cutoffs = _cutoffs(organisation, today)
    counts = {
        target: {kind: qs.count() for kind, qs in kinds.items()}
        for target, kinds in _querysets(organisation, cutoffs).items()
    }
    PurgeRun.objects.filter(organisation=organisation, status=PurgeStatus.DRY_RUN).update(
        status=PurgeStatus.SUPERSEDED
    )
    run = PurgeRun.objects.create(
        organisation=organisation,
        created_by=by,
        report={
            "today": today.isoformat(),
            "cutoffs": {k: v.isoformat() for k, v in cutoffs.items()},
            "counts": counts,
        },
    )
    audit_record(action="retention_dry_run", organisation=organisation, actor=by, obj=run)
    return run


@transaction.atomic
def retention_purge(*, run: PurgeRun, by: User, request: HttpRequest | None = None) -> PurgeRun:
    """Carry out a dry run's report, with the cut-off dates it showed."""
    run = PurgeRun.objects.select_for_update().get(pk=run.pk)
    if run.status != PurgeStatus.DRY_RUN:
        raise ValidationError(_("Only the latest dry run can be carried out. Run a new dry run first."))
    if timezone.now() - run.created_at > DRY_RUN_VALID_FOR:
        raise ValidationError(_("This dry run is more than a day old. Run a new dry run first."))
    organisation = run.organisation
    cutoffs = {k: date.fromisoformat(v) for k, v in run.report["cutoffs"].items()}
    sets = _querysets(organisation, cutoffs)
    done: dict[str, dict[str, int]] = {}
    codes = sets[RetentionTarget.SERVICE_CLIENT_CODES]
    done[RetentionTarget.SERVICE_CLIENT_CODES] = {
        kind: qs.update(client_code="") for kind, qs in codes.items()
    }
    answers = sets[RetentionTarget.CLIENT_RESPONSES]["questionnaire answers"]
    done[RetentionTarget.CLIENT_RESPONSES] = {"questionnaire answers": answers.count()}
    answers.delete()
    peers = list(sets[RetentionTarget.LEFT_PEERS]["peers"])
    for peer in peers:
        erase_identity(peer, by=by, reason="retention", request=request)
    done[RetentionTarget.LEFT_PEERS] = {"peers": len(peers)}
    # A client's whole casework goes together: plan, sessions, referrals and who supported them.
    clients = list(sets[RetentionTarget.CASEWORK]["casework clients"].values_list("pk", flat=True))
    CaseClient.objects.filter(pk__in=clients).delete()
    done[RetentionTarget.CASEWORK] = {"casework clients": len(clients)}
    attempts = sets[RetentionTarget.SIGN_IN_ATTEMPTS]["failed sign-ins"]
    done[RetentionTarget.SIGN_IN_ATTEMPTS] = {"failed sign-ins": attempts.count()}
    attempts.delete()
    run.status = PurgeStatus.DONE
    run.executed_by = by
    run.executed_at = timezone.now()
    run.report = {**run.report, "done": done}
    run.save(update_fields=["status", "executed_by", "executed_at", "report"])
    audit_record(
        action="retention_purged", request=request, organisation=organisation, actor=by, obj=run, done=done
    )
    return run


# --- subject access ----------------------------------------------------------------------------------


@transaction.atomic
def subject_access_export_make(
    *,
    peer: PeerWorker,
    membership: Membership,
    requested_by_peer: bool = False,
    reason: str = "",
    request: HttpRequest | None = None,
) -> AccessExport:
    """A peer's access export, made at the peer's request and audited with what it holds.

    The peer asks on their own pages, or staff record that the peer asked (and how); staff get only
    what their role may see, the peer gets all of their own data.
    """
    if peer.organisation_id != membership.organisation_id:
        raise ValidationError(_("Choose a peer of this organisation."))
    own = peer.user_id is not None and peer.user_id == membership.user_id
    if not own:
        errors: dict[str, list[str]] = {}
        if not requested_by_peer:
            errors["requested_by_peer"] = [_("An access export is made only when the peer asks for it.")]
        if not reason.strip():
            errors["reason"] = [_("Say when and how the peer asked (e.g. at the drop-in on 3 March).")]
        if errors:
            raise ValidationError(errors)
    export = subject_access_export(peer, membership=membership)
    audit_record(
        action="subject_access_export",
        request=request,
        organisation=peer.organisation,
        actor=membership.user,
        obj=peer,
        requested_by="peer",
        made_by="peer" if own else membership.role,
        reason=reason.strip() if not own else _("asked on their own page"),
        records=export.counts,
        withheld=export.withheld,
    )
    return export


# --- erasure ----------------------------------------------------------------------------------------


@transaction.atomic
def peer_erase(*, peer: PeerWorker, by: User, reason: str, request: HttpRequest | None = None) -> PeerWorker:
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the peer's details are erased (e.g. their request).")})
    if peer.preferred_name.startswith(ERASED_PREFIX) and peer.user_id is None:
        raise ValidationError(_("This peer's details were already erased."))
    return erase_identity(peer, by=by, reason=reason.strip(), request=request)
