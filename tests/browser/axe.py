"""axe-core for the browser tests: a pinned release fetched with npm, kept out of git.

`python -m tests.browser.axe` fetches it ahead of time (`make test-browser` does); the test
session fetches it on first use otherwise. AXE_CORE_JS=/path/to/axe.min.js uses a local copy.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

AXE_VERSION = "4.14.1"
ROOT = Path(__file__).resolve().parents[2]
CACHED = ROOT / ".cache" / f"axe-core-{AXE_VERSION}" / "axe.min.js"
# The WCAG 2.1 A and AA rules; best-practice and WCAG 2.2 rules are left out on purpose.
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")


def axe_path() -> Path:
    """The axe.min.js to inject, fetched from the npm registry the first time."""
    override = os.environ.get("AXE_CORE_JS")
    if override:
        return Path(override)
    if not CACHED.exists():
        _fetch(CACHED)
    return CACHED


def _fetch(target: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is needed to fetch axe-core (apt-get install -y npm), or set "
                           "AXE_CORE_JS to an axe.min.js")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([npm, "pack", f"axe-core@{AXE_VERSION}", "--pack-destination", tmp,
                        "--silent"], check=True, timeout=180, cwd=tmp, stdout=subprocess.DEVNULL)
        (tarball,) = Path(tmp).glob("axe-core-*.tgz")
        with tarfile.open(tarball) as archive:
            member = archive.extractfile("package/axe.min.js")
            assert member is not None, f"{tarball.name} has no package/axe.min.js"
            script = member.read()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    partial.write_bytes(script)
    partial.replace(target)  # never leave a half-written file for the next run


_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                          resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
  }));
}"""


def violations(page: Any, source: str, tags: tuple[str, ...] = WCAG_TAGS) -> list[dict]:
    """axe-core's WCAG violations on the page as it is now (axe is injected if missing).

    Injected with evaluate, which the page's Content-Security-Policy does not block, so the
    page is checked exactly as served."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(source)
    return page.evaluate(_RUN, list(tags))


def describe(found: list[dict]) -> str:
    """Violations as readable lines for an assertion message."""
    lines = []
    for v in found:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        lines.extend(f"    {n['target']}: {n['summary']}" for n in v["nodes"][:5])
    return "\n".join(lines)


if __name__ == "__main__":
    print(f"axe-core {AXE_VERSION}: {axe_path()}")
    sys.exit(0)
