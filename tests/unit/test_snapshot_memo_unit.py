"""content/memo.py: one build per distinct snapshot, whether given decoded or as JSON text,
and never another snapshot's object."""

from __future__ import annotations

import json

from quizapp.content.memo import SnapshotMemo


def _counting_memo(limit: int = 4096):
    built: list[dict] = []

    def build(snapshot: dict) -> tuple:
        built.append(snapshot)
        return (snapshot["id"], snapshot["stem"])

    return SnapshotMemo(build, limit=limit), built


def test_equal_text_is_built_once_and_different_text_again():
    memo, built = _counting_memo()
    text = json.dumps({"id": "q1", "stem": "Which finding?"})
    assert memo.get_text(text) == ("q1", "Which finding?")
    assert memo.get_text("".join(text)) == ("q1", "Which finding?")  # an equal, new string
    assert len(built) == 1
    edited = json.dumps({"id": "q1", "stem": "Which finding first?"})  # same id, new content
    assert memo.get_text(edited) == ("q1", "Which finding first?")
    assert len(built) == 2


def test_a_changed_dict_is_never_served_the_old_build():
    memo, built = _counting_memo()
    snapshot = {"id": "q1", "stem": "Which finding?"}
    assert memo.get(snapshot) == ("q1", "Which finding?")
    snapshot["stem"] = "Which action?"  # the caller's dict changes after the build
    assert memo.get(snapshot) == ("q1", "Which action?")
    assert memo.get({"id": "q1", "stem": "Which finding?"}) == ("q1", "Which finding?")
    assert len(built) == 2


def test_past_its_limit_the_memo_starts_afresh():
    memo, built = _counting_memo(limit=2)
    texts = [json.dumps({"id": f"q{i}", "stem": "s"}) for i in range(3)]
    for text in texts:
        memo.get_text(text)
    memo.get_text(texts[2])  # kept after the reset
    assert len(built) == 3
    memo.get_text(texts[0])  # dropped by the reset: built again
    assert len(built) == 4
