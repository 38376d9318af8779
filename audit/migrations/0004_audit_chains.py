"""A chain per writer (audit.chain): the chains, their signed checkpoints, and each row's chain."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_chain_existing_rows'),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditChain',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('label', models.CharField(max_length=200)),
                ('host', models.CharField(blank=True, max_length=128)),
                ('pid', models.IntegerField(null=True)),
                ('thread', models.BigIntegerField(null=True)),
                ('started_at', models.DateTimeField()),
            ],
        ),
        migrations.CreateModel(
            name='AuditCheckpoint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.BigIntegerField()),
                ('row_hash', models.CharField(max_length=64)),
                ('signed_at', models.DateTimeField()),
                ('kid', models.CharField(max_length=64)),
                ('signature', models.TextField()),
                ('chain', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+',
                                            to='audit.auditchain')),
            ],
            options={'ordering': ['id'],
                     'indexes': [models.Index(fields=['chain', 'position'], name='audit_audit_chain_i_pos')]},
        ),
        migrations.AddField(
            model_name='auditevent',
            name='chain',
            field=models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name='+', to='audit.auditchain'),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='chain_seq',
            field=models.BigIntegerField(null=True),
        ),
    ]
