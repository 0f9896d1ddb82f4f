"""A peer's check-in belongs to the peer: private by default, shared per check-in or standing, revocable."""

import re

from django.urls import reverse

from peerwork.assessments.models import AssessmentResponse
from peerwork.audit.models import AuditEvent
from peerwork.support.checkins import checkin_record, checkin_standing_share_set

ANSWERS = {"w1": 4, "w2": 2, "w3": 5, "w4": 4, "w5": 3, "w6": 5}


def _form(answers=ANSWERS, share=False):  # type: ignore[no-untyped-def]
    data = {key: str(value) for key, value in answers.items()}
    if share:
        data["share"] = "on"
    return data


def test_a_peer_does_a_check_in_on_their_phone_and_it_is_private(org_a, client_for):
    response = client_for(org_a.peer_user).post(reverse("support:checkin_new"), _form())

    checkin = AssessmentResponse.objects.get(peer=org_a.peer)
    assert response.status_code == 302
    assert checkin.is_submitted and checkin.answers == ANSWERS
    assert checkin.shared_with_staff is False
    assert checkin.mode == "phone"


def test_a_check_in_with_missing_answers_is_refused_question_by_question_and_keeps_the_rest(
    org_a, client_for
):
    partial = {key: value for key, value in ANSWERS.items() if key not in {"w2", "w5"}}

    response = client_for(org_a.peer_user).post(reverse("support:checkin_new"), _form(partial))

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("Choose an answer to this question.") == 2
    assert re.search(r'name="w3" value="5"[^>]*checked', page)
    assert not AssessmentResponse.objects.filter(peer=org_a.peer, status="submitted").exists()


def test_the_service_refuses_missing_answers_too(org_a):
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        checkin_record(peer=org_a.peer, answers={"w1": 3}, share=False)

    assert set(refused.value.message_dict) == {"w2", "w3", "w4", "w5", "w6"}
    assert not AssessmentResponse.objects.exists()


def test_the_supervisor_cannot_see_an_unshared_check_in(org_a, client_for):
    checkin_record(peer=org_a.peer, answers=ANSWERS, share=False)

    page = (
        client_for(org_a.supervisor)
        .get(reverse("support:peer_support", args=[org_a.peer.pk]))
        .content.decode()
    )

    assert "Nothing shared." in page
    assert "I have had enough energy for my shifts." not in page


def test_a_shared_check_in_is_seen_by_the_supervisor_and_the_reading_is_audited(org_a, client_for):
    client_for(org_a.peer_user).post(reverse("support:checkin_new"), _form(share=True))
    checkin = AssessmentResponse.objects.get(peer=org_a.peer)

    page = (
        client_for(org_a.supervisor)
        .get(reverse("support:peer_support", args=[org_a.peer.pk]))
        .content.decode()
    )

    assert "I have had enough energy for my shifts." in page
    assert AuditEvent.objects.filter(
        action="read_sensitive", object_id=str(checkin.pk), actor=org_a.supervisor
    ).exists()


def test_sharing_one_check_in_can_be_taken_back(org_a, client_for):
    checkin = checkin_record(peer=org_a.peer, answers=ANSWERS, share=True)
    client = client_for(org_a.peer_user)

    client.post(reverse("support:checkin_share", args=[checkin.pk]), {"shared": "no"})

    checkin.refresh_from_db()
    assert checkin.shared_with_staff is False
    page = (
        client_for(org_a.supervisor)
        .get(reverse("support:peer_support", args=[org_a.peer.pk]))
        .content.decode()
    )
    assert "Nothing shared." in page


def test_a_standing_choice_shares_every_check_in_until_revoked(org_a, client_for):
    checkin_record(peer=org_a.peer, answers=ANSWERS, share=False)
    peer_client = client_for(org_a.peer_user)
    supervisor_page = reverse("support:peer_support", args=[org_a.peer.pk])

    peer_client.post(reverse("support:checkin_standing"), {"shared": "yes"})
    assert "I have had enough energy" in client_for(org_a.supervisor).get(supervisor_page).content.decode()

    peer_client.post(reverse("support:checkin_standing"), {"shared": "no"})
    assert "Nothing shared." in client_for(org_a.supervisor).get(supervisor_page).content.decode()


def test_a_coordinator_never_sees_check_ins_and_another_peer_cannot_change_sharing(org_a, org_b, client_for):
    checkin = checkin_record(peer=org_a.peer, answers=ANSWERS, share=True)
    checkin_standing_share_set(peer=org_a.peer, shared=True)

    assert (
        client_for(org_a.coordinator).get(reverse("support:peer_support", args=[org_a.peer.pk])).status_code
        == 403
    )
    other_peer = client_for(org_b.peer_user)
    assert (
        other_peer.post(reverse("support:checkin_share", args=[checkin.pk]), {"shared": "no"}).status_code
        == 404
    )
    checkin.refresh_from_db()
    assert checkin.shared_with_staff is True


def test_the_peer_sees_their_check_ins_with_the_sharing_state(org_a, client_for):
    checkin_record(peer=org_a.peer, answers=ANSWERS, share=False)

    page = client_for(org_a.peer_user).get(reverse("support:mine")).content.decode()

    assert "private" in page
    assert "Share all my check-ins" in page
