"""`quiz export`: a loaded module in another system's format, with its fidelity report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..content.model import Module
from .fidelity import FidelityReport
from .mapping import FORMAT_NAMES, FORMATS


@dataclass(frozen=True)
class Export:
    """The package (bytes), the file name it should have, and the report."""

    data: bytes
    filename: str
    media_type: str
    report: FidelityReport


Writer = Callable[[Module, FidelityReport], bytes]


def _writer(fmt: str) -> tuple[Writer, str, str]:
    """The writer of `fmt`, its file extension and media type (imported when first used)."""
    if fmt == "moodle":
        from .moodle_writer import write_moodle
        return write_moodle, "xml", "application/xml"
    if fmt == "canvas-qti":
        from .canvas_writer import write_canvas
        return write_canvas, "zip", "application/zip"
    from .qti_package import write_qti3, write_qti21
    return (write_qti21 if fmt == "qti21" else write_qti3), "zip", "application/zip"


def export_module(module: Module, fmt: str) -> Export:
    """`module` written as `fmt` (one of FORMATS); every item and lesson is in the report."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}")
    write, extension, media_type = _writer(fmt)
    report = FidelityReport(FORMAT_NAMES[fmt])
    data = write(module, report)
    suffix = {"moodle": "moodle", "canvas-qti": "canvas-qti", "qti21": "qti21",
              "qti3": "qti30"}[fmt]
    return Export(data, f"{module.id}-{suffix}.{extension}", media_type, report)
