"""Factories for courses, sessions and certifications."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from peerwork.training.models import Certification, Cohort, Course, TrainingSession
from tests.factories import OrganisationFactory, PeerWorkerFactory, SiteFactory


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course
        django_get_or_create = ("organisation", "code")

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Course {n}")
    code = factory.Sequence(lambda n: f"course-{n}")
    hours = Decimal("2")
    validity_months = 12


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession

    course = factory.SubFactory(CourseFactory)
    organisation = factory.SelfAttribute("course.organisation")
    site = factory.SubFactory(SiteFactory, organisation=factory.SelfAttribute("..organisation"))
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    capacity = 12


class CertificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certification

    course = factory.SubFactory(CourseFactory)
    organisation = factory.SelfAttribute("course.organisation")
    peer = factory.SubFactory(PeerWorkerFactory, organisation=factory.SelfAttribute("..organisation"))
    issued_on = factory.LazyAttribute(lambda o: o.organisation.today() - timedelta(days=10))
    expires_on = factory.LazyAttribute(lambda o: o.course.expiry_for(o.issued_on))


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Cohort {n}")
    starts_on = factory.LazyAttribute(lambda o: o.organisation.today() - timedelta(weeks=4))
    required_sessions = 20
