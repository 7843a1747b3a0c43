"""Problems found in content, reported the way compilers do: `file:line:col: message`."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    col: int
    message: str
    severity: str = "error"  # "error" blocks import; "warning" comes from the linter

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        return f"{self.file}:{self.line}:{self.col}: {prefix}{self.message}"

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


class ContentError(Exception):
    """Raised when a bank with errors is used where a clean one is required (e.g. import)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in content")
        self.problems = problems
