"""The edge checks every view and API operation uses: who is asking, for which organisation,
with which capability, and the org-scoped fetch that turns another organisation's row (or another
site's, for a person limited to some sites) into 404.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from peerwork.audit.services import audit_record
from peerwork.orgs.models import Organisation

from .models import Membership, User
from .sites import within_sites

M = TypeVar("M", bound=Model)
View = Callable[..., HttpResponse]


def acting_user(request: HttpRequest) -> User:
    """The signed-in user of a request that ``require`` already let through."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    return cast(User, request.user)


def current_organisation(request: HttpRequest) -> Organisation:
    """The organisation a request acts for; 404 when there is none (never another org's data)."""
    organisation = getattr(request, "organisation", None)
    if organisation is None:
        raise Http404
    return cast(Organisation, organisation)


def current_membership(request: HttpRequest) -> Membership | None:
    return getattr(request, "membership", None)


def require(capability: str) -> Callable[[View], View]:
    """Allow the view only to a signed-in member whose role grants ``capability``.

    Anonymous people are sent to sign in; a member without the capability gets 403 and the
    refusal is audited.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = current_membership(request)
            if membership is None:
                return redirect("accounts:no_organisation")
            if not membership.can(capability):
                audit_record(
                    action="authorisation_refused",
                    request=request,
                    capability=capability,
                    path=request.path,
                )
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.required_capability = capability  # type: ignore[attr-defined]
        return wrapper

    return decorator


def scoped(queryset: QuerySet[M], organisation: Organisation, *, field: str = "organisation") -> QuerySet[M]:
    return queryset.filter(**{field: organisation})


def get_for_org(
    queryset: QuerySet[M] | type[M],
    organisation: Organisation | None,
    *,
    field: str = "organisation",
    **lookup: Any,
) -> M:
    """Fetch one row of ``organisation`` or raise 404 — also when the row belongs to another org,
    or to a site the person may not see (accounts/sites.py)."""
    if organisation is None:
        raise Http404
    qs = within_sites(queryset._default_manager.all() if isinstance(queryset, type) else queryset)
    try:
        return qs.get(**{field: organisation}, **lookup)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
