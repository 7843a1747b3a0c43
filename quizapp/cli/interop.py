"""`quiz convert` (Moodle XML, Canvas QTI -> our YAML) and `quiz export` (our bank -> Moodle
XML, Canvas QTI 1.2, QTI 2.1, QTI 3.0), each printing its per-item fidelity report."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..content.model import Module
from ..content.reader import ID_PATTERN
from ..content.validation import validate_bank
from ..interop import InteropError
from ..interop.convert import convert, write_output
from ..interop.export import export_module
from ..interop.fidelity import FidelityReport
from ..interop.mapping import FORMATS
from .group import CommandFailed, bank_path, quiz_cli


def _print_report(report: FidelityReport, json_path: Path) -> None:
    for line in report.lines():
        click.echo(line)
    json_path.write_text(json.dumps(report.to_json(), indent=2) + "\n", encoding="utf-8")
    click.echo(f"Fidelity report (JSON): {json_path}")


@quiz_cli.command("convert")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--module", "module_id", required=True, help="Id of the module to create.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the module folder into (e.g. questions/).")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the JSON report (default: OUT/MODULE.convert.json).")
def convert_command(file: Path, module_id: str, out_dir: Path, report_path: Path | None) -> None:
    """Convert a Moodle XML file or a Canvas QTI export (.zip/.imscc) into our YAML."""
    if not ID_PATTERN.match(module_id):
        raise click.BadParameter("use lowercase letters, digits and hyphens", param_hint="--module")
    try:
        result = convert(file, module_id)
        if result.problems:
            for problem in result.problems:
                click.echo(str(problem), err=True)
            raise CommandFailed(f"Nothing written: the converted YAML has "
                                f"{len(result.problems)} error(s) (a converter bug; please "
                                "report it with the input).")
        target = write_output(result, out_dir, module_id)
    except InteropError as exc:
        raise CommandFailed(f"error: {exc}. Nothing written.") from exc
    _print_report(result.report, report_path or out_dir / f"{module_id}.convert.json")
    click.echo(f"Wrote {len(result.files)} file(s) to {target}. Next: quiz validate {target}")


def _module(path: str | None, module_id: str | None) -> Module:
    bank, problems = validate_bank(bank_path(path))
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        for problem in errors:
            click.echo(str(problem), err=True)
        raise CommandFailed(f"Nothing exported: {len(errors)} error(s) in the bank.")
    ids = [m.id for m in bank.modules]
    if module_id is None and len(ids) == 1:
        return bank.modules[0]
    if module_id is None:
        raise click.UsageError(f"the bank holds several modules; choose one with --module "
                               f"({', '.join(ids)})")
    for module in bank.modules:
        if module.id == module_id:
            return module
    raise click.UsageError(f"no module '{module_id}' in the bank (modules: {', '.join(ids)})")


@quiz_cli.command("export")
@click.argument("path", required=False)
@click.option("--format", "fmt", required=True, type=click.Choice(FORMATS))
@click.option("--module", "module_id", help="Module to export (needed when there are several).")
@click.option("--out", "out_file", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write (.xml for moodle, .zip otherwise).")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the JSON report (default: OUT.fidelity.json).")
def export_command(path: str | None, fmt: str, module_id: str | None, out_file: Path,
                   report_path: Path | None) -> None:
    """Export a module of PATH (default: questions/) for Moodle, Canvas or a QTI player."""
    module = _module(path, module_id)
    result = export_module(module, fmt)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.write_bytes(result.data)
    _print_report(result.report, report_path or out_file.with_name(out_file.name +
                                                                   ".fidelity.json"))
    click.echo(f"Wrote {out_file} ({len(result.data):,} bytes).")
