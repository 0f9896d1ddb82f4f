"""The growth demo builder on a small organisation: a framework, plans with reviews, ratings over months."""

from __future__ import annotations

from datetime import timedelta

import pytest

from peerwork.core.demo import DemoContext
from peerwork.growth import demo
from peerwork.growth.models import (
    Competence,
    CompetenceRating,
    CompetenceRequirement,
    PlacementPlan,
    PlanReview,
)
from peerwork.pathway.models import Stage
from peerwork.pathway.selectors import eligibility_for
from peerwork.pathway.services import ladder_seed_default, peer_position_start


@pytest.mark.django_db
def test_the_demo_builds_a_framework_plans_and_ratings(org_a):
    ladder_seed_default(organisation=org_a.org)
    org_a.peer.joined_on = org_a.org.today() - timedelta(days=200)
    org_a.peer.save()
    peer_position_start(peer=org_a.peer)
    ctx = DemoContext(today=org_a.org.today())
    ctx["org"], ctx["staff"], ctx["peers"] = org_a.org, {"supervisor": org_a.supervisor}, [org_a.peer]
    demo.build(ctx)
    assert Competence.objects.filter(organisation=org_a.org).count() == 6
    assert CompetenceRequirement.objects.get().stage.order == 5
    assert PlacementPlan.objects.filter(peer=org_a.peer).count() == 2
    assert PlanReview.objects.filter(plan__peer=org_a.peer).count() == 5
    assert CompetenceRating.objects.filter(peer=org_a.peer).values("rated_on").distinct().count() >= 2
    top = Stage.objects.get(organisation=org_a.org, order=5)
    texts = [c.text for c in eligibility_for(org_a.peer, top).criteria]
    assert "3 of 2 learning goals achieved" in texts
    assert ctx.notes and ctx.notes[-1].startswith("Growth: 6 competences, 2 placement plans")
