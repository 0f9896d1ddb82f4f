"""Eligibility as properties: more hours never hurt; a met criterion stays met when unrelated data changes."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from peerwork.accounts.models import User
from peerwork.orgs.models import Organisation
from peerwork.pathway.models import Stage, StageSignOff
from peerwork.pathway.selectors import eligibility_against
from peerwork.peers.models import PeerWorker
from peerwork.training.models import Course

ON = date(2026, 11, 1)
hours = st.decimals(min_value=0, max_value=2000, places=1, allow_nan=False, allow_infinity=False)
small = st.integers(min_value=0, max_value=60)


def stage(min_hours, min_supervision, weeks, sign_off, course_ids):
    item = Stage(
        organisation=Organisation(pk=1),
        name="Peer worker",
        order=3,
        min_hours_worked=Decimal(min_hours),
        min_supervision_hours=Decimal(min_supervision),
        min_weeks_at_previous=weeks,
        needs_sign_off=sign_off,
    )
    return item, [Course(pk=pk, name=f"Course {pk}") for pk in course_ids]


def judge(spec, *, worked, supervision=Decimal("0"), weeks_at=0, courses=frozenset(), signed=False):
    target, courses_required = spec
    current = Stage(name="Trainee", order=2)
    return eligibility_against(
        PeerWorker(preferred_name="Robin"),
        target,
        current=current,
        since=ON - timedelta(weeks=weeks_at),
        on=ON,
        hours=worked,
        supervision=supervision,
        valid_courses=set(courses),
        expired_courses={},
        sign_off=StageSignOff(signed_by=User(username="sam"), signed_on=ON) if signed else None,
        required_courses=courses_required,
    )


stages = st.builds(
    stage,
    min_hours=st.integers(0, 500),
    min_supervision=st.integers(0, 30),
    weeks=st.integers(0, 26),
    sign_off=st.booleans(),
    course_ids=st.lists(st.integers(1, 6), max_size=3, unique=True),
)
facts = st.fixed_dictionaries(
    {
        "supervision": st.decimals(min_value=0, max_value=40, places=1),
        "weeks_at": small,
        "courses": st.frozensets(st.integers(1, 6)),
        "signed": st.booleans(),
    }
)


@given(target=stages, worked=hours, more=hours, other=facts)
def test_more_hours_never_makes_a_peer_less_eligible(target, worked, more, other):
    before = judge(target, worked=worked, **other)
    after = judge(target, worked=worked + more, **other)
    assert before.eligible <= after.eligible
    met_before = {(c.key, c.text) for c in before.criteria if c.met and c.key != "hours"}
    met_after = {(c.key, c.text) for c in after.criteria if c.met and c.key != "hours"}
    assert met_before == met_after
    hours_before = [c.met for c in before.criteria if c.key == "hours"]
    hours_after = [c.met for c in after.criteria if c.key == "hours"]
    assert all(now >= was for was, now in zip(hours_before, hours_after, strict=True))


@given(target=stages, worked=hours, first=facts, second=facts)
def test_a_met_hours_criterion_stays_met_when_unrelated_data_changes(target, worked, first, second):
    a = judge(target, worked=worked, **first)
    b = judge(target, worked=worked, **second)
    assert [c.met for c in a.criteria if c.key == "hours"] == [c.met for c in b.criteria if c.key == "hours"]


@given(
    target=stages,
    worked=hours,
    other=facts,
    extra_worked=hours,
    extra_courses=st.frozensets(st.integers(7, 12)),
)
def test_a_met_course_criterion_stays_met_when_hours_or_other_courses_change(
    target, worked, other, extra_worked, extra_courses
):
    a = judge(target, worked=worked, **other)
    changed = {**other, "courses": other["courses"] | extra_courses}
    b = judge(target, worked=worked + extra_worked, **changed)
    met_a = [c.text for c in a.criteria if c.key in {"course", "sign_off", "weeks", "supervision"} and c.met]
    met_b = [c.text for c in b.criteria if c.key in {"course", "sign_off", "weeks", "supervision"} and c.met]
    assert met_a == met_b


@given(target=stages, other=facts)
def test_every_criterion_is_explained_in_words(target, other):
    result = judge(target, worked=Decimal("0"), **other)
    assert all(c.text for c in result.criteria)
    assert result.eligible == all(c.met for c in result.criteria)
