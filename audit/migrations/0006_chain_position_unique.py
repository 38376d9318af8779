from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0005_legacy_chain'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='auditevent',
            constraint=models.UniqueConstraint(fields=('chain', 'chain_seq'), name='audit_chain_position_unique'),
        ),
        migrations.DeleteModel(
            name='AuditChainHead',
        ),
    ]
