"""Signals the kernel sends so that higher layers (the audit trail) can react without the
kernel importing them (dependencies run one way, SPEC §2)."""

from django.dispatch import Signal

# An API request was answered with an error before or instead of its service's own
# answer: kwargs ``request``, ``view`` (may be None), ``url_kwargs``, ``error`` (PmsError).
request_refused = Signal()

# An admin list was exported as CSV: kwargs ``request``, ``model_label``, ``count``.
list_exported = Signal()
