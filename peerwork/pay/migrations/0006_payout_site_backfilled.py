from django.db import migrations


def backfill_sites(apps, schema_editor):
    """Give every payout a site, so it shows on one desk and is paid from that desk's box.

    The rule, in order:
    1. a shift payout (a shift of a work order included: work orders have no site, their shifts
       do) takes its shift's site;
    2. a training honorarium takes its session's site;
    3. any other payout (added by hand, the rest of a split) takes the organisation's first site
       in use, the one with the lowest id (else its first site at all); an organisation with
       payouts and no site at all gets one, named "Main site".
    """
    Payout = apps.get_model("pay", "Payout")
    Site = apps.get_model("orgs", "Site")
    missing = Payout.objects.filter(site__isnull=True)
    for payout in missing.filter(assignment__isnull=False).select_related("assignment__shift"):
        payout.site_id = payout.assignment.shift.site_id
        payout.save(update_fields=["site"])
    for payout in missing.filter(training_attendance__isnull=False).select_related("training_attendance__session"):
        payout.site_id = payout.training_attendance.session.site_id
        payout.save(update_fields=["site"])
    for organisation_id in missing.values_list("organisation_id", flat=True).distinct():
        sites = Site.objects.filter(organisation_id=organisation_id).order_by("-is_active", "pk")
        site = sites.first() or Site.objects.create(organisation_id=organisation_id, name="Main site")
        missing.filter(organisation_id=organisation_id).update(site=site)


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0001_initial"),
        ("pay", "0005_earnings_rule_jurisdiction_currency_short_name"),
    ]

    operations = [migrations.RunPython(backfill_sites, migrations.RunPython.noop)]
