"""Downloads of the question bank for Moodle, Canvas and QTI players, and the fidelity
report that says, item by item, what each format keeps."""

from __future__ import annotations

import json

from flask import Response, render_template

from ..services.authoring import bank_exports
from .blueprint import bp


@bp.route("/bank-exports")
def bank_exports_page():
    """The modules and formats to download, with a link to each fidelity report."""
    return render_template("instructor/bank_exports.html",
                           modules=bank_exports.module_choices(),
                           formats=bank_exports.FORMAT_CHOICES)


@bp.route("/bank-exports/<module_id>/<fmt>")
def bank_export_download(module_id: str, fmt: str):
    """The package itself, as a file to save."""
    export = bank_exports.export_package(module_id, fmt)
    response = Response(export.data, mimetype=export.media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/bank-exports/<module_id>/<fmt>/report")
def bank_export_report(module_id: str, fmt: str):
    """What the format keeps of each item: exact, approximated (how) or not exported (why)."""
    export = bank_exports.export_package(module_id, fmt)
    return render_template("instructor/bank_export_report.html", module_id=module_id, fmt=fmt,
                           report=export.report, filename=export.filename)


@bp.route("/bank-exports/<module_id>/<fmt>/report.json")
def bank_export_report_json(module_id: str, fmt: str):
    """The same report as JSON."""
    export = bank_exports.export_package(module_id, fmt)
    response = Response(json.dumps(export.report.to_json(), indent=2),
                        mimetype="application/json")
    response.headers["Content-Disposition"] = (f'attachment; filename="{export.filename}'
                                               '.fidelity.json"')
    return response
