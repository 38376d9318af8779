import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from kernel.secrets import secret_box, secrets_problem


@pytest.fixture
def keys(settings, tmp_path):
    settings.PMS_KEY_DIR = tmp_path
    settings.PMS_DATA_KEYS = ""
    settings.PMS_LOOKUP_KEY = ""
    return settings


def test_development_generates_the_keys_once_and_privately(keys, tmp_path):
    sealed = secret_box().seal("api-key-123")
    assert "api-key-123" not in sealed and secret_box().open(sealed) == "api-key-123"
    assert (tmp_path / "data-keys.json").stat().st_mode & 0o077 == 0


def test_a_new_first_key_encrypts_and_the_old_one_still_decrypts(keys):
    old, lookup = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    keys.PMS_DATA_KEYS, keys.PMS_LOOKUP_KEY = old, lookup
    sealed_before = secret_box().seal("license")
    digest_before = secret_box().digest("license")
    keys.PMS_DATA_KEYS = Fernet.generate_key().decode() + "," + old
    assert secret_box().open(sealed_before) == "license"
    assert secret_box().digest("license") == digest_before  # lookups survive a rotation
    keys.PMS_DATA_KEYS = Fernet.generate_key().decode()  # the old key dropped too early
    with pytest.raises(ImproperlyConfigured):
        secret_box().open(sealed_before)


KEY = "kKXbL2c3s0yK0eC1mF7mS6u8x3Y8b9JYQpX0w6bJx2Q="


@pytest.mark.parametrize("data,lookup,expected", [
    ("", "", "must be set in production"),
    ("not-a-key", KEY, "urlsafe base64"),
    (KEY, "", "Set both"),
])
def test_production_needs_usable_keys(keys, data, lookup, expected):
    keys.PRODUCTION = True
    keys.PMS_DATA_KEYS, keys.PMS_LOOKUP_KEY = data, lookup
    assert expected in secrets_problem()
