"""Roles as the peers see them: role checks (private to the peer and supervisors unless shared; staff
reads audited), a role three ways (description, what was logged, what peers say), and the
organisation's actions on drifting roles."""

from datetime import date
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from peerwork.accounts.models import Membership
from peerwork.audit.services import audit_read
from peerwork.peers.models import PeerWorker
from peerwork.shifts.models import Role
from peerwork.support.models import RoleAction, RoleCheck
from peerwork.support.rolework import (
    role_action_close,
    role_action_record,
    role_check_record,
    role_check_share_set,
)
from peerwork.support.selectors import rolechecks, rolefit

from .common import (
    BodyBool,
    BodyId,
    Date,
    Error,
    PageNumberPagination,
    PathId,
    Text,
    fetch,
    id_filter,
    member,
    refused,
)

router = Router(tags=["roles"])
LATEST = 100


def _own_peer(request: HttpRequest, membership: Membership) -> PeerWorker:
    return fetch(PeerWorker, request, user=membership.user)


# --- role checks --------------------------------------------------------------------------


class RoleCheckOut(Schema):
    id: int
    peer_id: int
    role_id: int
    role_name: str
    time_on_role: int = Field(description="The peer's own share of time on the work they were hired for (%).")
    spent_on: str
    would_change: str
    shared: bool
    submitted_on: date

    @staticmethod
    def resolve_role_name(obj: RoleCheck) -> str:
        return obj.role.name


class RoleCheckIn(Schema):
    role_id: BodyId = Field(description="What the peer was hired for.")
    time_on_role: Literal[90, 70, 50, 30, 10]
    spent_on: Text = Field(max_length=500)
    would_change: Text = Field(max_length=500)
    share: BodyBool = Field(
        False, description="Share with the coordinators (private to the peer and supervisors)."
    )


class RoleCheckSharingIn(Schema):
    shared: BodyBool


@router.get(
    "/checks",
    operation_id="role_check_list",
    response={200: list[RoleCheckOut], 404: Error},
    summary="The latest 100 role checks: a peer's own; a supervisor's all; others only shared (audited)",
)
@paginate(PageNumberPagination, page_size=50)
def role_check_list(
    request: HttpRequest, role_id: int | None = id_filter(), peer_id: int | None = id_filter()
) -> Any:
    membership = member(request, "can_use_api")
    if membership.can("is_peer"):
        return list(rolechecks.own_role_checks(_own_peer(request, membership))[:LATEST])
    membership = member(request, "can_manage_role_actions")
    checks = rolechecks.readable_role_checks(
        membership.organisation, reads_all=membership.can("can_read_role_checks")
    )
    if role_id is not None:
        checks = checks.filter(role=fetch(Role, request, pk=role_id))
    if peer_id is not None:
        checks = checks.filter(peer=fetch(PeerWorker, request, pk=peer_id))
    found = list(checks[:LATEST])
    for check in found:
        audit_read(request, check, ["spent_on", "would_change"], peer=check.peer_id)
    return found


@router.post(
    "/checks",
    operation_id="role_check_create",
    response={201: RoleCheckOut, 403: Error, 404: Error, 422: Error},
    summary="A peer's own role check: hired for what, what the time went on, what they would change",
)
def role_check_create(request: HttpRequest, payload: RoleCheckIn) -> Any:
    membership = member(request, "is_peer")
    peer = _own_peer(request, membership)
    role = fetch(Role, request, pk=payload.role_id)
    try:
        check = role_check_record(
            peer=peer,
            role=role,
            time_on_role=payload.time_on_role,
            spent_on=payload.spent_on,
            would_change=payload.would_change,
            shared=payload.share,
            user=membership.user,
        )
    except ValidationError as error:
        return refused(error)
    return Status(201, check)


@router.post(
    "/checks/{check_id}/sharing",
    operation_id="role_check_share",
    response={200: RoleCheckOut, 403: Error, 404: Error},
    summary="The peer shares one of their role checks with the coordinators, or takes it back",
    url_name="roles_check_sharing",
)
def role_check_sharing(request: HttpRequest, check_id: PathId, payload: RoleCheckSharingIn) -> Any:
    membership = member(request, "is_peer")
    peer = _own_peer(request, membership)
    check = fetch(rolechecks.own_role_checks(peer), request, pk=check_id)
    return role_check_share_set(check=check, shared=payload.shared)


# --- a role three ways --------------------------------------------------------------------


class RolePeerViewOut(Schema):
    checks: int
    percent_on_role: int | None


class RoleViewsOut(Schema):
    role_id: int
    role_name: str
    duties: list[str] = Field(description="What the role's description says.")
    shifts: int
    percent_duties: int | None = Field(description="Share of recorded hours on described work (logged).")
    drifting: bool
    other_work: list[str]
    logged: dict[str, int]
    peers_say: RolePeerViewOut = Field(description="From the role checks the caller may read.")


@router.get(
    "/{role_id}/views",
    operation_id="role_views_get",
    response={200: RoleViewsOut, 403: Error, 404: Error},
    summary="One role three ways: its description, what was logged on its shifts, what peers say",
    url_name="roles_views",
)
def role_views(request: HttpRequest, role_id: PathId) -> Any:
    membership = member(request, "can_manage_role_actions")
    role = fetch(Role, request, pk=role_id)
    organisation = membership.organisation
    today = organisation.today()
    fit = next(iter(rolefit.role_fit_by_role(organisation, today, role=role)), None)
    checks = rolechecks.readable_role_checks(
        organisation, reads_all=membership.can("can_read_role_checks")
    ).filter(role=role)
    view = rolechecks.peer_views(checks, today).get(role.pk, rolechecks.PeerView())
    return RoleViewsOut(
        role_id=role.pk,
        role_name=role.name,
        duties=rolefit.role_duties(role),
        shifts=fit.shifts if fit else 0,
        percent_duties=fit.percent_duties if fit else None,
        drifting=bool(fit and fit.drifting),
        other_work=fit.examples if fit else [],
        logged=dict(fit.logged) if fit else {},
        peers_say=RolePeerViewOut(checks=view.checks, percent_on_role=view.percent_role),
    )


# --- role actions -------------------------------------------------------------------------


class RoleActionOut(Schema):
    id: int
    role_id: int
    kind: str
    note: str
    review_on: date
    overdue: bool
    closed_on: date | None
    outcome: str

    @staticmethod
    def resolve_overdue(obj: RoleAction) -> bool:
        return obj.is_open and obj.review_on < obj.organisation.today()


class RoleActionIn(Schema):
    kind: Literal["rewrite", "staffing", "brief", "other"]
    note: Text = Field(max_length=500)
    review_on: Date = Field(description="Today or later, in the organisation's own date.")


class RoleActionOutcomeIn(Schema):
    outcome: Text = Field(max_length=500)


@router.get(
    "/actions",
    operation_id="role_action_list",
    response={200: list[RoleActionOut], 404: Error},
    summary="Actions on roles, open ones first (the dashboard's open and overdue count)",
)
@paginate(PageNumberPagination, page_size=50)
def role_action_list(request: HttpRequest, only_open: bool = False, role_id: int | None = id_filter()) -> Any:
    membership = member(request, "can_view_dashboard")
    actions = RoleAction.objects.filter(organisation=membership.organisation).select_related("organisation")
    if only_open:
        actions = actions.filter(closed_on__isnull=True)
    if role_id is not None:
        actions = actions.filter(role=fetch(Role, request, pk=role_id))
    return actions.order_by("closed_on", "review_on", "id")


@router.post(
    "/{role_id}/actions",
    operation_id="role_action_create",
    response={201: RoleActionOut, 403: Error, 404: Error, 422: Error},
    summary="Record what the organisation will do about a drifting role, with a review date",
    url_name="roles_action_create",
)
def role_action_create(request: HttpRequest, role_id: PathId, payload: RoleActionIn) -> Any:
    membership = member(request, "can_manage_role_actions")
    role = fetch(Role, request, pk=role_id)
    try:
        action = role_action_record(
            role=role,
            kind=payload.kind,
            note=payload.note,
            review_on=payload.review_on,
            user=membership.user,
        )
    except ValidationError as error:
        return refused(error)
    return Status(201, action)


@router.post(
    "/actions/{action_id}/outcome",
    operation_id="role_action_outcome_set",
    response={200: RoleActionOut, 403: Error, 404: Error, 422: Error},
    summary="Close an action on a role with what came of it",
    url_name="roles_action_outcome",
)
def role_action_outcome(request: HttpRequest, action_id: PathId, payload: RoleActionOutcomeIn) -> Any:
    member(request, "can_manage_role_actions")
    action = fetch(RoleAction.objects.select_related("organisation"), request, pk=action_id)
    try:
        return role_action_close(action=action, outcome=payload.outcome)
    except ValidationError as error:
        return refused(error)
