"""`peerwork demo` builds Riverside Community Health and prints sign-ins that work."""

import io
import re

from django.core.management import call_command
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from peerwork.accounts.models import KioskDevice, Membership
from peerwork.accounts.roles import Role
from peerwork.core.demo import DEMO_PASSWORD, DEMO_SLUG
from peerwork.orgs.models import Organisation
from peerwork.peers.models import PeerStatus, PeerWorker
from peerwork.planner.models import PlannerRun


def _demo() -> str:
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def test_the_demo_builds_the_organisation_staff_and_a_kiosk(db, demo):
    printed = demo
    org = Organisation.objects.get(slug=DEMO_SLUG)
    assert (org.name, org.country, org.currency, org.time_zone) == (
        "Riverside Community Health",
        "CA",
        "CAD",
        "America/Toronto",
    )
    assert org.sites.count() == 2
    roles = set(Membership.objects.filter(organisation=org).values_list("role", flat=True))
    assert {Role.ORG_ADMIN, Role.COORDINATOR, Role.SUPERVISOR, Role.EVALUATOR} <= roles
    assert KioskDevice.objects.filter(organisation=org).count() == 1
    assert DEMO_PASSWORD in printed and "otpauth://totp/" in printed and "/accounts/kiosk/pair/" in printed


def test_printed_sign_ins_work_with_the_authenticator_key_and_backup_codes(db, demo):
    printed = demo
    device = TOTPDevice.objects.get(user__username="admin")
    client = Client()
    client.post("/accounts/sign-in/", {"username": "admin", "password": DEMO_PASSWORD})
    code = f"{totp(device.bin_key):06d}"
    assert (
        client.post("/accounts/two-step/", {"token": code, "next": "/org/sites/"})["Location"]
        == "/org/sites/"
    )
    backup = re.search(r"coordinator\s+(\d{8})", printed).group(1)
    other = Client()
    other.post("/accounts/sign-in/", {"username": "coordinator", "password": DEMO_PASSWORD})
    assert other.post("/accounts/two-step/", {"token": backup})["Location"] == "/"
    evaluator = Client()
    assert (
        evaluator.post("/accounts/sign-in/", {"username": "evaluator", "password": DEMO_PASSWORD})["Location"]
        == "/"
    )
    link = re.search(r"http://[^ ]+(/accounts/kiosk/pair/[^ ]+/)", printed).group(1)
    tablet = Client()
    assert tablet.post(link)["Location"] == "/accounts/kiosk/"
    assert tablet.get("/accounts/kiosk/").status_code == 200


def test_a_second_run_prints_the_sign_ins_again(db, demo):
    again = _demo()
    assert "already loaded" in again
    assert "otpauth://totp/" in again and "/accounts/kiosk/pair/" in again
    assert Organisation.objects.filter(slug=DEMO_SLUG).count() == 1


def test_every_peer_printed_for_the_kiosk_is_still_active_after_the_whole_demo(db, demo):
    printed = demo
    names = re.findall(r"^    (\w+): PIN \d{4}$", printed, flags=re.M)
    org = Organisation.objects.get(slug=DEMO_SLUG)
    assert len(names) == 3
    for name in names:
        peer = PeerWorker.objects.get(organisation=org, preferred_name=name)
        assert peer.status == PeerStatus.ACTIVE, f"{name} is printed with a PIN but is {peer.status}"
    leaver = re.search(r"Work record: (\w+) left for a job", printed)
    assert leaver and leaver.group(1) not in names


def test_in_the_demo_peer_lead_work_shortens_the_time_at_senior_peer(db, demo):
    """The Regent Park remedy: senior peers bring their paper hours; next-stage places shorten their wait."""
    printed = demo
    org = Organisation.objects.get(slug=DEMO_SLUG)
    seniors = PeerWorker.objects.filter(organisation=org, position__stage__name="Senior peer")
    assert seniors.exists()
    assert all(300 <= peer.hours_before <= 440 for peer in seniors)
    assert all(peer.hours_before_recorded_by and peer.hours_before_source for peer in seniors)
    runs = {
        run.scenario.name: run
        for run in PlannerRun.objects.filter(organisation=org, kind=PlannerRun.Kind.FORECAST).select_related(
            "scenario"
        )
    }
    senior = runs["As today"].result["stage_names"].index("Senior peer")

    def weeks(name: str) -> float:
        return runs[name].result["bands"]["time_at_stage"][senior]["p50"][-1]

    assert weeks("Peer-lead work") < weeks("As today") - 10
    assert f"{weeks('As today'):.1f} as today, {weeks('Peer-lead work'):.1f} with peer-lead work" in printed
