"""The database bench/scaleout.py runs on, and the checks it makes afterwards.

``build`` loads the demo organisation (riverside) and a busy week: next week's extra open shifts
with sign-ups and their allocation run, a shift running now at the kiosk's site with a place for
each kiosk peer, a shift for offline sync, assignments whose reminders the harness queues (one
phone number each), owed payouts the traffic pays. It signs in a coordinator (sessions, an API
token) and kiosk peers (capacity_data's helpers). The checks read what the run left: tasks done
once, sync records stored once, the pay ledger agreeing with the payouts.

Import after ``django.setup()``; ``build`` expects an empty database.
"""

from __future__ import annotations

import io
import json
import random
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import capacity_data  # bench/loadkit
from django.conf import settings
from django.core import signing
from django.core.management import call_command
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from peerwork.accounts.middleware import SESSION_KIOSK, SESSION_ORG
from peerwork.accounts.roles import Role as MemberRole
from peerwork.accounts.services import kiosk_cookie_salt, kiosk_register
from peerwork.accounts.tokens import api_token_create
from peerwork.insights.models import ReportRun, RollupRefresh
from peerwork.orgs.models import Organisation
from peerwork.pay import selectors as pay_selectors
from peerwork.pay.models import LedgerEntry, LedgerKind, Payout, PayoutStatus
from peerwork.peers.models import PeerWorker
from peerwork.peers.services import peer_card_issue
from peerwork.services.models import ImportJob, ImportStatus, ServiceEntry
from peerwork.shifts import rules
from peerwork.shifts import services as shift_services
from peerwork.shifts.models import Assignment, AssignmentStatus, ReminderLog, Role, Shift, ShiftStatus, SignUp

DEMO_SLUG = "riverside"
BUSY_SHIFTS = 120  # next week's extra open shifts, over both sites
REMINDER_PEERS = 24  # peers whose reminders the harness queues, one phone number each
PAYOUTS = 40  # owed payouts the traffic pays through the API


@dataclass
class Fixture:
    """What the traffic signs in with, and the rows the harness queues tasks for."""

    org_id: int
    user_id: int
    coordinator: list[str]  # one session per connection
    sticky: str  # the session the sessions-kept check uses on one node, then the other
    token: str
    kiosk_cookie: str
    kiosk: list[tuple[str, int]]  # (session key, assignment to check in) per kiosk peer
    sync_shift: int
    reminder_assignments: list[int]
    payouts: list[int]
    sync_time: str


def _busy_week(org: Organisation, by: object) -> list[Shift]:
    """Next week's extra open shifts with two to four sign-ups from each active peer, and the run."""
    rng = random.Random(20261205)
    today = org.today()
    monday = today + timedelta(days=7 - today.weekday())
    sites = list(org.sites.order_by("pk"))
    roles = list(Role.objects.filter(organisation=org).order_by("pk"))
    shifts = Shift.objects.bulk_create(
        Shift(
            organisation=org,
            site=sites[n % len(sites)],
            role=roles[n % len(roles)],
            starts_at=datetime.combine(
                monday + timedelta(days=n % 7), time(8 + 3 * (n // 7 % 4)), tzinfo=org.zone
            ),
            ends_at=datetime.combine(
                monday + timedelta(days=n % 7), time(11 + 3 * (n // 7 % 4)), tzinfo=org.zone
            ),
            slots=rng.randint(2, 5),
            status=ShiftStatus.OPEN,
        )
        for n in range(BUSY_SHIFTS)
    )
    peers = list(PeerWorker.objects.filter(organisation=org, status="active").values_list("pk", flat=True))
    SignUp.objects.bulk_create(
        (
            SignUp(organisation=org, shift=shift, peer_id=pid, rank=rank)
            for pid in peers
            for rank, shift in enumerate(rng.sample(shifts, rng.randint(2, 4)), start=1)
        ),
        ignore_conflicts=True,
    )
    shift_services.allocation_run(organisation=org, week_start=monday, by=by, seed=1)  # type: ignore[arg-type]
    return shifts


def _now_shift(org: Organisation, site_index: int) -> Shift:
    sites = list(org.sites.order_by("pk"))
    now = timezone.now()
    return Shift.objects.create(
        organisation=org,
        site=sites[site_index],
        role=Role.objects.filter(organisation=org).order_by("pk").first(),
        starts_at=now - timedelta(minutes=10),
        ends_at=now + timedelta(hours=4),
        slots=40,
        status=ShiftStatus.PUBLISHED,
    )


def _kiosk_places(org: Organisation, count: int, by: object) -> tuple[object, list[tuple[PeerWorker, int]]]:
    """A kiosk at the first site and a place for ``count`` peers on a shift there, running now."""
    shift = _now_shift(org, 0)
    places = []
    for peer in PeerWorker.objects.filter(organisation=org, status="active", user__isnull=False).order_by(
        "pk"
    ):
        if len(places) == count:
            break
        if not rules.may_take(peer, shift).ok:
            continue
        assignment = Assignment.objects.create(
            organisation=org, shift=shift, peer=peer, status=AssignmentStatus.ASSIGNED
        )
        peer_card_issue(peer=peer, issued_by=by)  # type: ignore[arg-type]
        places.append((peer, assignment.pk))
    kiosk, raw = kiosk_register(organisation=org, site=shift.site, name="Scale-out desk", registered_by=by)  # type: ignore[arg-type]
    cookie = signing.get_cookie_signer(salt=settings.PEERWORK_KIOSK_COOKIE + kiosk_cookie_salt()).sign(raw)
    return (kiosk, cookie), places


def _reminder_places(org: Organisation, shifts: list[Shift]) -> list[int]:
    """One next-week place for each of ``REMINDER_PEERS`` peers, each with a phone of their own."""
    peers = list(
        PeerWorker.objects.filter(organisation=org, status="active").order_by("-pk")[:REMINDER_PEERS]
    )
    made = []
    for n, peer in enumerate(peers):
        PeerWorker.objects.filter(pk=peer.pk).update(
            phone=f"+1416555{n:04d}", email="", reminders_opt_out=False
        )
        assignment, _ = Assignment.objects.get_or_create(
            organisation=org, shift=shifts[n], peer=peer, defaults={"status": AssignmentStatus.ASSIGNED}
        )
        made.append(assignment.pk)
    return made


def _payable(org: Organisation) -> list[int]:
    """Owed payouts that no benefit limit holds back: paying each by transfer must succeed."""
    today = org.today()
    found = []
    for payout in Payout.objects.filter(organisation=org, status=PayoutStatus.PENDING).order_by("pk"):
        if pay_selectors.payout_limit_check(payout, today) is None:
            found.append(payout.pk)
        if len(found) == PAYOUTS:
            break
    return found


def build(*, connections: int) -> Fixture:
    """Migrate, load the demo and the busy week, and return what the traffic signs in with."""
    call_command("migrate", verbosity=0)
    call_command("demo", stdout=io.StringIO())
    org = Organisation.objects.get(slug=DEMO_SLUG)
    coordinator = capacity_data._staff(org, "scaleout-coordinator", MemberRole.COORDINATOR)
    admin = capacity_data._staff(org, "scaleout-admin", MemberRole.ORG_ADMIN)
    device = TOTPDevice.objects.get(user=coordinator)
    busy = _busy_week(org, coordinator)
    (kiosk, cookie), places = _kiosk_places(org, connections, admin)
    sync_shift = _now_shift(org, 1)
    staff = {SESSION_ORG: org.pk, DEVICE_ID_SESSION_KEY: device.persistent_id}
    sessions = [capacity_data._session(coordinator, **staff) for _ in range(connections + 1)]
    return Fixture(
        org_id=org.pk,
        user_id=coordinator.pk,
        coordinator=sessions[:-1],
        sticky=sessions[-1],
        token=api_token_create(user=coordinator, organisation=org, name="scale-out bench")[1],
        kiosk_cookie=cookie,
        kiosk=[
            (capacity_data._session(peer.user, **{SESSION_KIOSK: kiosk.pk, SESSION_ORG: org.pk}), pk)
            for peer, pk in places
        ],
        sync_shift=sync_shift.pk,
        reminder_assignments=_reminder_places(org, busy),
        payouts=_payable(org),
        sync_time=timezone.now().isoformat(),
    )


def sync_records(shift_id: int, when: str, count: int) -> list[dict[str, object]]:
    """``count`` new offline records, each with the id a device makes for it."""
    return [
        {
            "uuid": str(uuid.uuid4()),
            "type": "entry",
            "shift": shift_id,
            "occurred_at": when,
            "kind": "contact",
            "quantity": 1,
            "client_code": "F-ABCD-1980",
        }
        for _ in range(count)
    ]


# --- checks -------------------------------------------------------------------------------------


@dataclass
class TaskCheck:
    """What became of the tasks the harness queued: each should be done, once."""

    total: int = 0
    lost: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # finished, but as failed (an error, not a loss)

    @property
    def pending(self) -> int:
        return len(self.lost)


def sms_sent(outbox: Path) -> Counter[str]:
    """Texts written by the file SMS backend, per number."""
    folder = outbox / "sms"
    return (
        Counter(json.loads(p.read_text())["to"] for p in folder.glob("*.json"))
        if folder.exists()
        else Counter()
    )


def tasks_check(made: dict[str, list], outbox: Path) -> TaskCheck:
    """Every import done with its rows once, every refresh and report done, every reminder sent once."""
    check = TaskCheck()
    for job_id, rows in made["imports"]:
        check.total += 1
        job = ImportJob.objects.get(pk=job_id)
        stored = ServiceEntry.objects.filter(import_job_id=job_id).count()
        if job.status != ImportStatus.DONE:
            (check.failed if job.status == ImportStatus.FAILED else check.lost).append(
                f"import {job_id} {job.status} {job.message!r}"
            )
        elif job.rows_saved != rows or stored != rows:
            check.lost.append(f"import {job_id} saved {job.rows_saved} stored {stored} of {rows}")
        if stored > rows:
            check.duplicates.append(f"import {job_id} stored {stored} rows of {rows}")
    for model, key in ((RollupRefresh, "rollups"), (ReportRun, "reports")):
        for pk in made[key]:
            check.total += 1
            row = model.objects.get(pk=pk)
            status = row.status
            if status == model.Status.FAILED:
                check.failed.append(f"{key} {pk} failed: {row.message[:120]!r}")
            elif status != model.Status.DONE:
                check.lost.append(f"{key} {pk} {status}")
    texts = sms_sent(outbox)
    for log in ReminderLog.objects.filter(pk__in=made["reminders"]):
        check.total += 1
        sent = texts[log.to] if log.channel == "sms" else int(log.sent_at is not None)
        if sent == 0 or log.sent_at is None:
            check.lost.append(f"reminder {log.pk} to {log.to}: {sent} sent")
        if sent > 1:
            check.duplicates.append(f"reminder {log.pk} to {log.to}: {sent} texts")
    return check


def tasks_settled(made: dict[str, list]) -> bool:
    """No task the harness queued is still waiting or running."""
    jobs = ImportJob.objects.filter(pk__in=[job for job, _rows in made["imports"]])
    open_runs = Q(status__in=["queued", "running"])
    return not (
        jobs.filter(status__in=[ImportStatus.QUEUED, ImportStatus.CHECKING, ImportStatus.SAVING]).exists()
        or RollupRefresh.objects.filter(open_runs, pk__in=made["rollups"]).exists()
        or ReportRun.objects.filter(open_runs, pk__in=made["reports"]).exists()
        or ReminderLog.objects.filter(pk__in=made["reminders"], sent_at__isnull=True).exists()
    )


def follow_refreshes(org_id: int) -> Counter[str]:
    """The rollup refreshes the writes queued themselves (insights/follow.py), by status."""
    rows = RollupRefresh.objects.filter(organisation_id=org_id, requested_by__isnull=True)
    return Counter(dict(rows.values_list("status").annotate(n=Count("pk")).values_list("status", "n")))


def sync_check(posted: set[str], acknowledged: set[str]) -> tuple[int, int, int]:
    """(stored, duplicates, lost) for the records posted: each id once, every acknowledged one kept."""
    counts = Counter(
        str(u)
        for u in ServiceEntry.objects.filter(client_uuid__in=list(posted)).values_list(
            "client_uuid", flat=True
        )
    )
    duplicates = sum(n - 1 for n in counts.values() if n > 1)
    lost = sum(1 for u in acknowledged if counts[u] == 0)
    return len(counts), duplicates, lost


def checked_in(assignments: list[int]) -> int:
    return Assignment.objects.filter(pk__in=assignments, status=AssignmentStatus.CHECKED_IN).count()


def ledger_check(org_id: int, paid: set[int]) -> list[str]:
    """Problems with the pay ledger: a payout paid more than its amount, or whose status disagrees
    with its payments, a payout the traffic paid without exactly one payment, a peer whose payments
    differ from what their payouts say was paid."""
    problems = []
    payments = Q(ledger_entries__kind__in=[LedgerKind.PAYOUT, LedgerKind.REVERSAL])
    payouts = Payout.objects.filter(organisation_id=org_id).annotate(
        paid_sum=Sum("ledger_entries__amount", filter=payments),
        payments=Count("ledger_entries", filter=Q(ledger_entries__kind=LedgerKind.PAYOUT)),
    )
    by_peer: Counter[int] = Counter()
    for payout in payouts:
        got = payout.paid_sum or Decimal("0.00")
        by_peer[payout.peer_id] += got  # type: ignore[assignment]
        wrong = (
            got > payout.amount
            or (payout.status == PayoutStatus.PAID and got != payout.amount)
            or (payout.status == PayoutStatus.PENDING and got != 0)
            or (payout.pk in paid and payout.payments != 1)
        )
        if wrong:
            problems.append(
                f"payout {payout.pk} {payout.status} amount {payout.amount} paid {got} in {payout.payments}"
            )
    entries = LedgerEntry.objects.filter(
        organisation_id=org_id, kind__in=[LedgerKind.PAYOUT, LedgerKind.REVERSAL]
    )
    for peer_id, total in entries.values_list("peer_id").annotate(total=Sum("amount")):
        if peer_id is not None and total != by_peer[peer_id]:
            problems.append(f"peer {peer_id} ledger {total} payouts {by_peer[peer_id]}")
    return problems
