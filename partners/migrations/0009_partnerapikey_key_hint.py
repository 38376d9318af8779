"""Partner API keys keep their last four characters (``key_hint``) so that showing a key
masked decrypts nothing; existing keys are opened once here to fill it."""

from django.db import migrations, models


def fill_hints(apps, schema_editor):
    from kernel.models import fill_key_hints

    fill_key_hints(apps.get_model("partners", "PartnerApiKey"), apps.get_model("partners", "HistoricalPartnerApiKey"))


class Migration(migrations.Migration):
    dependencies = [("partners", "0008_model_names_read_as_words")]

    operations = [
        migrations.AddField(model_name="historicalpartnerapikey", name="key_hint",
                            field=models.CharField(blank=True, max_length=4)),
        migrations.AddField(model_name="partnerapikey", name="key_hint", field=models.CharField(blank=True, max_length=4)),
        migrations.RunPython(fill_hints, migrations.RunPython.noop),
    ]
