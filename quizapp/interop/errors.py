"""The one error interop raises for a file it refuses: what, and where."""

from __future__ import annotations


class InteropError(Exception):
    """A refused input: `file:line: message` (line 0 when the whole file is at fault)."""

    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(message)
        self.file, self.line, self.message = file, line, message

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else \
            f"{self.file}: {self.message}"
