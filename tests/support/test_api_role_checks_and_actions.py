"""The roles API: a peer's role checks, a role three ways, and the organisation's actions on roles."""

import json
from datetime import timedelta

from peerwork.audit.models import AuditEvent
from peerwork.support.models import RoleAction, RoleCheck, TimeOnRole
from peerwork.support.rolework import role_action_record, role_check_record

from .factories import role_with_duties, worked_shift

API = "/api/v1/roles"


def _send(client, path, body):  # type: ignore[no-untyped-def]
    return client.post(f"{API}{path}", data=json.dumps(body), content_type="application/json")


def _check(peer, role, shared=False):  # type: ignore[no-untyped-def]
    return role_check_record(
        peer=peer,
        role=role,
        time_on_role=TimeOnRole.LESS_THAN_HALF,
        spent_on="Front desk cover",
        would_change="Someone on the desk",
        shared=shared,
    )


def test_a_peer_posts_a_private_role_check_lists_it_and_shares_it(org_a, client_for):
    role = role_with_duties(org_a.org)
    client = client_for(org_a.peer_user)

    created = _send(
        client,
        "/checks",
        {"role_id": role.pk, "time_on_role": 30, "spent_on": "Front desk", "would_change": "A desk rota"},
    )

    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["role_name"], body["time_on_role"], body["shared"]) == (role.name, 30, False)
    assert [item["id"] for item in client.get(f"{API}/checks").json()["items"]] == [body["id"]]
    shared = _send(client, f"/checks/{body['id']}/sharing", {"shared": True})
    assert shared.status_code == 200 and shared.json()["shared"] is True


def test_empty_answers_or_an_unknown_share_are_refused(org_a, org_b, client_for):
    role = role_with_duties(org_a.org)
    client = client_for(org_a.peer_user)

    empty = _send(
        client, "/checks", {"role_id": role.pk, "time_on_role": 30, "spent_on": " ", "would_change": ""}
    )
    off_scale = _send(
        client, "/checks", {"role_id": role.pk, "time_on_role": 42, "spent_on": "x", "would_change": "y"}
    )
    elsewhere = _send(
        client,
        "/checks",
        {"role_id": role_with_duties(org_b.org).pk, "time_on_role": 30, "spent_on": "x", "would_change": "y"},
    )

    assert empty.status_code == 409 and set(empty.json()["errors"]) == {"spent_on", "would_change"}
    assert off_scale.status_code == 422
    assert elsewhere.status_code == 404
    assert not RoleCheck.objects.exists()


def test_staff_read_checks_by_privacy_and_every_read_is_audited(org_a, org_b, client_for):
    role = role_with_duties(org_a.org)
    private = _check(org_a.peer, role)
    shared = _check(org_a.peer, role, shared=True)

    by_supervisor = client_for(org_a.supervisor).get(f"{API}/checks?role_id={role.pk}").json()["items"]
    by_coordinator = client_for(org_a.coordinator).get(f"{API}/checks").json()["items"]

    assert {item["id"] for item in by_supervisor} == {private.pk, shared.pk}
    assert [item["id"] for item in by_coordinator] == [shared.pk]
    assert AuditEvent.objects.filter(action="read_sensitive", object_id=str(shared.pk)).count() == 2
    assert client_for(org_a.evaluator).get(f"{API}/checks").status_code == 403
    assert client_for(org_b.supervisor).get(f"{API}/checks").json()["items"] == []
    assert client_for(org_b.supervisor).get(f"{API}/checks?role_id={role.pk}").status_code == 404
    assert (
        _send(client_for(org_b.peer_user), f"/checks/{private.pk}/sharing", {"shared": True}).status_code
        == 404
    )


def test_a_role_three_ways_and_an_action_recorded_and_closed(org_a, org_b, client_for):
    mailing = role_with_duties(org_a.org, name="Mailing", duties=("Fold and stuff letters",))
    worked_shift(org_a.peer, mailing, org_a.site, duties_done=["Fold and stuff letters"], other_work="Sharps")
    _check(org_a.peer, mailing, shared=True)
    client = client_for(org_a.coordinator)

    views = client.get(f"{API}/{mailing.pk}/views").json()
    assert views["duties"] == ["Fold and stuff letters"]
    assert views["percent_duties"] == 50 and views["drifting"] is True
    assert views["peers_say"] == {"checks": 1, "percent_on_role": 30}

    past = _send(
        client,
        f"/{mailing.pk}/actions",
        {"kind": "rewrite", "note": "Say so", "review_on": str(org_a.org.today() - timedelta(days=1))},
    )
    assert past.status_code == 409 and "review_on" in past.json()["errors"]
    created = _send(
        client,
        f"/{mailing.pk}/actions",
        {"kind": "staffing", "note": "A sharps walk of its own", "review_on": str(org_a.org.today())},
    )
    assert created.status_code == 201, created.content
    action_id = created.json()["id"]
    assert [item["id"] for item in client.get(f"{API}/actions?only_open=true").json()["items"]] == [action_id]

    assert _send(client, f"/actions/{action_id}/outcome", {"outcome": " "}).status_code == 409
    closed = _send(client, f"/actions/{action_id}/outcome", {"outcome": "Walk added to Outreach"})
    assert closed.status_code == 200 and closed.json()["closed_on"] == str(org_a.org.today())
    assert client.get(f"{API}/actions?only_open=true").json()["items"] == []

    other = client_for(org_b.coordinator)
    assert other.get(f"{API}/{mailing.pk}/views").status_code == 404
    assert (
        _send(
            other, f"/{mailing.pk}/actions", {"kind": "brief", "note": "x", "review_on": "2099-01-01"}
        ).status_code
        == 404
    )
    assert _send(other, f"/actions/{action_id}/outcome", {"outcome": "x"}).status_code == 404
    assert other.get(f"{API}/actions").json()["items"] == []
    assert client_for(org_a.peer_user).get(f"{API}/{mailing.pk}/views").status_code == 403
    assert RoleAction.objects.count() == 1


def test_the_api_lists_overdue_actions(org_a, client_for):
    role = role_with_duties(org_a.org)
    action = role_action_record(role=role, kind="brief", note="Team meeting", review_on=org_a.org.today())
    RoleAction.objects.filter(pk=action.pk).update(review_on=org_a.org.today() - timedelta(days=2))

    (item,) = client_for(org_a.evaluator).get(f"{API}/actions").json()["items"]

    assert item["overdue"] is True
