"""License keys keep their last four characters (``key_hint``) so that showing a key
masked decrypts nothing; existing keys are opened once here to fill it."""

from django.db import migrations, models


def fill_hints(apps, schema_editor):
    from kernel.models import fill_key_hints

    fill_key_hints(apps.get_model("misp", "LicenseKey"), apps.get_model("misp", "HistoricalLicenseKey"))


class Migration(migrations.Migration):
    dependencies = [("misp", "0001_initial")]

    operations = [
        migrations.AddField(model_name="historicallicensekey", name="key_hint",
                            field=models.CharField(blank=True, max_length=4)),
        migrations.AddField(model_name="licensekey", name="key_hint", field=models.CharField(blank=True, max_length=4)),
        migrations.RunPython(fill_hints, migrations.RunPython.noop),
    ]
