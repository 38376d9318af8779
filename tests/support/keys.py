"""Opening a sealed key made to fail, to show that a page or answer displays keys by their
hint (``kernel.models.SealedKey.masked``) and never decrypts one."""

from __future__ import annotations

from contextlib import contextmanager
from unittest import mock

from kernel.secrets import SecretBox


@contextmanager
def nothing_decrypted():
    """Inside, decrypting any sealed value raises ``AssertionError``: a page's reaches the
    test client, which raises it; an API answer becomes a 500 (so ``assert_ok`` fails)."""
    with mock.patch.object(SecretBox, "open", side_effect=AssertionError("a sealed key was decrypted")):
        yield
