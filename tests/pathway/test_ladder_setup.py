from django.urls import reverse

from peerwork.pathway.models import Stage
from peerwork.pathway.services import ladder_seed_default
from tests.training.factories import CourseFactory


def test_the_default_ladder_has_five_stages_and_links_known_courses(org_a):
    naloxone = CourseFactory(organisation=org_a.org, code="naloxone", name="Naloxone")
    stages = ladder_seed_default(organisation=org_a.org)
    assert [s.name for s in stages] == ["Participant", "Trainee", "Peer worker", "Senior peer", "Peer lead"]
    assert naloxone in stages[2].required_courses.all()
    assert ladder_seed_default(organisation=org_a.org) == stages  # seeding again changes nothing


def test_an_admin_seeds_edits_and_adds_stages(org_a, client_for):
    client = client_for(org_a.admin)
    assert b"Use the default ladder" in client.get(reverse("pathway:ladder")).content
    client.post(reverse("pathway:ladder_seed"))
    trainee = Stage.objects.get(organisation=org_a.org, order=2)
    response = client.post(
        reverse("pathway:stage_edit", args=[trainee.pk]),
        {
            "name": "Apprentice",
            "description": "",
            "min_hours_worked": "12",
            "min_supervision_hours": "0",
            "min_weeks_at_previous": "3",
        },
    )
    assert response.status_code == 302
    trainee.refresh_from_db()
    assert (trainee.name, trainee.min_hours_worked, trainee.needs_sign_off) == ("Apprentice", 12, False)
    client.post(
        reverse("pathway:stage_add"),
        {
            "name": "Coordinator",
            "min_hours_worked": "800",
            "min_supervision_hours": "30",
            "min_weeks_at_previous": "0",
        },
    )
    assert Stage.objects.get(organisation=org_a.org, name="Coordinator").order == 6


def test_a_negative_number_of_hours_is_refused(org_a, client_for):
    ladder_seed_default(organisation=org_a.org)
    stage = Stage.objects.get(organisation=org_a.org, order=2)
    response = client_for(org_a.admin).post(
        reverse("pathway:stage_edit", args=[stage.pk]),
        {
            "name": "Trainee",
            "min_hours_worked": "-1",
            "min_supervision_hours": "0",
            "min_weeks_at_previous": "0",
        },
    )
    assert response.status_code == 200
    assert b"errorlist" in response.content


def test_only_org_admins_set_up_the_ladder(org_a, org_b, client_for):
    stage = ladder_seed_default(organisation=org_a.org)[0]
    assert client_for(org_a.coordinator).get(reverse("pathway:ladder")).status_code == 403
    assert client_for(org_b.admin).get(reverse("pathway:stage_edit", args=[stage.pk])).status_code == 404
