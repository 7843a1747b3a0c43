"""Questions and quizzes built in code for the lint tests, and the warnings a bank of them
gets."""

from __future__ import annotations

from quizapp.content import Bank, Module, Option, Question, Quiz
from quizapp.content.lint import lint_bank
from quizapp.content.model import Location

RATIONALE = "Explains why, with the clinical reason for it."


def question(qid: str = "q1", *, stem: str = "Which action should the nurse take first?",
             options: tuple[str, ...] = ("Check the pulse", "Call the family", "Give water"),
             key: tuple[str, ...] = ("a",), qtype: str = "single_choice",
             rationales: dict[str, str] | None = None, line: int = 10) -> Question:
    ids = "abcdefgh"
    opts = tuple(Option(ids[i], text, (rationales or {}).get(ids[i], RATIONALE))
                 for i, text in enumerate(options))
    if qtype == "true_false":
        opts = (Option("true", "True", (rationales or {}).get("true", RATIONALE)),
                Option("false", "False", (rationales or {}).get("false", RATIONALE)))
    return Question(id=qid, type=qtype, stem=stem, options=opts, key=key,
                    scoring="plus_minus" if qtype == "select_all" else "zero_one",
                    source="parts", difficulty="easy", bloom="remember",
                    client_need="management-of-care",
                    location=Location("lesson.yaml", line, 7))


def quiz(*questions: Question) -> Quiz:
    return Quiz(id="quiz", title="Quiz", pass_mark=70, questions=questions,
                location=Location("lesson.yaml", 3, 1))


def warnings(*questions: Question) -> list[str]:
    bank = Bank((Module("m", "M", "", (), (quiz(*questions),)),))
    return [str(p) for p in lint_bank(bank)]
