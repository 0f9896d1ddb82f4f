# The API lists an organisation's payouts newest first, a page at a time: without this index every
# page sorted all of the organisation's payouts.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('pay', '0011_payout_source_advisory'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='payout',
            index=models.Index(fields=['organisation', 'earned_on', 'id'], name='payout_org_day'),
        ),
    ]
