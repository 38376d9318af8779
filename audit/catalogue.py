"""The audit event table (catalog §12, seed [S0]) kept as data in ``events.csv``.

Services name events by a stable key (``policy.group.create.failure``) rather than by
event id, because MOSIP reuses ids (PMS_PRT_416, PMS_MSP_104) for different meanings.
Operations the seed does not cover have rows in the same scheme (``PMS_AUT_*``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MODULE_NAMES = {
    "PMS_PRT": "Partner Service",
    "PMS_POL": "Policy Management Service",
    "PMS_MSP": "MISP Management Service",
    "PMS_AUT": "Authentication",
    "PMS_DEV": "Device Management",
}


@dataclass(frozen=True)
class EventType:
    key: str
    event_id: str
    event_type: str  # "User" or "System"
    event_name: str
    description: str
    ref_id_type: str
    module_id: str
    outcome: str  # request / success / failure
    source: str = "seed"  # "seed": MOSIP's table (catalog §12); "added": ours, in the same scheme

    @property
    def module_name(self) -> str:
        return MODULE_NAMES.get(self.module_id, self.module_id)


@cache
def events() -> dict[str, EventType]:
    path = Path(__file__).with_name("events.csv")
    with path.open(newline="", encoding="utf-8") as handle:
        rows = [EventType(**row) for row in csv.DictReader(handle)]
    table = {row.key: row for row in rows}
    if len(table) != len(rows):
        raise ValueError("duplicate key in audit/events.csv")
    return table


def event(key: str) -> EventType:
    try:
        return events()[key]
    except KeyError:
        raise KeyError(f"unknown audit event key {key!r}; add it to audit/events.csv") from None
