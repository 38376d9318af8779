"""Every setting an app reads from the environment is in the configuration table (docs/configuration.md)."""

import importlib
from pathlib import Path

from django.apps import apps

from kernel.conf import AppSettings

CONFIGURATION = Path(__file__).resolve().parent.parent / "docs" / "configuration.md"


def app_settings_names() -> set[str]:
    names = set()
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.conf")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if isinstance(value, AppSettings):
                names.update(value.names())
    return names


def test_every_app_setting_is_documented():
    text = CONFIGURATION.read_text()
    names = app_settings_names()
    assert "PMS_DEVICE_RESPONSE_FORMAT" in names  # the collection finds the apps' settings
    assert sorted(name for name in names if f"`{name}`" not in text) == []
