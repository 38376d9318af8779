"""Chain the rows written before the chain existed, in the order they were written."""

import json

from django.db import migrations

FIELDS = (
    "event_id", "event_key", "event_name", "event_type", "outcome", "host_name", "host_ip", "application_id",
    "application_name", "session_user_id", "session_user_name", "roles", "ref_id", "ref_id_type", "created_by",
    "module_name", "module_id", "description", "client_ip", "request_id",
)


def chain(apps, schema_editor):
    from kernel.secrets import secret_box

    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    box = secret_box()
    previous, seq, batch = "", 0, []
    for row in AuditEvent.objects.order_by("id").iterator(chunk_size=5000):
        seq += 1
        values = {name: getattr(row, name) for name in FIELDS}
        values["chain_seq"] = seq
        values["action_time"] = row.action_time.isoformat(timespec="microseconds")
        canonical = json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        row.chain_seq, row.row_hash = seq, box.digest(previous + "\n" + canonical)
        previous = row.row_hash
        batch.append(row)
        if len(batch) == 5000:
            AuditEvent.objects.bulk_update(batch, ["chain_seq", "row_hash"])
            batch = []
    if batch:
        AuditEvent.objects.bulk_update(batch, ["chain_seq", "row_hash"])
    AuditChainHead.objects.update_or_create(pk=1, defaults={"last_seq": seq, "last_hash": previous})


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_audit_chain")]

    operations = [migrations.RunPython(chain, migrations.RunPython.noop)]
