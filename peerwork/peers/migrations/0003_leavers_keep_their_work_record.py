"""Peers who left before this change had their sign-in switched off. Give them the former peer's
membership (their own work record, nothing else) and switch their sign-in back on; coming back
reverses it (peers.services.peer_return)."""

from django.db import migrations


def forwards(apps, schema_editor):
    PeerWorker = apps.get_model("peers", "PeerWorker")
    Membership = apps.get_model("accounts", "Membership")
    User = apps.get_model("accounts", "User")
    for user_id, organisation_id in PeerWorker.objects.filter(status="left", user__isnull=False).values_list(
        "user_id", "organisation_id"
    ):
        Membership.objects.filter(user_id=user_id, organisation_id=organisation_id, role="peer").update(
            role="former_peer"
        )
        User.objects.filter(pk=user_id).update(is_active=True)


def backwards(apps, schema_editor):
    PeerWorker = apps.get_model("peers", "PeerWorker")
    Membership = apps.get_model("accounts", "Membership")
    User = apps.get_model("accounts", "User")
    for user_id, organisation_id in PeerWorker.objects.filter(status="left", user__isnull=False).values_list(
        "user_id", "organisation_id"
    ):
        Membership.objects.filter(
            user_id=user_id, organisation_id=organisation_id, role="former_peer"
        ).update(role="peer")
        User.objects.filter(pk=user_id).update(is_active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("peers", "0002_leaving_destination"),
        ("accounts", "0005_former_peer_role"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
