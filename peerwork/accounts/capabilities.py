"""Named capabilities and the roles that hold them: the one place permissions are decided.

Views and API operations check a capability (``can_record_payout``), never a role name,
so a role's powers can change here without touching any view.
"""

from __future__ import annotations

from .roles import Role

A, C, S, E, P = Role.ORG_ADMIN, Role.COORDINATOR, Role.SUPERVISOR, Role.EVALUATOR, Role.PEER
F = Role.FORMER_PEER  # a peer who has left: only their own work record
STAFF = frozenset({A, C, S, E})

CAPABILITIES: dict[str, frozenset[Role]] = {
    # organisation set-up
    "can_manage_organisation": frozenset({A}),
    "can_manage_members": frozenset({A}),
    "can_manage_kiosks": frozenset({A}),
    "can_view_audit": frozenset({A}),
    # people
    "can_view_peers": frozenset({A, C, S, E}),
    "can_manage_peers": frozenset({A, C}),
    "can_view_sensitive_peer_fields": frozenset({A, C}),
    "can_set_peer_pin": frozenset({A, C}),
    "can_manage_peer_phones": frozenset({A, C}),  # pair a peer's own phone, switch it off
    # the ladder and training
    "can_manage_ladder": frozenset({A}),
    "can_promote_peers": frozenset({A, C, S}),
    "can_sign_off_promotion": frozenset({A, S}),
    "can_manage_training": frozenset({A, C}),
    "can_record_attendance": frozenset({A, C}),
    "can_manage_mentoring": frozenset({A, C, S}),  # pair, end, record contacts for any pairing
    # placement plans, learning goals and competences (growth)
    "can_manage_competences": frozenset({A}),
    "can_plan_placements": frozenset({A, C, S}),
    "can_review_growth": frozenset({A, S}),  # a supervisor's reviews and competence ratings
    "can_manage_participation": frozenset({A, C}),
    # the work record: staff views are audited; references are written by supervisors
    "can_view_work_records": frozenset({A, C, S}),
    "can_write_references": frozenset({A, S}),
    # shifts
    "can_manage_shifts": frozenset({A, C}),
    "can_run_allocation": frozenset({A, C}),
    "can_check_in_peers": frozenset({A, C}),
    "can_manage_contracts": frozenset({A, C}),  # draft, sign, renew and end peers' contracts
    # pay
    "can_record_payout": frozenset({A, C}),
    "can_manage_cash_box": frozenset({A, C}),
    "can_manage_pay_rates": frozenset({A}),
    "can_export_pay": frozenset({A, C}),
    # invoices for priced work orders
    "can_manage_invoices": frozenset({A, C}),
    # services
    "can_log_services": frozenset({A, C, P}),
    "can_view_services": frozenset({A, C, S, E}),
    "can_view_overdose_responses": frozenset({A, C, S}),
    "can_manage_stock": frozenset({A, C}),
    "can_import_records": frozenset({A, C}),
    # one-to-one peer support (casework): the client's current worker sees their own clients; these
    # roles see every caseload of their sites, assign clients and hand them over
    "can_oversee_casework": frozenset({A, C, S}),
    "can_keep_casework": frozenset({A, C, S, P}),  # the page then checks worker or overseer
    # support
    "can_supervise": frozenset({A, S}),
    "can_view_supervision_notes": frozenset({S}),
    "can_view_strain_signals": frozenset({S}),
    "can_read_role_checks": frozenset({S}),  # a peer's own role checks; others only what the peer shares
    "can_manage_role_actions": frozenset({A, C, S}),  # record and close actions on a drifting role
    # assessments
    "can_manage_instruments": frozenset({A}),
    "can_administer_assessments": frozenset({A, C, S}),
    "can_view_assessment_results": frozenset({A, S, E}),
    "can_answer_assessments": frozenset({A, C, S, P}),  # peers answer; staff run check-ins in person
    "can_open_assessment_results": frozenset({A, S, E, P}),  # the page then checks owner or sharing
    # voice: feedback from peers and the people they serve, and the peer advisory group
    "can_view_feedback": frozenset({A, C, S, E}),  # grouped counts, small groups hidden
    "can_read_feedback_text": frozenset({A, C, S}),
    "can_manage_feedback": frozenset({A, C}),  # themes, tags, poster links, held feedback
    "can_manage_advisory": frozenset({A, C}),
    # insights
    "can_view_dashboard": frozenset({A, C, S, E}),
    "can_run_reports": frozenset({A, E}),
    "can_use_planner": frozenset({A, E, C}),
    "can_export_research": frozenset({A, E}),
    # privacy
    "can_manage_privacy": frozenset({A}),
    # a peer's own pages
    "is_peer": frozenset({P}),
    "is_former_peer": frozenset({F}),
    "can_read_own_work_record": frozenset({P, F}),
    "is_staff_member": STAFF,
    "can_use_api": frozenset({A, C, S, E, P}),  # peers through their browser session only
    # A personal token outlives the session it was made in: never for a peer on a shared kiosk.
    "can_create_api_tokens": STAFF,
}


def roles_with(capability: str) -> frozenset[Role]:
    try:
        return CAPABILITIES[capability]
    except KeyError:
        raise KeyError(f"Unknown capability {capability!r}; add it to accounts/capabilities.py") from None


def role_can(role: str, capability: str) -> bool:
    return role in roles_with(capability)
