"""Start-up check: every event an audited operation names is in ``audit/events.csv``, so a
typo fails ``manage.py check`` (and gunicorn's start, config.wsgi) instead of the first
request that needs the event."""

from django.core.checks import Error, register
from django.utils.module_loading import autodiscover_modules

from .catalogue import events
from .services import DECLARED


@register()
def declared_events_exist(app_configs, **kwargs):
    autodiscover_modules("operations")  # each app declares its operations in operations.py
    known = events()
    return [
        Error(f"Audited operation {operation.name!r} names the unknown event {key!r}",
              hint="add a row to audit/events.csv", id="pms.E010")
        for operation in DECLARED
        for key in operation.event_keys()
        if key not in known
    ]
