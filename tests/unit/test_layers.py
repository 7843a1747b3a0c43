"""Imports go one way between the packages of quizapp (docs/architecture.md): blueprints and
the CLI use services; services use models, scoring, content, stats and interop; interop (other
systems' formats, pure) uses content; content uses scoring; scoring and stats use nothing of
the app."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parent.parent.parent / "quizapp"
PURE = {"text", "charts", "rendering", "simulation"}  # small pure modules anyone may use
ALLOWED = {
    "scoring": set(),
    "stats": set(),
    "content": {"scoring"},
    "interop": {"content", "scoring"},
    "models": {"extensions"},
    "database": {"extensions"},
    "readiness": {"extensions"},  # what the configuration lacks, said where it is needed
    "services": {"content", "scoring", "stats", "models", "database", "extensions", "interop",
                 "lti"},
    "lti": set(),  # the LTI adapter: pylti1p3 and plain values, nothing of the app
    "lms": {"services", "extensions", "web", "lti"},  # lti: the launch checks, claim types
    "auth": {"services", "extensions"},
    "learner": {"services", "extensions", "web"},  # web: the json_only mark for script endpoints
    "instructor": {"services", "extensions"},
    "cli": {"services", "content", "extensions", "models", "database", "stats",  # stats: types
            "interop", "readiness"},
    "web": {"services", "models", "extensions"},
}
LTI_LIBRARY = "pylti1p3"


def _imports(path: Path) -> set[str]:
    """The quizapp packages a module imports (absolute or relative)."""
    module = path.relative_to(PACKAGE.parent).with_suffix("").parts
    base = module[:-1] if path.name != "__init__.py" else module[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                parts = list(base[:len(base) - node.level + 1]) + (
                    node.module.split(".") if node.module else [])
            else:
                parts = (node.module or "").split(".")
            targets = [parts] if node.module or node.level == 0 else [
                parts + [alias.name] for alias in node.names]
        elif isinstance(node, ast.Import):
            targets = [alias.name.split(".") for alias in node.names]
        else:
            continue
        for target in targets:
            if target[0] == "quizapp" and len(target) > 1:
                found.add(target[1])
    return found


def test_packages_import_one_way():
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        package = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        if package not in ALLOWED:
            continue
        for target in _imports(path) - {package} - PURE:
            if target not in ALLOWED[package]:
                wrong.append(f"{path.relative_to(PACKAGE)} imports quizapp.{target}")
    assert wrong == []


def test_only_the_adapter_module_imports_the_lti_library():
    """A maintained fork of pylti1p3 replaces it in one place: quizapp/lti/library.py."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(name.split(".")[0] == LTI_LIBRARY for name in names):
                found.append(str(path.relative_to(PACKAGE)))
    assert sorted(set(found)) == ["lti/library.py"]
