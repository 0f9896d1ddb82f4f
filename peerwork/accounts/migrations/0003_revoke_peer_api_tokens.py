"""Revoke every API token whose owner is not staff of the token's organisation.

Tokens became staff-only: a peer's token (made on a shared kiosk, say) outlived sign-out and the
kiosk itself. Revoked, not deleted, so the token list and the audit trail still show them.
"""

from django.db import migrations
from django.db.models import Exists, OuterRef
from django.utils import timezone

STAFF_ROLES = ("org_admin", "coordinator", "supervisor", "evaluator")


def revoke_peer_api_tokens(apps, schema_editor):
    APIToken = apps.get_model("accounts", "APIToken")
    Membership = apps.get_model("accounts", "Membership")
    staff_here = Membership.objects.filter(
        user=OuterRef("user"), organisation=OuterRef("organisation"), role__in=STAFF_ROLES, is_active=True
    )
    APIToken.objects.filter(revoked_at__isnull=True).exclude(Exists(staff_here)).update(
        revoked_at=timezone.now()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_kiosk_pairing_and_lockout_per_device"),
    ]

    operations = [
        migrations.RunPython(revoke_peer_api_tokens, migrations.RunPython.noop),
    ]
