"""A person with memberships in several organisations switches between them; others cannot."""

from django.urls import reverse

from peerwork.accounts.models import Membership
from peerwork.accounts.roles import Role
from peerwork.orgs.models import Site


def test_a_member_of_two_organisations_switches_and_sees_the_other(org_a, org_b, client_for):
    Membership.objects.create(user=org_b.evaluator, organisation=org_a.org, role=Role.ORG_ADMIN)
    Membership.objects.filter(user=org_b.evaluator, organisation=org_b.org).update(role=Role.ORG_ADMIN)
    client = client_for(org_b.evaluator)
    page = client.get(reverse("orgadmin:sites")).content.decode()
    assert 'name="organisation"' in page
    response = client.post(reverse("accounts:switch_organisation"), {"organisation": org_a.org.pk})
    assert response.status_code == 302
    assert org_a.site.name in client.get(reverse("orgadmin:sites")).content.decode()
    client.post(reverse("accounts:switch_organisation"), {"organisation": org_b.org.pk})
    page = client.get(reverse("orgadmin:sites")).content.decode()
    assert org_a.site.name not in page and org_b.site.name in page
    assert Site.objects.count() == 4


def test_switching_to_an_organisation_you_do_not_belong_to_is_404(org_a, org_b, client_for):
    client = client_for(org_b.admin)
    assert (
        client.post(reverse("accounts:switch_organisation"), {"organisation": org_a.org.pk}).status_code
        == 404
    )
    assert org_a.site.name not in client.get(reverse("orgadmin:sites")).content.decode()
