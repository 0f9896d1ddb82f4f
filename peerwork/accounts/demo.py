"""Demo staff (one per role), their second step, and a registered kiosk.

The three roles that need 2FA share one fixed authenticator key, printed with an otpauth URL,
and each has backup codes, so every printed sign-in works without a phone.
"""

from __future__ import annotations

import base64
import hashlib
import os
from datetime import timedelta

from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from peerwork.core.demo import DEMO_PASSWORD, DEMO_SLUG, DemoContext

from .models import KioskDevice, Membership, User
from .roles import TWO_FACTOR_ROLES, Role
from .services import kiosk_pairing_link_create, kiosk_register

DEMO_TOTP_KEY = hashlib.sha1(b"peerwork riverside demo authenticator").hexdigest()  # noqa: S324 - a fixed demo key
DEMO_STAFF = (
    ("admin", "Amara Okafor", Role.ORG_ADMIN),
    ("coordinator", "Chris Tremblay", Role.COORDINATOR),
    ("supervisor", "Sam Lindqvist", Role.SUPERVISOR),
    ("evaluator", "Eva Brouwer", Role.EVALUATOR),
)
DEMO_KIOSK_NAME = "Front desk tablet"
BACKUP_CODES_PER_PERSON = 5


def base_url() -> str:
    return (os.environ.get("PEERWORK_BASE_URL") or "http://127.0.0.1:8000").rstrip("/")


def demo_secret_base32() -> str:
    return base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode("ascii").rstrip("=")


def build(ctx: DemoContext) -> None:
    org = ctx["org"]
    users: dict[str, User] = {}
    for username, name, role in DEMO_STAFF:
        user = User(username=username, display_name=name)
        user.set_password(DEMO_PASSWORD)
        user.save()
        Membership.objects.create(user=user, organisation=org, role=role)
        users[username] = user
        if role in TWO_FACTOR_ROLES:
            TOTPDevice.objects.create(user=user, name="Demo authenticator", key=DEMO_TOTP_KEY, confirmed=True)
            backup = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
            for _ in range(BACKUP_CODES_PER_PERSON):
                StaticToken.objects.create(device=backup, token=f"{ctx.rng.randrange(10**7, 10**8)}")
    ctx["users"] = users
    ctx["staff"] = users
    kiosk, _raw = kiosk_register(
        organisation=org, site=ctx["sites"][0], name=DEMO_KIOSK_NAME, registered_by=users["admin"]
    )
    ctx["kiosk"] = kiosk
    ctx.sign_ins.extend(sign_in_lines())


def sign_in_lines() -> list[str]:
    """How to sign in to the demo; reissues the one-time kiosk link each time it is asked."""
    url = base_url()
    lines = [
        "Demo sign-ins — Riverside Community Health",
        f"  Staff: open {url}{reverse('accounts:sign_in')}",
        f"    password for every staff account: {DEMO_PASSWORD}",
    ]
    staff = {
        m.user.username: m
        for m in Membership.objects.filter(
            organisation__slug=DEMO_SLUG, user__username__in=[s[0] for s in DEMO_STAFF]
        ).select_related("user")
    }
    for username, _name, role in DEMO_STAFF:
        membership = staff.get(username)
        if membership is None:
            continue
        step = "then a code (see below)" if role in TWO_FACTOR_ROLES else "no second step"
        lines.append(f"    {username:<12} {membership.user.display_name:<16} {role.label} — {step}")
    lines += [
        "  Second step for admin, coordinator and supervisor: add this key to an authenticator app",
        f"    key {demo_secret_base32()}",
        f"    otpauth://totp/Peerwork%20demo?secret={demo_secret_base32()}&issuer=Peerwork",
        "    or type one of these one-time backup codes:",
    ]
    for username, _name, role in DEMO_STAFF:
        if role not in TWO_FACTOR_ROLES:
            continue
        codes = StaticToken.objects.filter(device__user__username=username).values_list("token", flat=True)
        lines.append(
            f"    {username:<12} {' '.join(sorted(codes)) or '(all used: use the authenticator key)'}"
        )
    kiosk = KioskDevice.objects.filter(
        organisation__slug=DEMO_SLUG, name=DEMO_KIOSK_NAME, revoked_at__isnull=True
    ).first()
    if kiosk is not None:
        code = kiosk_pairing_link_create(device=kiosk, lifetime=timedelta(days=30))
        lines += [
            f"  Kiosk ({kiosk.site.name}): open this one-time link in a browser to make it the demo kiosk,",
            f"    {url}{reverse('accounts:kiosk_pair', kwargs={'code': code})}",
            f"    then peers sign in at {url}{reverse('accounts:kiosk')} with their name and PIN.",
        ]
    return lines
