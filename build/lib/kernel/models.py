from django.db import models


class MasterRecord(models.Model):
    """Who created and last changed a master record, and when (MOSIP's cr_by/cr_dtimes/
    up_by/upd_dtimes). Services fill the ``*_by`` columns; history tables keep the rest."""

    created_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.CharField(max_length=150, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
