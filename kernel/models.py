from __future__ import annotations

from django.db import models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from .secrets import HINT_LENGTH, MASK, key_hint, secret_box


class MasterRecord(models.Model):
    """Who created and last changed a master record, and when (MOSIP's cr_by/cr_dtimes/
    up_by/upd_dtimes). Services fill the ``*_by`` columns; history tables keep the rest."""

    created_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.CharField(max_length=150, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class SealedKeyQuerySet(models.QuerySet):
    def with_value(self, value: str | None) -> SealedKeyQuerySet:
        """The key whose clear value is ``value`` (none for an empty one), found by its
        keyed digest: nothing is decrypted to find it."""
        return self.filter(key_digest=secret_box().digest(value or ""))


class SealedKey(models.Model):
    """A secret a machine client presents (a partner's API key, a MISP's license key),
    never stored in clear (SPEC §6): the value sealed with the data key (``sealed_key``,
    opened only to give the value to whom may see it), its keyed digest to find it by
    value (``with_value``), and its last four characters (``key_hint``) to show it
    masked without decrypting anything. Its validity and whether it is active sit beside.

    History tables leave ``sealed_key`` out (``HistoricalRecords(excluded_fields=
    ["sealed_key"])``) and keep the hint: it is what every page shows of a key anyway."""

    sealed_key = models.TextField()
    key_digest = models.CharField(max_length=64, unique=True)
    # Blank only for rows older than the column, until the app's migration fills them in.
    key_hint = models.CharField(max_length=HINT_LENGTH, blank=True)
    valid_from = models.DateTimeField()
    valid_to = models.DateTimeField()
    is_active = models.BooleanField(default=True)

    objects = SealedKeyQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def from_value(cls, value: str, **fields):
        """An unsaved key holding ``value`` sealed, its digest and its hint; ``fields`` are
        the rest of the row."""
        return cls(**secret_box().sealed_fields(value), **fields)

    def masked(self) -> str:
        """Enough to tell keys apart when someone reads one out (``••••`` and its last
        four characters), far too little to use; never decrypts."""
        return MASK + self.key_hint

    def reveal(self) -> str:
        """The clear value, for the answers that may carry it (the partner's owner, a MISP
        admin: SPEC §9.11, §9.14); the caller checks who asks and audits the handover."""
        return secret_box().open(self.sealed_key)


def fill_key_hints(keys: type[models.Model], history: type[models.Model] | None = None, chunk_size: int = 500) -> int:
    """For the migration that adds ``key_hint`` to a key model (``apps.get_model`` classes,
    not the live ones): each key without a hint is opened once and keeps its last four
    characters; the key's history rows take the hint of their key (a key's value never
    changes; rows of a key deleted since keep a blank hint). Walks the keys in primary-key
    chunks, so any number of rows fits in memory; nothing is opened when there is no key.
    Returns how many keys it filled."""
    box, filled, after = None, 0, None
    while True:
        rows = keys.objects.filter(key_hint="").order_by("pk").only("pk", "sealed_key")
        chunk = list((rows if after is None else rows.filter(pk__gt=after))[:chunk_size])
        if not chunk:
            break
        box = box or secret_box()
        for row in chunk:
            row.key_hint = key_hint(box.open(row.sealed_key))
        keys.objects.bulk_update(chunk, ["key_hint"])
        filled, after = filled + len(chunk), chunk[-1].pk
    if history is not None:
        hint = keys.objects.filter(pk=OuterRef("id")).values("key_hint")[:1]
        history.objects.filter(key_hint="").update(key_hint=Coalesce(Subquery(hint), Value("")))
    return filled
