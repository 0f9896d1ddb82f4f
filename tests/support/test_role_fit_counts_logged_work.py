"""Role fit weighs what was logged on the shift, not only the duties ticked: a Mailing shift with
sharps logged is not all mailing."""

from decimal import Decimal

from django.utils import timezone

from peerwork.services.models import EntryKind, ServiceEntry
from peerwork.support import hooks
from peerwork.support.selectors.rolefit import role_fit_by_peer, role_fit_by_role

from ..factories import PeerWorkerFactory
from .factories import overdose_response, role_with_duties, worked_shift

MAILING = ("Fold and stuff letters", "Sort and bundle the post")


def _log(assignment, kind, quantity):  # type: ignore[no-untyped-def]
    return ServiceEntry.objects.create(
        organisation=assignment.organisation,
        kind=kind,
        shift=assignment.shift,
        site=assignment.shift.site,
        peer=assignment.peer,
        quantity=quantity,
        occurred_at=timezone.now(),
    )


def test_a_mailing_shift_with_sharps_logged_does_not_show_full_fit(org_a):
    mailing = role_with_duties(org_a.org, name="Mailing", duties=MAILING)
    assignment = worked_shift(org_a.peer, mailing, org_a.site, hours=6, duties_done=list(MAILING))
    _log(assignment, EntryKind.SHARPS, 186)

    (fit,) = role_fit_by_role(org_a.org, org_a.org.today())

    assert fit.percent_duties == 67
    assert fit.hours_other == Decimal("2.00")
    assert fit.examples == ["Sharps recovered"]
    assert fit.logged == [("Sharps recovered", 186)]
    assert fit.drifting


def test_a_service_the_description_names_counts_as_described_work(org_a):
    role = role_with_duties(org_a.org, name="Needle recovery", duties=("Walk the route and pick up needles",))
    assignment = worked_shift(org_a.peer, role, org_a.site, hours=4, duties_done=[])
    _log(assignment, EntryKind.SHARPS, 30)

    (fit,) = role_fit_by_role(org_a.org, org_a.org.today())

    assert fit.percent_duties == 100 and not fit.drifting


def test_an_overdose_response_on_a_shift_whose_role_does_not_name_it_is_other_work(org_a):
    mailing = role_with_duties(org_a.org, name="Mailing", duties=MAILING)
    assignment = worked_shift(org_a.peer, mailing, org_a.site, hours=4, duties_done=[MAILING[0]])
    response = overdose_response(org_a.org, [org_a.peer], site=org_a.site)
    response.shift = assignment.shift
    response.save()

    (fit,) = role_fit_by_peer(org_a.org, org_a.org.today())

    assert fit.percent_other == 50
    assert "Overdose responses" in fit.examples


def test_a_service_logged_by_another_peer_on_the_shift_does_not_count_against_this_peer(org_a):
    mailing = role_with_duties(org_a.org, name="Mailing", duties=MAILING)
    mine = worked_shift(org_a.peer, mailing, org_a.site, duties_done=[MAILING[0]])
    other = PeerWorkerFactory(organisation=org_a.org)
    ServiceEntry.objects.create(
        organisation=org_a.org,
        kind=EntryKind.SHARPS,
        shift=mine.shift,
        site=org_a.site,
        peer=other,
        quantity=5,
        occurred_at=timezone.now(),
    )

    (fit,) = role_fit_by_peer(org_a.org, org_a.org.today())

    assert fit.percent_duties == 100


def test_other_apps_add_their_recorded_work_through_the_hook(org_a, monkeypatch):
    """The extension point other apps (casework's sessions among them) add their recorded work through."""
    mailing = role_with_duties(org_a.org, name="Mailing", duties=MAILING)
    assignment = worked_shift(org_a.peer, mailing, org_a.site, duties_done=[MAILING[0]])

    def sessions(shift_ids):  # type: ignore[no-untyped-def]
        return {(assignment.shift_id, assignment.peer_id): ["One-to-one sessions"]}

    monkeypatch.setattr(hooks.logged_work, "_items", [])
    hooks.logged_work.register("test.sessions", sessions)
    (fit,) = role_fit_by_role(org_a.org, org_a.org.today())

    assert fit.percent_other == 50 and fit.examples == ["One-to-one sessions"]


def _session_on_the_day_of(assignment, *, days_later=0):  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from tests.casework.factories import client_on, session_for

    session = session_for(client_on(assignment.peer))
    shift = assignment.shift
    session.held_on = shift.starts_at.astimezone(shift.organisation.zone).date() + timedelta(days=days_later)
    session.save(update_fields=["held_on"])
    return session


def test_a_one_to_one_session_held_on_the_day_of_a_worked_shift_counts_as_work_done_on_it(org_a):
    mailing = role_with_duties(org_a.org, name="Mailing", duties=MAILING)
    assignment = worked_shift(org_a.peer, mailing, org_a.site, duties_done=[MAILING[0]])
    _session_on_the_day_of(assignment)

    (fit,) = role_fit_by_peer(org_a.org, org_a.org.today())

    assert fit.percent_other == 50
    assert fit.examples == ["Accompaniment"]


def test_a_session_on_another_day_leaves_the_shift_as_it_was(org_a):
    mailing = role_with_duties(org_a.org, name="Mailing", duties=MAILING)
    assignment = worked_shift(org_a.peer, mailing, org_a.site, duties_done=[MAILING[0]])
    _session_on_the_day_of(assignment, days_later=-3)

    (fit,) = role_fit_by_peer(org_a.org, org_a.org.today())

    assert fit.percent_duties == 100
