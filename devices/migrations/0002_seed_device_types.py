"""The device types and sub-types every deployment starts with (SPEC §9.16)."""

from django.db import migrations

TYPES = {
    "Finger": ("Fingerprint scanner", ["Slap", "Single", "Touchless"]),
    "Iris": ("Iris scanner", ["Single", "Double"]),
    "Face": ("Face camera", ["Full face"]),
}


def seed(apps, schema_editor):
    DeviceType = apps.get_model("devices", "DeviceType")
    DeviceSubType = apps.get_model("devices", "DeviceSubType")
    HistoricalDeviceType = apps.get_model("devices", "HistoricalDeviceType")
    HistoricalDeviceSubType = apps.get_model("devices", "HistoricalDeviceSubType")
    from django.utils import timezone

    now = timezone.now()
    for code, (description, sub_codes) in TYPES.items():
        device_type, created = DeviceType.objects.get_or_create(
            code=code, defaults={"name": code, "description": description, "created_by": "system",
                                 "updated_by": "system"})
        if created:
            HistoricalDeviceType.objects.create(
                code=code, name=code, description=description, is_active=True, created_by="system",
                updated_by="system", created_at=now, updated_at=now, history_date=now, history_type="+")
        for sub_code in sub_codes:
            sub_type, made = DeviceSubType.objects.get_or_create(
                device_type=device_type, code=sub_code,
                defaults={"name": sub_code, "created_by": "system", "updated_by": "system"})
            if made:
                HistoricalDeviceSubType.objects.create(
                    id=sub_type.id, device_type_id=code, code=sub_code, name=sub_code, description="", is_active=True,
                    created_by="system", updated_by="system", created_at=now, updated_at=now, history_date=now,
                    history_type="+")


class Migration(migrations.Migration):
    dependencies = [("devices", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
