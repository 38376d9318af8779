"""A record's lifecycle as data: which named transition leads from which states to which
state, and the documented error for every other case (STYLE: state guards in one place)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping

from .errors import PmsError


@dataclass(frozen=True)
class Transition:
    name: str
    sources: Iterable[str]
    target: str
    _sources: frozenset[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_sources", frozenset(str(s) for s in self.sources))


class Lifecycle:
    def __init__(self, *transitions: Transition):
        self.transitions = {t.name: t for t in transitions}

    def target(self, name: str, current: str, *, refused: Callable[[], PmsError],
               refused_from: Mapping[str, Callable[[], PmsError]] | None = None) -> str:
        """The state transition ``name`` leads to from ``current``, or the refusal for
        ``current`` (``refused_from``), else the general one (``refused``)."""
        transition = self.transitions[name]
        if str(current) in transition._sources:
            return transition.target
        factory = (refused_from or {}).get(str(current), refused)
        raise factory()
