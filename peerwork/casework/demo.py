"""Demo casework: a peer support worker (the first kiosk peer) with two clients on the caseload, each
with a recovery plan and two months of sessions; one referral followed up, one still open; and one client
handed over to a second worker. The clients are the codes the questionnaire demo gave check-ins, so
their recovery-capital scores show beside the plan."""

from __future__ import annotations

import random
from datetime import timedelta

from peerwork.core.demo import DEMO_SEED, DemoContext

from .models import Outcome, Place, Progress, SessionKind
from .services import (
    case_client_add,
    case_handover,
    case_referral_follow_up,
    case_referral_make,
    case_session_record,
    recovery_plan_save,
)

# Two of the client codes the questionnaire demo records check-ins for (assessments/demo.py).
CLIENTS = (
    ("F-ANDE-1984", ("Keep the room at the shelter", "Get back in touch with a sister", "Start methadone")),
    ("M-BROW-1979", ("Find day work", "Sort out the benefit letters")),
)
NEXT_STEPS = (
    "walk to the housing office together",
    "phone the clinic about the intake",
    "bring the benefit letters next time",
    "meet at the drop-in after lunch",
    "check in by phone on Friday",
    "",
)


def build(ctx: DemoContext) -> None:
    organisation = ctx["org"]
    # Its own generator: drawing from the shared one would change what every later builder draws.
    rng = random.Random(DEMO_SEED + 85)
    workers = ctx["kiosk_peers"]
    if len(workers) < 2:
        ctx.notes.append("Casework demo skipped: fewer than two kiosk peers.")
        return
    worker, colleague = workers[0], workers[1]
    coordinator = ctx["staff"]["coordinator"]
    today = ctx.today
    clients = []
    sessions = 0
    for code, goals in CLIENTS:
        client = case_client_add(
            organisation=organisation,
            client_code=code,
            worker=worker,
            on=today - timedelta(days=70),
            by=coordinator,
        )
        plan = recovery_plan_save(
            client=client, goals=list(goals), on=today - timedelta(days=68), by=worker.user
        )
        goal_ids = [g.pk for g in plan.goals.all()]
        for days_ago in range(63, 1, -9):
            case_session_record(
                client=client,
                held_on=today - timedelta(days=days_ago),
                minutes=rng.choice((30, 45, 60, 90)),
                place=rng.choice(Place.values),
                kind=rng.choice(SessionKind.values),
                next_step=rng.choice(NEXT_STEPS),
                progress={
                    rng.choice(goal_ids): rng.choice((Progress.SOME, Progress.NO_CHANGE, Progress.SOME))
                },
                by=worker.user,
            )
            sessions += 1
        clients.append(client)
    first, second = clients
    arrived = case_referral_make(
        client=first, agency="Harbour Clinic", reason="methadone intake", made_on=today - timedelta(days=20),
        by=worker.user,
    )  # fmt: skip
    case_referral_follow_up(
        referral=arrived, outcome=Outcome.ARRIVED, on=today - timedelta(days=13), by=worker.user
    )
    case_referral_make(
        client=second,
        agency="Main Street employment service",
        reason="day work",
        made_on=today - timedelta(days=4),
        by=worker.user,
    )
    case_handover(
        client=second,
        to_worker=colleague,
        note="prefers mornings and the phone; letters are in the blue folder",
        on=today - timedelta(days=1),
        by=worker.user,
    )
    ctx.notes.append(
        f"  Casework: {worker.preferred_name} supports {first.client_code} ({sessions} sessions with two "
        f"clients); {second.client_code} was handed over to {colleague.preferred_name} yesterday."
    )
