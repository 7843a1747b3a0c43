"""Exchange question banks with other systems: Moodle XML and Canvas QTI 1.2 in; Moodle XML,
Canvas QTI 1.2, QTI 2.1 and QTI 3.0 out, each with a per-item fidelity report.

Pure code: no Flask, no database. Readers turn a hostile file into YAML-shaped drafts
(`drafts.py`), `yamlout.py` writes them as a module folder; writers turn loaded content
objects into packages. Every XML parse goes through `safexml`, every archive through `archive`.
"""

from .errors import InteropError

__all__ = ["InteropError"]
