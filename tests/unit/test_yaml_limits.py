"""Hostile or mistaken YAML fails with a position and a message; it never hangs or crashes."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.content import load_bank
from quizapp.content.loader import MAX_FILE_BYTES
from quizapp.content.yamlpos import YamlSyntaxError, load_positioned


@pytest.mark.parametrize(("text", "where", "message"), [
    ("[" * 200, (1, 61), "nesting is deeper than 60 levels"),
    ("a:\n" + "".join("  " * i + "b:\n" for i in range(1, 80)), (61, 121),
     "nesting is deeper than 60 levels"),
    ("a: &x [*x]\n", (1, 8), "an alias refers to the value that contains it"),
    ("a: &x {b: [1, {c: *x}]}\n", (1, 19), "an alias refers to the value that contains it"),
    ("a: *nope\n", (1, 4), "found undefined alias 'nope'"),
    ("a:\n\t- b\n", (2, 1), "found a tab character; indent with spaces only"),
    ("a: !!python/name:os.system\n", (1, 4),
     "unsupported YAML tag '!!python/name:os.system'; write plain values"),
    ("a: !secret x\n", (1, 4), "unsupported YAML tag '!secret'; write plain values"),
    ("a: 1\n---\nb: 2\n", (2, 1),
     "a file holds one YAML document, but a second one starts here ('---')"),
])
def test_bad_yaml_is_a_positioned_error(text: str, where: tuple[int, int], message: str) -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        load_positioned(text)
    assert (caught.value.position.line, caught.value.position.col) == where
    assert caught.value.message == message


def test_very_deep_nesting_is_an_error_not_a_crash() -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        load_positioned("[" * 100_000)
    assert caught.value.position.line == 1


def test_merge_keys_and_small_aliases_still_work() -> None:
    doc = load_positioned("base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\nd: [*b, *b]\n")
    assert doc.data["c"] == {"x": 1, "y": 2}
    assert doc.data["d"] == [{"x": 1}, {"x": 1}]
    assert (doc.where(("c", "y")).line, doc.where(("c", "y")).col) == (4, 6)


def test_a_list_used_as_a_key_is_reported_not_crashed_on(tmp_path: Path) -> None:
    doc = load_positioned("? [a, b]\n: 1\n")
    assert doc.data == {"<sequence>": 1}


def test_a_huge_file_is_refused_before_parsing(tmp_path: Path) -> None:
    (tmp_path / "module.yaml").write_text("id: m\ntitle: M\n")
    (tmp_path / "01-big.yaml").write_text("# " + "x" * MAX_FILE_BYTES + "\n")
    _, problems = load_bank(tmp_path)
    assert [p.message for p in problems] == [
        f"file is larger than {MAX_FILE_BYTES} bytes; split the lesson"]


def test_a_folder_of_lessons_without_module_yaml_is_not_skipped_silently(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "good").mkdir()
    (tmp_path / "good" / "module.yaml").write_text("id: good\ntitle: Good\n")
    (tmp_path / "forgot").mkdir()
    (tmp_path / "forgot" / "01-x.yaml").write_text("lesson: {}\n")
    monkeypatch.chdir(tmp_path)
    _, problems = load_bank(".")
    assert [str(p) for p in problems] == [
        "forgot:0:0: warning: ignored: a folder of lessons needs a module.yaml"]
