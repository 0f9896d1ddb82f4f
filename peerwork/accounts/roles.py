from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ORG_ADMIN = "org_admin", _("Organisation admin")
    COORDINATOR = "coordinator", _("Peer coordinator")
    SUPERVISOR = "supervisor", _("Supervisor")
    EVALUATOR = "evaluator", _("Manager / evaluator")
    PEER = "peer", _("Peer worker")
    # A peer who has left keeps one door open: their own work record, nothing else of the programme.
    FORMER_PEER = "former_peer", _("Peer who has left")


STAFF_ROLES = frozenset({Role.ORG_ADMIN, Role.COORDINATOR, Role.SUPERVISOR, Role.EVALUATOR})
# Roles that sign in as a peer (kiosk PIN, own phone).
PEER_ROLES = frozenset({Role.PEER, Role.FORMER_PEER})
# Roles that see personal data or move money must use a second factor.
TWO_FACTOR_ROLES = frozenset({Role.ORG_ADMIN, Role.COORDINATOR, Role.SUPERVISOR})
