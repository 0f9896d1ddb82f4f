"""The database bench/capacity.py serves: the demo organisation beside a realistic one, and sign-ins.

The realistic organisation has 2,000 peers on a four-stage ladder at three sites, a year of shifts
with their attendances and service records (year_data.py, COPY), a payout and a
ledger payment for every shift worked (today's still owed at the desk), benefit rules, open cash
boxes, next week's open shifts with sign-ups and the allocation run over them, and its rollups.

Import after ``django.setup()``; ``build`` expects a migrated-to-nothing, empty database.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from importlib import import_module

import year_data  # bench/loadkit
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core import signing
from django.core.management import call_command
from django.db import connection, models
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from peerwork.accounts.middleware import SESSION_KIOSK, SESSION_ORG
from peerwork.accounts.models import Membership, User
from peerwork.accounts.roles import Role as MemberRole
from peerwork.accounts.services import kiosk_cookie_salt, kiosk_register
from peerwork.accounts.tokens import api_token_create
from peerwork.insights.services import rollups_refresh
from peerwork.orgs.models import Organisation, Site
from peerwork.pay.models import EarningsRule, LedgerEntry, Payout, PayRate, PeerEarningsRule
from peerwork.pay.services.cash import cash_box_open
from peerwork.peers.models import PeerWorker
from peerwork.peers.services import peer_card_issue
from peerwork.shifts import services as shift_services
from peerwork.shifts.models import AllocationRun, Role, Shift, ShiftStatus, SignUp

DAYS = 365
PEERS = 2000
SHIFTS = 20_000  # a year: about 55 shifts a day over three sites
ATTENDANCES = 150_000  # about 1.5 shifts a week for each peer
SERVICES = 500_000  # services recorded over the year
NEXT_WEEK_SHIFTS = 300
ASKING_PEERS = 1200  # peers who ask for shifts next week, two to four each
HOURLY = Decimal("25.00")
BACKEND = "django.contrib.auth.backends.ModelBackend"


@dataclass
class SignIns:
    """One session (or token) per wrk connection, so that concurrent requests do not all update
    the same session row, as eight people at eight browsers would not."""

    coordinator: list[str]
    admin: list[str]
    kiosk: list[str]
    kiosk_cookie: str
    tokens: list[str]
    peer_id: int
    run_id: int


def _staff(org: Organisation, username: str, role: str) -> User:
    user = User.objects.create_user(username=username, display_name=username.title())
    Membership.objects.create(user=user, organisation=org, role=role)
    TOTPDevice.objects.create(user=user, name="Bench authenticator", confirmed=True)
    return user


def _session(user: User, **values: object) -> str:
    """A signed-in session made as ``login()`` makes it, without a request."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = BACKEND
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.update(values)
    store.create()
    return str(store.session_key)


def _more_columns(model: type[models.Model], given: str) -> tuple[str, str]:
    """The NOT NULL columns an INSERT … SELECT does not name, with their defaults as SQL literals."""
    columns, values = year_data.constant_columns(model, given)
    return "".join(f", {c}" for c in columns), "".join(", '" + v.replace("'", "''") + "'" for v in values)


def _pay(org: Organisation, peer_ids: list[int], first: date, today: date) -> None:
    """A payout for every shift worked, paid through the ledger on the day; today's still owed."""
    for role in Role.objects.filter(organisation=org):
        PayRate.objects.create(organisation=org, role=role, amount=HOURLY, effective_from=first)
    rule = EarningsRule.objects.create(
        organisation=org,
        jurisdiction="Ontario",
        name="ODSP",
        period="month",
        exempt_amount=1000,
        effective_from=first - timedelta(days=365),
    )
    PeerEarningsRule.objects.bulk_create(
        PeerEarningsRule(organisation=org, peer_id=pid, rule=rule, starts_on=first) for pid in peer_ids[::4]
    )
    payout_cols = (
        "organisation_id, peer_id, site_id, source, assignment_id, hours, amount, currency, earned_on, "
        "description, reason, timing, reference, status, created_at"
    )
    more_cols, more = _more_columns(Payout, payout_cols)
    ledger_cols = (
        "organisation_id, kind, peer_id, payout_id, method, amount, currency, occurred_on, memo, created_at"
    )
    ledger_more_cols, ledger_more = _more_columns(LedgerEntry, ledger_cols)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO pay_payout ({payout_cols}{more_cols})
                SELECT a.organisation_id, a.peer_id, s.site_id, 'shift', a.id,
                       round(extract(epoch FROM s.ends_at - s.starts_at) / 3600, 2),
                       round(extract(epoch FROM s.ends_at - s.starts_at) / 3600 * %(hourly)s, 2),
                       %(currency)s,
                       (s.starts_at AT TIME ZONE %(tz)s)::date, 'Shift worked', '', 'after', '',
                       CASE WHEN (s.starts_at AT TIME ZONE %(tz)s)::date < %(today)s
                            THEN 'paid' ELSE 'pending' END,
                       a.checked_out_at{more}
                FROM shifts_assignment a JOIN shifts_shift s ON s.id = a.shift_id
                WHERE a.organisation_id = %(org)s AND a.status = 'completed'""",  # noqa: S608 - column names
            {"org": org.pk, "tz": org.time_zone, "today": today, "currency": org.currency, "hourly": HOURLY},
        )
        cursor.execute(
            f"""INSERT INTO pay_ledgerentry ({ledger_cols}{ledger_more_cols})
                SELECT organisation_id, 'payout', peer_id, id, 'cash', amount, currency, earned_on, '',
                       created_at{ledger_more}
                FROM pay_payout WHERE organisation_id = %(org)s AND status = 'paid'""",  # noqa: S608
            {"org": org.pk},
        )


def _next_week(org: Organisation, sites: list[Site], peer_ids: list[int], today: date, by: User) -> int:
    """Next week's open shifts, the sign-ups of 1,200 peers, and the allocation run to review."""
    rng = random.Random(20261205)
    monday = today + timedelta(days=7 - today.weekday())
    roles = list(Role.objects.filter(organisation=org).order_by("pk"))
    shifts = Shift.objects.bulk_create(
        Shift(
            organisation=org,
            site=sites[n % len(sites)],
            role=roles[n % len(roles)],
            starts_at=datetime.combine(
                monday + timedelta(days=n % 7), time(9 + 4 * (n // 7 % 3)), tzinfo=org.zone
            ),
            ends_at=datetime.combine(
                monday + timedelta(days=n % 7), time(13 + 4 * (n // 7 % 3)), tzinfo=org.zone
            ),
            slots=rng.randint(2, 8),
            status=ShiftStatus.OPEN,
        )
        for n in range(NEXT_WEEK_SHIFTS)
    )
    SignUp.objects.bulk_create(
        SignUp(organisation=org, shift=shift, peer_id=pid, rank=rank)
        for pid in rng.sample(peer_ids, ASKING_PEERS)
        for rank, shift in enumerate(rng.sample(shifts, rng.randint(2, 4)), start=1)
    )
    run = shift_services.allocation_run(organisation=org, week_start=monday, by=by, seed=1)
    return run.pk


def build(bench_url: str, *, sessions: int) -> SignIns:
    """Migrate, load both organisations and return the sign-ins the bench drives them with."""
    call_command("migrate", verbosity=0)
    call_command("demo", stdout=io.StringIO())
    org = Organisation.objects.create(
        name="Harbourside Peer Network",
        slug="harbourside",
        country="CA",
        currency="CAD",
        time_zone="America/Toronto",
    )
    sites = [Site.objects.create(organisation=org, name=n) for n in ("North", "South", "Harbour")]
    today = org.today()
    first = today - timedelta(days=DAYS - 1)
    hours = year_data.stamps(first, DAYS)
    peer_ids, _stages, roles = year_data.people(org, sites, first, count=PEERS, days=DAYS)
    year_data.shifts_worked(
        bench_url, org, sites, roles, peer_ids, hours, shifts=SHIFTS, attendances=ATTENDANCES
    )
    year_data.services(bench_url, org, sites, hours, rows=SERVICES)
    coordinator = _staff(org, "bench-coordinator", MemberRole.COORDINATOR)
    _staff(org, "bench-admin", MemberRole.ORG_ADMIN)
    _pay(org, peer_ids, first, today)
    for site in sites:
        cash_box_open(organisation=org, site=site, opening_float="200.00", actor=coordinator)
    run_id = _next_week(org, sites, peer_ids, today, coordinator)
    rollups_refresh(organisation=org, first_day=first, last_day=today)

    # The kiosk peer: the first peer (of the kiosk's site), with a year of shifts and pay.
    peer = PeerWorker.objects.get(pk=peer_ids[0])
    peer_card_issue(peer=peer, issued_by=coordinator)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would after a big load
    return sign_ins(sessions=sessions, run_id=run_id)


def sign_ins(*, sessions: int, run_id: int | None = None) -> SignIns:
    """Fresh sessions, tokens and a kiosk for a built database (``build``'s, or one kept from an
    earlier run, whose sessions have run out or were signed with another key)."""
    org = Organisation.objects.get(slug="harbourside")
    coordinator = User.objects.get(username="bench-coordinator")
    admin = User.objects.get(username="bench-admin")
    peer = PeerWorker.objects.filter(organisation=org, user__isnull=False).order_by("pk").first()
    assert peer is not None and peer.user is not None
    if run_id is None:
        run_id = AllocationRun.objects.filter(organisation=org).latest("pk").pk
    site = Site.objects.filter(organisation=org).order_by("pk").first()
    assert site is not None
    kiosk, raw = kiosk_register(organisation=org, site=site, name="Front desk", registered_by=admin)
    cookie = signing.get_cookie_signer(salt=settings.PEERWORK_KIOSK_COOKIE + kiosk_cookie_salt()).sign(raw)
    staff = {SESSION_ORG: org.pk}
    coordinator_device = TOTPDevice.objects.get(user=coordinator)
    admin_device = TOTPDevice.objects.get(user=admin)
    return SignIns(
        coordinator=[
            _session(coordinator, **staff, **{DEVICE_ID_SESSION_KEY: coordinator_device.persistent_id})
            for _ in range(sessions)
        ],
        admin=[
            _session(admin, **staff, **{DEVICE_ID_SESSION_KEY: admin_device.persistent_id})
            for _ in range(sessions)
        ],
        kiosk=[
            _session(peer.user, **{SESSION_KIOSK: kiosk.pk, SESSION_ORG: org.pk}) for _ in range(sessions)
        ],
        kiosk_cookie=cookie,
        tokens=[
            api_token_create(user=coordinator, organisation=org, name=f"capacity bench {n}")[1]
            for n in range(sessions)
        ],
        peer_id=peer.pk,
        run_id=run_id,
    )
