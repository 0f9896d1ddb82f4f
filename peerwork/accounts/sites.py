"""Which sites a staff member may see: the one rule, and the filter every fetch and list applies.

The rule (``sites_for``): a staff member's active staff memberships in the organisation decide.
If any of them names no sites, the person sees every site (the default). Otherwise they see
the union of the sites named. People with no staff membership (peers) are not limited here:
their own pages only ever show their own rows.

What a limited person sees (``within_sites``): a model that belongs to a site says how to reach
it in a ``site_path`` class attribute (``"site"``, ``"shift__site"``, ``"sites"``, or a tuple of them). Rows
whose site is one of the person's, or that have no site at all, are visible; rows of another
site are not (a fetch gives 404, a list leaves them out). So:

* shifts, sign-ups, assignments, allocation decisions, payouts, cash boxes, service entries,
  overdose responses, stock and training sessions follow their site;
* a peer is visible when one of the peer's sites is the person's, or the peer has no site yet
  (just onboarded: nobody's site claims them yet);
* a funder report template (and its runs) names several sites or none (the whole organisation):
  it is visible only when every site it names is the person's (``site_path_every``);
* rows with no site (an organisation-wide allocation run, which a limited coordinator may review
  but not publish) and
  models without a ``site_path`` (courses, ladder stages, questionnaires, settings) are
  organisation-wide and stay visible.

The scope of the request being served is set once at the edge (the organisation middleware for
pages and session API calls, the token check for API calls) and read by ``get_for_org`` and the
list selectors, so views never check sites themselves.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cached_property
from typing import TypeVar

from django.db.models import Model, Q, QuerySet

from peerwork.orgs.models import Organisation, Site

from .models import Membership, User
from .roles import STAFF_ROLES

M = TypeVar("M", bound=Model)

SiteScope = frozenset[int] | None  # None: every site of the organisation


def sites_for(user: User, organisation: Organisation) -> SiteScope:
    """The ids of the sites ``user`` may see in ``organisation``, or None for all of them."""
    # One row per membership and site it names (a membership naming none: one row, site None).
    rows = Membership.objects.filter(
        user=user, organisation=organisation, is_active=True, role__in=STAFF_ROLES
    ).values_list("pk", "sites")
    named: dict[int, set[int]] = {}
    for membership_id, site_id in rows:
        ids = named.setdefault(membership_id, set())
        if site_id is not None:
            ids.add(site_id)
    if not named or not all(named.values()):
        return None
    return frozenset().union(*named.values())


class _RequestScope:
    """The scope of one request, looked up on first use (most pages never need it)."""

    def __init__(self, user: User | None, organisation: Organisation | None) -> None:
        self.user = user
        self.organisation = organisation

    @cached_property
    def sites(self) -> SiteScope:
        if self.user is None or self.organisation is None:
            return None
        return sites_for(self.user, self.organisation)


_current: ContextVar[_RequestScope | None] = ContextVar("peerwork_site_scope", default=None)


@contextmanager
def acting_for(user: User | None, organisation: Organisation | None) -> Iterator[None]:
    """Serve a request within ``user``'s sites of ``organisation`` (the middleware wraps every request)."""
    token = _current.set(_RequestScope(user, organisation))
    try:
        yield
    finally:
        _current.reset(token)


def act_for(user: User, organisation: Organisation) -> None:
    """Switch the request being served to ``user`` (an API token's owner). The surrounding
    ``acting_for`` of the middleware ends it with the request."""
    _current.set(_RequestScope(user, organisation))


def site_scope() -> SiteScope:
    """The sites of the request being served: None outside a request or for an unlimited person."""
    scope = _current.get()
    return None if scope is None else scope.sites


def _paths(model: type[Model]) -> tuple[str, ...]:
    if model is Site:
        return ("pk",)
    path: str | tuple[str, ...] = getattr(model, "site_path", ())
    return (path,) if isinstance(path, str) else path


def within_sites(queryset: QuerySet[M], sites: SiteScope = None) -> QuerySet[M]:
    """``queryset`` without the rows of sites the person may not see (``sites`` or the request's).

    A model reached through several paths (a ledger entry: its payout's site or its cash box's)
    is visible when one of them is the person's, or when none of them leads to a site.
    """
    sites = sites if sites is not None else site_scope()
    paths = _paths(queryset.model)
    if sites is None or not paths:
        return queryset
    if paths == ("pk",):
        return queryset.filter(pk__in=sites)
    if getattr(queryset.model, "site_path_every", False):
        # A row over several sites (a funder report): every one of them must be the person's,
        # and a row over the whole organisation (no site named) is not for them.
        outside = Site.objects.exclude(pk__in=sites)
        rows = queryset.model._default_manager.all()
        for path in paths:
            rows = rows.exclude(**{f"{path}__isnull": True}).exclude(**{f"{path}__in": outside})
        return queryset.filter(pk__in=rows.values("pk"))
    visible = Q(*[Q(**{f"{path}__in": sites}) for path in paths], _connector=Q.OR) | Q(
        **{f"{path}__isnull": True for path in paths}
    )
    # A subquery, so a row reached through several sites (a peer) is neither doubled nor lost.
    return queryset.filter(pk__in=queryset.model._default_manager.filter(visible).values("pk"))


def sites_visible(organisation: Organisation) -> QuerySet[Site]:
    """The organisation's sites the person may see: what site pickers and site filters offer."""
    return within_sites(Site.objects.filter(organisation=organisation))
