"""Payouts always have a site (backfilled in 0006); a payout may be paid in several payments."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("pay", "0006_payout_site_backfilled")]

    operations = [
        migrations.AlterField(
            model_name="payout",
            name="site",
            field=models.ForeignKey(
                on_delete=models.deletion.PROTECT,
                related_name="payouts",
                to="orgs.site",
                verbose_name="site",
            ),
        ),
        migrations.RemoveConstraint(model_name="ledgerentry", name="one_payment_per_payout"),
        migrations.AlterField(
            model_name="payout",
            name="status",
            field=models.CharField(
                choices=[("pending", "Owed"), ("part_paid", "Part paid"), ("paid", "Paid"), ("reversed", "Reversed")],
                default="pending",
                max_length=16,
            ),
        ),
    ]
