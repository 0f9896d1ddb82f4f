"""Capabilities are mapped to roles in one module; fetches are scoped to the organisation."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse

from peerwork.accounts.access import get_for_org, require
from peerwork.accounts.capabilities import CAPABILITIES, role_can, roles_with
from peerwork.accounts.roles import Role
from peerwork.audit.models import AuditEvent
from peerwork.orgs.models import Site


def test_capabilities_map_to_the_expected_roles():
    assert role_can(Role.ORG_ADMIN, "can_manage_members")
    assert not role_can(Role.COORDINATOR, "can_manage_members")
    assert role_can(Role.COORDINATOR, "can_record_payout")
    assert not role_can(Role.EVALUATOR, "can_record_payout")
    assert not role_can(Role.PEER, "can_view_sensitive_peer_fields")
    assert role_can(Role.PEER, "is_peer")
    assert all(roles for roles in CAPABILITIES.values())


def test_an_unknown_capability_is_a_loud_mistake():
    with pytest.raises(KeyError, match=r"capabilities\.py"):
        roles_with("can_fly")


def test_require_refuses_and_audits_a_role_without_the_capability(rf, org_a):
    @require("can_manage_members")
    def view(request):
        return HttpResponse("ok")

    request = rf.get("/x")
    request.user = org_a.evaluator
    request.organisation = org_a.org
    request.membership = org_a.evaluator.memberships.get()
    request.session = {}
    with pytest.raises(PermissionDenied):
        view(request)
    assert AuditEvent.objects.get(action="authorisation_refused").detail["capability"] == "can_manage_members"
    request.user = org_a.admin
    request.membership = org_a.admin.memberships.get()
    assert view(request).content == b"ok"


def test_require_sends_anonymous_people_to_sign_in(rf):
    @require("can_manage_members")
    def view(request):
        return HttpResponse("ok")

    request = rf.get("/org/sites/")
    request.user = AnonymousUser()
    response = view(request)
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_get_for_org_turns_another_organisations_row_into_404(org_a, org_b):
    assert get_for_org(Site, org_a.org, pk=org_a.site.pk) == org_a.site
    with pytest.raises(Http404):
        get_for_org(Site, org_b.org, pk=org_a.site.pk)
    with pytest.raises(Http404):
        get_for_org(Site, org_a.org, pk="not-a-number")
    with pytest.raises(Http404):
        get_for_org(Site, None, pk=org_a.site.pk)
