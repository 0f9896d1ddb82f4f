"""Demo peers: 45 people with sites, how they came, some on a break or gone, and kiosk PINs."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from peerwork.accounts.models import PeerCredential
from peerwork.core.demo import DemoContext

from .models import PaymentPreference, PeerStatus, PeerWorker, ReferralSource
from .services import peer_card_issue, peer_create

NAMES = (
    "Alex",
    "Bea",
    "Carlos",
    "Dee",
    "Eli",
    "Fatima",
    "Gus",
    "Hana",
    "Ira",
    "Jojo",
    "Kai",
    "Lena",
    "Marcus",
    "Nia",
    "Omar",
    "Pia",
    "Quinn",
    "Rosa",
    "Sol",
    "Tariq",
    "Uma",
    "Vic",
    "Wren",
    "Xavi",
    "Yara",
    "Zeke",
    "Ada",
    "Bo",
    "Cleo",
    "Dmitri",
    "Esme",
    "Finn",
    "Gia",
    "Hugo",
    "Ines",
    "Jae",
    "Kofi",
    "Lou",
    "Mika",
    "Nadia",
    "Otto",
    "Priya",
    "Reggie",
    "Sasha",
    "Theo",
)
PRONOUNS = ("", "", "she/her", "he/him", "they/them")
LANGUAGES = (
    "English",
    "English",
    "English, French",
    "English, Spanish",
    "English, Ojibwe",
    "English, Arabic",
)
# Three PINs, hashed once each: hashing 45 PINs one by one (about a second each) would make the demo slow.
DEMO_PINS = ("4817", "3947", "5261")  # not common PINs; three, so the three kiosk peers shown differ


def build(ctx: DemoContext) -> None:
    org, sites, rng = ctx["org"], ctx["sites"], ctx.rng
    coordinator = ctx["staff"]["coordinator"]
    peers: list[PeerWorker] = []
    for index, name in enumerate(NAMES):
        # Earlier names joined earlier: a year of intake, a few in the last fortnight.
        joined = ctx.today - timedelta(
            days=max(1, int(400 * (1 - index / len(NAMES)) ** 1.3) + rng.randint(0, 6))
        )
        referred_by = rng.choice(peers) if peers and rng.random() < 0.45 else None
        peer = peer_create(
            organisation=org,
            preferred_name=name,
            created_by=coordinator,
            sites=rng.sample(sites, k=rng.choice((1, 1, 2))),
            pronouns=rng.choice(PRONOUNS),
            languages=rng.choice(LANGUAGES),
            joined_on=joined,
            referral_source=ReferralSource.PEER
            if referred_by
            else rng.choice((ReferralSource.OUTREACH, ReferralSource.SELF, ReferralSource.AGENCY)),
            referred_by=referred_by,
            payment_preference=rng.choice(
                (
                    PaymentPreference.CASH,
                    PaymentPreference.CASH,
                    PaymentPreference.TRANSFER,
                    PaymentPreference.VOUCHER,
                )
            ),
            phone=f"416555{1000 + index:04d}" if rng.random() < 0.5 else "",
            legal_name=f"{name} {rng.choice(('Martin', 'Singh', 'Nguyen', 'Brown', 'Cohen', 'Hill'))}",
            benefit_details=rng.choice(("", "ODSP", "Ontario Works", "")),
        )
        peer_card_issue(peer=peer, issued_by=coordinator)
        peers.append(peer)
    hashes = {pin: make_password(pin) for pin in DEMO_PINS}
    for index, peer in enumerate(peers):
        PeerCredential.objects.filter(user__peer_profile=peer).update(
            pin_hash=hashes[DEMO_PINS[index % len(DEMO_PINS)]], pin_set_at=timezone.now()
        )
    for peer in rng.sample(peers[5:40], 6):
        peer.status = PeerStatus.ON_BREAK if rng.random() < 0.6 else PeerStatus.LEFT
        peer.save(update_fields=["status"])
    ctx["peers"] = peers
    shown = [p for p in peers if p.status == PeerStatus.ACTIVE][:3]
    ctx["kiosk_peers"] = shown  # printed with their PINs: later builders keep them active
    ctx.sign_ins.append("  Peers at the kiosk (front desk tablet): tap your name, then the PIN:")
    for peer in shown:
        ctx.sign_ins.append(f"    {peer.preferred_name}: PIN {DEMO_PINS[peers.index(peer) % len(DEMO_PINS)]}")
