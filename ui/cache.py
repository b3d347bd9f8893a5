"""A small process-wide cache for the views of the rounds (see ``ui.data.round_cache``) and
for what a page asks for on every run (:func:`cached`: the store, the registry, the
boundaries).

``st.cache_resource`` hashes every argument and reads the function's signature on every
call: with a dozen cached views per page run that was ~9 % of a served run's CPU (py-spy,
docs/notes-views.md), and its three calls a run on Översikt were still ~9 % of the page's
script time (cProfile, docs/notes-role-cpu.md). The arguments are small hashable values
(the store's URL and revision, round, level, measure, language, a frozen ``Settings``), so a
dictionary lookup does.
"""

from __future__ import annotations

import inspect
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


class RoundCache:
    """A thread-safe least-recently-used cache of one function's results.

    The key is the function's positional arguments except those whose parameter name
    starts with an underscore (the Dataset itself: its identity is in the store's key).
    A value is computed once even when several sessions ask for it at the same moment;
    an exception is not kept (the next call tries again).

    Args:
        function: called with positional arguments only.
        max_entries: the most values kept; the least recently used goes first.
    """

    def __init__(self, function: Callable[..., Any], max_entries: int) -> None:
        self.function = function
        self.max_entries = max_entries
        parameters = list(inspect.signature(function).parameters.values())
        rest = [p for p in parameters if p.kind is inspect.Parameter.VAR_POSITIONAL]
        self._hashed = [not p.name.startswith("_") for p in parameters if p not in rest]
        self._rest_hashed = bool(rest) and not rest[0].name.startswith("_")
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._busy: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()
        self.__doc__ = function.__doc__
        self.__name__ = getattr(function, "__name__", "cached")
        self.__wrapped__ = function

    def _key(self, args: tuple[Any, ...]) -> tuple[Any, ...]:
        named = len(self._hashed)
        key = [a for a, hashed in zip(args[:named], self._hashed, strict=False) if hashed]
        return (*key, *args[named:]) if self._rest_hashed else tuple(key)

    def __call__(self, *args: Any) -> Any:
        key = self._key(args)
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            busy = self._busy.setdefault(key, threading.Lock())
        with busy:
            with self._lock:
                if key in self._values:  # another session computed it meanwhile
                    return self._values[key]
            try:
                value = self.function(*args)
            except BaseException:
                with self._lock:
                    self._busy.pop(key, None)
                raise
            with self._lock:
                self._values[key] = value
                while len(self._values) > self.max_entries:
                    self._values.popitem(last=False)
                self._busy.pop(key, None)
            return value

    def clear(self) -> None:
        """Forget every value."""
        with self._lock:
            self._values.clear()

    def __len__(self) -> int:
        return len(self._values)


def cached(max_entries: int = 8) -> Callable[[F], F]:
    """A process-wide :class:`RoundCache` of the function's results (positional arguments
    only; those named with a leading underscore are not part of the key)."""

    def wrap(function: F) -> F:
        return RoundCache(function, max_entries)  # type: ignore[return-value]

    return wrap
