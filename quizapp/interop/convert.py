"""`quiz convert`: another system's bank -> a module folder of our YAML, validated before a
single file is written (a refused or invalid input leaves the output folder untouched)."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from ..content.problems import Problem
from ..content.validation import validate_bank
from .drafts import DraftBank
from .errors import InteropError
from .fidelity import FidelityReport
from .moodle_reader import read_moodle
from .yamlout import render_module

MAX_INPUT_BYTES = 25 * 1024 * 1024  # a bank with its images; anything bigger is refused unread


@dataclass
class Conversion:
    """What a conversion produced: the files (not yet written), its report and problems."""

    files: dict[str, str | bytes]
    report: FidelityReport
    problems: list[Problem]


def read_input(path: Path) -> bytes:
    """The input's bytes, refusing a missing, special or oversized file before reading it."""
    name = str(path)
    try:
        info = path.stat()
    except OSError as exc:
        raise InteropError(name, 0, f"cannot be read ({exc.strerror})") from exc
    if not path.is_file():
        raise InteropError(name, 0, "is not a file")
    if info.st_size > MAX_INPUT_BYTES:
        raise InteropError(name, 0, f"is {info.st_size:,} bytes; inputs over "
                                    f"{MAX_INPUT_BYTES:,} bytes are refused")
    with path.open("rb") as handle:
        data = handle.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise InteropError(name, 0, f"is over {MAX_INPUT_BYTES:,} bytes; refused")
    return data


def read_bank(data: bytes, name: str) -> DraftBank:
    """Drafts from a Moodle XML file or a Canvas QTI export (.zip/.imscc or one QTI file)."""
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        from .canvas_reader import read_canvas_package
        return read_canvas_package(data, name)
    if b"<questestinterop" in data[:4096].lower():
        from .canvas_reader import read_canvas_xml
        return read_canvas_xml(data, name)
    return read_moodle(data, name)


def convert(path: Path, module_id: str) -> Conversion:
    """Read and convert `path`; validate the result in a scratch folder (nothing kept)."""
    bank = read_bank(read_input(path), str(path))
    files, report = render_module(bank, module_id, path.name)
    with tempfile.TemporaryDirectory(prefix="quiz-convert-") as scratch:
        folder = Path(scratch) / module_id
        _write_files(folder, files)
        _, problems = validate_bank(folder)
    # Name the files as they will be written (module/file), not the scratch folder.
    errors = [replace(p, file=f"{module_id}/{Path(p.file).name}") for p in problems
              if p.severity == "error"]
    return Conversion(files, report, errors)


def _write_files(folder: Path, files: dict[str, str | bytes]) -> None:
    folder.mkdir(parents=True)
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def write_output(conversion: Conversion, out_dir: Path, module_id: str) -> Path:
    """Write the module folder under `out_dir` all at once; refuse to overwrite a non-empty one."""
    target = out_dir / module_id
    if target.exists() and any(target.iterdir()):
        raise InteropError(str(target), 0, "exists and is not empty; choose another --out or "
                                           "--module")
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{module_id}-", dir=out_dir))
    try:
        _write_files(staging / module_id, conversion.files)
        if target.exists():
            target.rmdir()
        os.replace(staging / module_id, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target
