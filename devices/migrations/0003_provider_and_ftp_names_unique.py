"""One device provider per vendor name and one FTP per name, in any case: the database's
half of "the details already exist" (ADM-DPM-011 / 016, devices/services/masterdata.py).
A database already holding two providers (or FTPs) of one name fails here: rename one
first (D2/D4 PUT), then migrate."""

import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('devices', '0002_seed_device_types'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='deviceprovider',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('vendor_name'), name='uniq_device_provider_vendor_ci'),
        ),
        migrations.AddConstraint(
            model_name='foundationaltrustprovider',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('name'), name='uniq_ftp_name_ci'),
        ),
    ]
