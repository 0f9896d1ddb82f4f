"""A peer reads what the work is before asking for a shift: the role's description and duties."""

from django.urls import reverse

from .factories import RoleFactory, ShiftFactory


def test_open_shifts_show_the_roles_duties_before_the_peer_asks(org_a, org_b, client_for):
    role = RoleFactory(
        organisation=org_a.org,
        name="Mailing",
        description="Back-office work for the fundraising letters.",
        duties=["Fold and stuff letters", "Sort and bundle the post"],
    )
    ShiftFactory(organisation=org_a.org, site=org_a.site, role=role)

    page = client_for(org_a.peer_user).get(reverse("shifts:open")).content.decode()
    elsewhere = client_for(org_b.peer_user).get(reverse("shifts:open")).content.decode()

    assert 'aria-label="What the work of Mailing is"' in page
    assert "Back-office work for the fundraising letters." in page
    assert "<li>Fold and stuff letters</li>" in page and "<li>Sort and bundle the post</li>" in page
    assert page.index("Fold and stuff letters") < page.index("Ask for this shift")
    assert "Fold and stuff letters" not in elsewhere
