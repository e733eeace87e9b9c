"""Named, explicit hooks: how a lower app lets higher apps react to its records.

A lower app declares each hook it calls, with its name and what the call passes (for example
`episodes.hooks.episode_reported`); a higher app registers an implementation in its
`AppConfig.ready()`. The lower app never imports the higher one, so the layer order holds, and
`Hook.implementations()` lists who reacts to what (the docs test prints them). Unlike model
signals, a hook is called by name at one place in a service, inside its transaction, and a
failure in an implementation is the caller's failure unless the hook is declared `guarded`.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

logger = logging.getLogger(__name__)

_ALL: dict[str, "Hook"] = {}


@dataclass
class Hook:
    """One named hook. `guarded` hooks log and swallow an implementation's error (used where the
    reaction must never undo the record that caused it); others let it propagate."""

    name: str
    doc: str
    guarded: bool = False
    _implementations: dict[str, Callable[..., Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.name in _ALL:
            raise ValueError(f"hook {self.name!r} is declared twice")
        _ALL[self.name] = self

    def register(self, implementation: Callable[..., Any], *, key: str | None = None) -> None:
        """Add an implementation; `key` (default: its dotted name) makes registering idempotent."""
        key = key or f"{implementation.__module__}.{implementation.__qualname__}"
        self._implementations[key] = implementation

    def implementations(self) -> list[str]:
        return sorted(self._implementations)

    def call(self, **kwargs: Any) -> list[Any]:
        """Call each implementation with keyword arguments; their answers, in registration order."""
        answers = []
        for key, implementation in list(self._implementations.items()):
            if not self.guarded:
                answers.append(implementation(**kwargs))
                continue
            try:
                answers.append(implementation(**kwargs))
            except Exception:
                logger.exception("hook %s: %s failed; the record stands", self.name, key)
        return answers

    def first(self, **kwargs: Any) -> Any:
        """The first implementation's answer, or None when nothing is registered."""
        for implementation in self._implementations.values():
            return implementation(**kwargs)
        return None


def every_hook() -> dict[str, Hook]:
    return dict(_ALL)
