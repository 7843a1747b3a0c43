"""Load a questions/ folder into a Bank, collecting every problem across all files at once."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from .exam_parser import FinalSpec, build_final_exam, check_pool_sources, parse_pool
from .lessons import parse_lesson_file, parse_module_header, question_paths
from .location import Location
from .model import Bank, Lesson, Module, Quiz
from .problems import Problem
from .reader import FileReader
from .yamlpos import PositionedDoc, YamlSyntaxError, load_positioned

MODULE_FILE = "module.yaml"
MAX_FILE_BYTES = 2_000_000  # a lesson with its quiz is a few tens of kilobytes


def _display(path: Path) -> str:
    """Paths in messages are relative to the working directory when that is shorter."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def module_dirs(root: Path) -> list[Path]:
    """The module folders under `root` (or `root` itself when it is one)."""
    if root.is_file():
        root = root.parent
    if (root / MODULE_FILE).is_file():
        return [root]
    return sorted(p for p in root.iterdir() if p.is_dir() and (p / MODULE_FILE).is_file())


def _read(path: Path, problems: list[Problem]) -> FileReader | None:
    file = _display(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            problems.append(Problem(file, 1, 1, f"file is larger than {MAX_FILE_BYTES} bytes; "
                                                "split the lesson"))
            return None
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(file, 1, 1, f"file is not UTF-8 text ({exc.reason})"))
        return None
    except OSError as exc:
        problems.append(Problem(file, 1, 1, f"cannot read the file ({exc.strerror})"))
        return None
    try:
        doc: PositionedDoc = load_positioned(text)
    except YamlSyntaxError as exc:
        problems.append(Problem(file, exc.position.line, exc.position.col,
                                f"YAML syntax error: {exc.message}"))
        return None
    reader = FileReader(file, doc, problems)
    for key_path, pos in doc.duplicate_keys:
        problems.append(Problem(file, pos.line, pos.col, f"duplicate key '{key_path[-1]}'"))
    if doc.data is None:
        problems.append(Problem(file, 1, 1, "file is empty"))
        return None
    return reader


def load_bank(root: str | os.PathLike[str]) -> tuple[Bank, list[Problem]]:
    """Parse every module under `root`. The bank holds only what parsed; check the problems."""
    root_path = Path(root)
    problems: list[Problem] = []
    if not root_path.exists():
        problems.append(Problem(_display(root_path), 0, 0, "no such file or folder"))
        return Bank(()), problems
    dirs = module_dirs(root_path)
    _warn_strays(root_path, dirs, problems)
    if not dirs:
        problems.append(Problem(_display(root_path), 0, 0,
                                f"no module folder (one holding {MODULE_FILE}) found here"))
    modules = [m for m in (_load_module(d, problems) for d in dirs) if m is not None]
    _check_unique_ids(modules, problems)
    return Bank(tuple(modules)), sorted(set(problems))


def _warn_strays(root: Path, dirs: list[Path], problems: list[Problem]) -> None:
    """Folders of YAML without a module.yaml would be skipped without a word; say so."""
    if not root.is_dir() or dirs == [root]:
        return
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and p not in dirs):
        if any(folder.glob("*.yaml")):
            problems.append(Problem(_display(folder), 0, 0, f"ignored: a folder of lessons needs "
                                                            f"a {MODULE_FILE}", "warning"))


def _load_module(folder: Path, problems: list[Problem]) -> Module | None:
    header_reader = _read(folder / MODULE_FILE, problems)
    header = parse_module_header(header_reader) if header_reader else None
    # Skipped as a lesson file even when the final exam's settings are broken.
    raw = header_reader.get(("final_exam", "pool")) if header_reader else None
    pool_name = raw if isinstance(raw, str) else None
    lessons: list[Lesson] = []
    quizzes: list[Quiz] = []
    broken = header is None
    for path in sorted(folder.glob("*.yml")):
        problems.append(Problem(_display(path), 1, 1, "ignored: lesson files end in .yaml",
                                "warning"))
    for path in sorted(folder.glob("*.yaml")):
        if path.name in (MODULE_FILE, pool_name):
            continue
        reader = _read(path, problems)
        if reader is not None and _stray_pool(reader):
            continue
        parsed = parse_lesson_file(reader, folder) if reader else None
        if reader is None or parsed is None:
            broken = True
            continue
        lessons.append(parsed[0])
        quizzes.append(parsed[1])
        _check_sources(reader, parsed[0], parsed[1])
    if header is None:
        return None
    mid, title, description, final = header
    final_exam = _final_exam(folder, final, lessons if not broken else None, quizzes,
                             problems) if final else None
    if broken or (final is not None and final_exam is None):
        return None
    return Module(mid, title, description, tuple(lessons), tuple(quizzes), final_exam,
                  Location(_display(folder / MODULE_FILE), 1))


def _stray_pool(reader: FileReader) -> bool:
    """A file holding `pool:` that module.yaml does not name would fail as a lesson; say why."""
    data = reader.get(())
    if isinstance(data, dict) and "pool" in data and "lesson" not in data:
        reader.error(("pool",), f"this looks like an exam pool, but {MODULE_FILE} does not "
                                "name it: set final_exam.pool to this file's name", key=True)
        return True
    return False


def _check_sources(reader: FileReader, lesson: Lesson, quiz: Quiz) -> None:
    anchors = [s.id for s in lesson.sections]
    for path, question in zip(question_paths(reader), quiz.questions, strict=True):
        if question.source not in anchors:
            reader.error((*path, "source"),
                         f"source '{question.source}' is not a section of lesson '{lesson.id}' "
                         f"(sections: {', '.join(anchors)})")


def _final_exam(folder: Path, spec: FinalSpec, lessons: list[Lesson] | None,
                quizzes: list[Quiz], problems: list[Problem]) -> Quiz | None:
    """The final exam; for one with its own pool, the pool file read and checked (against
    the lessons only when every lesson file parsed: a broken one would look missing)."""
    by_id = {lesson.id: lesson for lesson in lessons or []}
    if spec.pool_file is None:
        return build_final_exam(spec, quizzes, by_id, [], problems)
    path = folder / spec.pool_file
    if not path.is_file():
        assert spec.reader is not None
        spec.reader.error(("final_exam", "pool"), f"no pool file '{spec.pool_file}' in "
                                                  f"{_display(folder)}")
        return None
    reader = _read(path, problems)
    if reader is None:
        return None
    parsed, paths = parse_pool(reader)
    pool = [q for q in parsed if q is not None]
    if lessons is None or len(pool) != len(parsed) \
            or not check_pool_sources(reader, pool, paths, by_id):
        return None
    return build_final_exam(spec, quizzes, by_id, pool, problems)


def _check_unique_ids(modules: list[Module], problems: list[Problem]) -> None:
    def report(kind: str, items: list[tuple[str, Location | None]]) -> None:
        counts = Counter(ident for ident, _ in items)
        for ident, location in items:
            if counts[ident] > 1 and location is not None:
                others = [f"{loc.file}:{loc.line}" for i, loc in items
                          if i == ident and loc is not location and loc is not None]
                problems.append(Problem(location.file, location.line, location.col,
                                        f"duplicate {kind} id '{ident}' (also at "
                                        f"{', '.join(others)})"))

    report("module", [(m.id, m.location) for m in modules])
    report("question", [(q.id, q.location) for m in modules for z in m.all_quizzes()
                        for q in z.questions])
    for m in modules:
        # An unfolding case's items carry copies cut at their stages: one case per location.
        cases = {c.location: c for z in m.all_quizzes() for q in z.questions
                 if (c := q.case) is not None}
        report("case", [(c.id, c.location) for c in cases.values()])
        report("lesson", [(lesson.id, lesson.location) for lesson in m.lessons])
        report("quiz", [(q.id, q.location) for q in m.all_quizzes()])
