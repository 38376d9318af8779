"""Signals other apps receive from partners (which may not import them: tests/test_architecture.py)."""

from django.dispatch import Signal

# Sent by MOSIP 1.2's partner deactivation (R40, partners.services.activation) inside its
# transaction, with ``partner`` and ``actor``: the MISP app deactivates a MISP partner's
# licenses there (misp.services.licenses12.deactivate_partner_licenses).
partner_deactivated_12 = Signal()
