"""Several API keys per partner and policy (MOSIP 1.2, catalog §18.2): a key gets a
``label`` (and its normalised form ``label_key``, unique per partner and policy) and its
link to the request becomes a foreign key (a request approved through 1.2 may have any
number of keys, made by R22).

Existing keys were made by the 1.0 approval, one per request: they get the 1.1
convention, ``label`` = their request's id (also in their history rows).

Changing the ``request`` column makes SQLite copy the key table only; the partner tally's
triggers live on the partner table and are not touched (tests/test_database_triggers.py)."""

from django.db import migrations, models
from django.db.models import F
from django.db.models.functions import Lower


def label_existing_keys(apps, schema_editor):
    for name in ("PartnerApiKey", "HistoricalPartnerApiKey"):
        model = apps.get_model("partners", name)
        model.objects.filter(label="").update(label=F("request_id"), label_key=Lower(F("request_id")))


class Migration(migrations.Migration):

    dependencies = [
        ("partners", "0011_partner_deactivated_through_and_1_2_types"),
    ]

    operations = [
        migrations.AddField(model_name="historicalpartnerapikey", name="label",
                            field=models.CharField(default="", max_length=36), preserve_default=False),
        migrations.AddField(model_name="historicalpartnerapikey", name="label_key",
                            field=models.CharField(default="", editable=False, help_text="the label trimmed, collapsed, lower-cased",
                                                   max_length=36), preserve_default=False),
        migrations.AddField(model_name="partnerapikey", name="label",
                            field=models.CharField(default="", max_length=36), preserve_default=False),
        migrations.AddField(model_name="partnerapikey", name="label_key",
                            field=models.CharField(default="", editable=False, help_text="the label trimmed, collapsed, lower-cased",
                                                   max_length=36), preserve_default=False),
        migrations.AlterField(
            model_name="partnerapikey", name="request",
            field=models.ForeignKey(on_delete=models.deletion.PROTECT, related_name="api_keys", to="partners.apikeyrequest"),
        ),
        migrations.RunPython(label_existing_keys, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="partnerapikey",
            constraint=models.UniqueConstraint(fields=("partner", "policy", "label_key"), name="uniq_api_key_label"),
        ),
    ]
