"""Content objects built from stored snapshots, kept per process so that a page showing the
same question versions again does not rebuild them. No Flask, no database.

A question version's snapshot never changes (history is never rewritten: an edit makes a new
version), so what it builds can be shared. Still, the memo never trusts a key alone: an entry
is served only for a snapshot *equal* to the one it was built from (a dict comparison, done in
C, far cheaper than building the objects), so a reused id, a restored backup or an edited row
can never be given another version's content.

`get_text(text)` serves the same from the snapshot's stored JSON text, undecoded: equal text is
an equal snapshot, and comparing (hashing) the text costs a fraction of decoding it, which the
pages a class hits during an exam would otherwise do for every question on every request.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class SnapshotMemo(Generic[T]):
    """`get(snapshot)`: what `build(snapshot)` returns, built once per distinct snapshot."""

    def __init__(self, build: Callable[[dict[str, Any]], T], limit: int = 4096) -> None:
        self._build = build
        self._limit = limit  # distinct snapshots kept; the memo starts afresh past it
        self._entries: dict[Any, list[tuple[dict[str, Any], T]]] = {}
        self._texts: dict[str, T] = {}  # by the snapshot's JSON text
        self._size = 0

    def get(self, snapshot: dict[str, Any]) -> T:
        """The object built from a snapshot equal to `snapshot` (built now if none was)."""
        key = snapshot.get("id")
        entries = self._entries.get(key)
        if entries:
            for kept, built in entries:
                if kept == snapshot:
                    return built
        built = self._build(snapshot)
        self._make_room()
        # A copy: the caller's dict may be changed later; the key must stay what was built.
        self._entries.setdefault(key, []).append((copy.deepcopy(snapshot), built))
        self._size += 1
        return built

    def get_text(self, text: str) -> T:
        """The object built from the snapshot whose JSON text is `text` (decoded and built
        now if no equal text was)."""
        built = self._texts.get(text)
        if built is None:
            built = self._build(json.loads(text))
            self._make_room()
            self._texts[text] = built  # str is immutable: the key stays what was built
            self._size += 1
        return built

    def _make_room(self) -> None:
        if self._size >= self._limit:
            self.clear()

    def clear(self) -> None:
        self._entries, self._texts, self._size = {}, {}, 0
