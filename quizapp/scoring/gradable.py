"""What a grader reads of a question, as protocols: scoring imports nothing from the rest of
the app, so the content registry (content/types) can name each type's grader without a cycle.
content.model.Question, Option, Part and Detail fit these shapes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class GradableOption(Protocol):
    @property
    def id(self) -> str: ...


class GradablePart(Protocol):
    """A matrix row, matching item, drop-down or bow-tie group."""

    @property
    def id(self) -> str: ...

    @property
    def key(self) -> Sequence[str]: ...

    @property
    def options(self) -> Sequence[GradableOption]: ...

    @property
    def picks(self) -> int: ...


class GradableDetail(Protocol):
    """What the newer types add: picks (select_n), unit and tolerance (numeric), case."""

    @property
    def picks(self) -> int: ...

    @property
    def unit(self) -> str: ...

    @property
    def tolerance(self) -> str: ...

    @property
    def tolerance_kind(self) -> str: ...

    @property
    def case_sensitive(self) -> bool: ...


class Gradable(Protocol):
    """A question as a grader sees it: its options, key, scoring rule, parts and detail."""

    @property
    def id(self) -> str: ...

    @property
    def key(self) -> Sequence[str]: ...

    @property
    def scoring(self) -> str: ...

    @property
    def options(self) -> Sequence[GradableOption]: ...

    @property
    def parts(self) -> Sequence[GradablePart]: ...

    @property
    def detail(self) -> GradableDetail | None: ...
