"""Every `quiz` command in a shell with nothing set up: no traceback, a known exit code, and
one line naming what to set. The commands are read from the click group, so a new command is
covered without touching this file (its arguments are made up from their declared types)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from flask import Flask

import quizapp
from quizapp import create_app
from quizapp.cli import quiz_cli
from quizapp.extensions import db

ROOT = Path(__file__).resolve().parents[2]
# Commands that only read and write files: they must run with nothing set up.
FILE_ONLY = {"validate", "lint", "convert", "export"}


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))
        else:
            yield (*prefix, name)


ALL_COMMANDS = list(_commands(quiz_cli))


def _value(param: click.Parameter, tmp_path: Path) -> str:
    """A plausible value for a parameter, from its declared type."""
    kind = param.type
    if isinstance(kind, click.Choice):
        return str(kind.choices[0])
    if isinstance(kind, click.Path):
        if kind.exists:
            existing = tmp_path / "existing.bin"
            existing.write_bytes(b"not a backup")
            return str(existing)
        return str(tmp_path / ("out" if not kind.file_okay else "out.xml"))
    if isinstance(kind, click.types.FloatParamType):
        return "1.5"
    if isinstance(kind, click.types.IntParamType):
        return "1"
    return "someone"  # a valid username, question id, module id or name


def _args(path: tuple[str, ...], tmp_path: Path) -> list[str]:
    """The command's required arguments and options, and the options it would prompt for."""
    command: click.Command = quiz_cli
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    args = ["quiz", *path]
    for param in command.params:
        if isinstance(param, click.Argument) and param.required:
            args.append(_value(param, tmp_path))
        elif isinstance(param, click.Option) and param.name == "yes":
            args.append("--yes")  # as a script would: the question is the user's, not ours
        elif isinstance(param, click.Option) and (param.required or param.prompt):
            args += [param.opts[0], "long-enough-1" if param.hide_input else
                     _value(param, tmp_path)]
    return args


@pytest.fixture
def bare_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Only PATH and HOME, as in a new terminal; the apps made meanwhile close their
    connections at the end."""
    for name in list(os.environ):
        if name not in ("PATH", "HOME"):
            monkeypatch.delenv(name)
    made: list[Flask] = []

    def make() -> Flask:
        made.append(quizapp.create_app())
        return made[-1]

    monkeypatch.setattr(sys.modules[__name__], "create_app", make)
    yield
    for app in made:
        with app.app_context():
            db.engine.dispose()


def _run(app: Flask, args: list[str]) -> click.testing.Result:
    result = app.test_cli_runner().invoke(args=args, input="y\ny\n")
    assert "Traceback" not in result.output
    # CliRunner keeps an uncaught exception aside instead of printing its traceback.
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        (args, repr(result.exception))
    assert result.exit_code in (0, 1, 2), (args, result.output)
    return result


def _one_line(result: click.testing.Result) -> str:
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    return lines[0]


def test_the_commands_are_found():
    assert {("validate",), ("import",), ("lti", "keys"), ("stats",)} <= set(ALL_COMMANDS)


@pytest.mark.parametrize("path", ALL_COMMANDS, ids=" ".join)
def test_every_command_without_any_setup(bare_environment, tmp_path, monkeypatch, path):
    monkeypatch.chdir(ROOT)
    app = create_app()
    result = _run(app, _args(path, tmp_path))
    if path[0] in FILE_ONLY:
        assert "SECRET_KEY" not in result.output
    else:
        assert result.exit_code == 2
        assert _one_line(result).startswith("error: SECRET_KEY is not set: set it (or "
                                            "QUIZAPP_ENV=development")


@pytest.mark.parametrize("url, says", [
    ("nonsense", "DATABASE_URL is not a database URL"),
    ("foo://h/db", "DATABASE_URL names 'foo', which is no database quizapp knows"),
    ("postgresql+psycopg://u:pw@127.0.0.1:1/db", "cannot open the database at "
     "postgresql+psycopg://u:***@127.0.0.1:1/db (connection failed"),
    ("sqlite:////nonexistent-folder/q.sqlite", "cannot open the database at "
     "sqlite:////nonexistent-folder/q.sqlite (unable to open database file): check "
     "DATABASE_URL and that its folder exists"),
    ("EMPTY", "has no quizapp tables yet: run `flask --app quizapp db upgrade` first"),
])
@pytest.mark.parametrize("path", [p for p in ALL_COMMANDS if p[0] not in FILE_ONLY
                                  and p not in {("backup",), ("restore",)}], ids=" ".join)
def test_every_database_command_with_an_unusable_database(bare_environment, tmp_path,
                                                          monkeypatch, url, says, path):
    monkeypatch.setenv("SECRET_KEY", "s3cret")
    monkeypatch.setenv("DATABASE_URL", url.replace("EMPTY", f"sqlite:///{tmp_path}/e.sqlite"))
    result = _run(create_app(), _args(path, tmp_path))
    assert result.exit_code == 2
    line = _one_line(result)
    assert says in line and "pw" not in line


@pytest.mark.parametrize("command", ["validate", "lint"])
def test_validate_and_lint_the_course_with_nothing_set_up(bare_environment, monkeypatch,
                                                          command):
    monkeypatch.chdir(ROOT)
    result = _run(create_app(), ["quiz", command, "questions"])
    assert result.exit_code == 0, result.output


def _flask(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), **env}
    return subprocess.run([sys.executable, "-m", "flask", "--app", "quizapp", *args],
                          cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120)


def test_a_new_terminal_validates_and_refuses_an_import_in_one_line():
    """The real thing, as a newcomer types it: a process with only PATH and HOME."""
    checked = _flask("quiz", "validate", "questions")
    assert checked.returncode == 0, checked.stderr
    assert "0 problem(s); 1 module(s)" in checked.stderr
    refused = _flask("quiz", "import", "questions")
    assert refused.returncode == 2
    assert "Traceback" not in refused.stderr
    assert refused.stderr.strip().splitlines() == [
        refused.stderr.strip()] and "SECRET_KEY is not set" in refused.stderr


def test_a_bad_whole_number_setting_is_one_line_for_database_commands(bare_environment,
                                                                       monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("SECRET_KEY", "s3cret")
    monkeypatch.setenv("QUIZ_GRACE_SECONDS", "sixty")
    app = create_app()
    assert _run(app, ["quiz", "validate", "questions"]).exit_code == 0
    refused = _run(app, ["quiz", "close-overdue"])
    assert refused.exit_code == 2
    assert _one_line(refused) == "error: QUIZ_GRACE_SECONDS must be a whole number, not 'sixty'"
