"""The rows of the single chain that came before become chain "legacy": same positions, same
hashes, and a chain whose first row follows the empty hash, as they always did. Its end was
remembered by the chain head (dropped in 0006): run ``manage.py audit_checkpoint`` after
migrating, so a signed checkpoint remembers it instead (docs/production.md)."""

from django.db import migrations
from django.utils import timezone


def to_legacy(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditChain = apps.get_model("audit", "AuditChain")
    first = AuditEvent.objects.order_by("action_time").values_list("action_time", flat=True).first()
    if first is None:
        return
    legacy = AuditChain.objects.create(label="legacy", started_at=first or timezone.now())
    AuditEvent.objects.filter(chain_seq__isnull=False).update(chain=legacy)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_audit_chains")]

    operations = [migrations.RunPython(to_legacy, migrations.RunPython.noop)]
