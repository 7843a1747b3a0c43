"""docs/interop.md shows the mapping table the code uses."""

from __future__ import annotations

from pathlib import Path

from quizapp.interop.mapping_doc import mapping_table


def test_the_documented_mapping_table_is_the_code_s() -> None:
    text = Path("docs/interop.md").read_text()
    start = text.index("<!-- mapping-table:start -->\n") + len("<!-- mapping-table:start -->\n")
    end = text.index("<!-- mapping-table:end -->")
    assert text[start:end] == mapping_table(), "regenerate the table with mapping_table()"
