"""Done when: the demo's supervisor sees debriefs, supervision due, check-ins, and drift in one role."""

from django.urls import reverse
from django.utils import timezone

from peerwork.accounts.models import User
from peerwork.assessments.models import AssessmentResponse
from peerwork.core.demo import DEMO_SLUG
from peerwork.orgs.models import Organisation
from peerwork.shifts.models import Role
from peerwork.support.models import (
    DebriefOffer,
    DebriefStatus,
    RoleAction,
    RoleActionKind,
    RoleCheck,
    SupervisionSession,
)
from peerwork.support.selectors.checkins import CHECKIN_KEY
from peerwork.support.selectors.rolefit import role_fit_by_role


def test_the_demo_has_support_records_and_role_drift_from_the_shifts_record(db, demo, client_for):
    org = Organisation.objects.get(slug=DEMO_SLUG)

    assert SupervisionSession.objects.filter(organisation=org, kind="group").exists()
    assert SupervisionSession.objects.filter(organisation=org, kind="individual").exists()
    statuses = set(DebriefOffer.objects.filter(organisation=org).values_list("status", flat=True))
    assert {DebriefStatus.OFFERED, DebriefStatus.DECLINED} <= statuses
    checkins = AssessmentResponse.objects.filter(
        organisation=org, instrument_version__instrument__key=CHECKIN_KEY
    )
    assert (
        checkins.filter(shared_with_staff=True).exists() and checkins.filter(shared_with_staff=False).exists()
    )

    fits = role_fit_by_role(org, timezone.localtime(timezone.now(), org.zone).date())
    drifting = [fit.role.name for fit in fits if fit.drifting]
    assert "Outreach" in drifting
    assert len(drifting) < len(fits)

    page = (
        client_for(User.objects.get(username="supervisor")).get(reverse("support:dashboard")).content.decode()
    )
    assert "drift" in page and "overdue" in page

    # A drifting role gets an organisational action; peers who worked it have role checks.
    outreach = Role.objects.get(organisation=org, name="Outreach")
    action = RoleAction.objects.get(organisation=org, role=outreach)
    assert action.is_open and action.kind == RoleActionKind.STAFFING
    assert action.created_by == User.objects.get(username="coordinator")
    checks = RoleCheck.objects.filter(organisation=org, role=outreach)
    assert checks.filter(shared=True).exists() and checks.filter(shared=False).exists()
    mailing = next(fit for fit in fits if fit.role.name == "Mailing")
    assert mailing.percent_duties is not None and mailing.percent_duties < 100  # sharps logged on Mailing
    dashboard = (
        client_for(User.objects.get(username="coordinator"))
        .get(reverse("insights:dashboard"))
        .content.decode()
    )
    assert "2 open actions on roles, 1 past their review date." in dashboard
