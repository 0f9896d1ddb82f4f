# The pay desk looks for recent check-outs still without a payout: without this index it read every
# assignment of every year on each view.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('shifts', '0013_assignment_source_text_offer'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='assignment',
            index=models.Index(fields=['organisation', 'checked_out_at'], name='assignment_org_checked_out'),
        ),
    ]
