"""One QTI 2.1 assessmentItem per question: interactions in the item body, and response
processing that reproduces our scoring rule exactly (SCORE = our points earned)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from ..content.model import Part, Question
from ..content.slots import SLOT_PATTERN
from ..content.types import max_score
from .qti_body import NS, SLOT, Element, blocks, el, ident, inline, pictures
from .qti_feedback import add_feedback, declare_feedback
from .qti_rp import add, base, correct, declare_outcome, declare_response, op, set_value, var, when

R = "RESPONSE"
IMAGES = "../images/"  # item files sit in items/, pictures in images/


def _opt(oid: str) -> str:
    return ident("o", oid)


def _part(pid: str) -> str:
    return ident("p", pid)


def _resp(pid: str) -> str:
    return f"{R}_{pid.replace('-', '_')}"


def _slots(text: str) -> str:
    return SLOT_PATTERN.sub(lambda m: SLOT.format(m.group(1).strip()), text)


def _choices(parent: Element, q: Question, max_choices: int, name: str = R,
             shuffle: bool | None = None) -> Element:
    shuffled = q.shuffle if shuffle is None else shuffle
    node = el(parent, "choiceInteraction", responseIdentifier=name,
              shuffle="true" if shuffled else "false", maxChoices=str(max_choices))
    for o in q.options:
        choice = el(node, "simpleChoice", identifier=_opt(o.id))
        inline(choice, o.text)
        pictures(choice, o.images, IMAGES, block=False)
    return node


def _mapping(keys: tuple[str, ...], others: list[str], wrong: str) -> dict[str, str]:
    out = {_opt(k): "1" for k in keys}
    out.update({_opt(o): wrong for o in others if o not in keys})
    return out


def _choice(item: Element, body: Element, q: Question) -> list[Element]:
    ids = [o.id for o in q.options]
    if q.type in ("single_choice", "true_false"):
        declare_response(item, R, "single", "identifier", [_opt(q.key[0])])
        _choices(body, q, 1)
        return [when(op("match", var(R), correct(R)), set_value("SCORE", base("float", "1")))]
    picks = q.detail.picks if q.type == "select_n" and q.detail else 0
    plus_minus = q.scoring == "plus_minus"
    declare_response(item, R, "multiple", "identifier", [_opt(k) for k in q.key],
                     _mapping(q.key, ids, "-1" if plus_minus else "0"))
    if q.type == "highlight":
        assert q.detail is not None
        hot = el(body, "hottextInteraction", responseIdentifier=R, maxChoices="0")
        texts = {o.id: o.text for o in q.options}

        def hottext(parent: Element, name: str) -> None:
            inline(el(parent, "hottext", identifier=_opt(name)), texts[name])
        blocks(hot, _slots(q.detail.passage), hottext)
    else:
        _choices(body, q, picks)
    if q.scoring in ("plus_minus",) or (q.type == "select_n" and q.scoring == "zero_one"):
        return [set_value("SCORE", op("mapResponse", identifier=R))]
    if q.type == "select_n":
        test = op("and", op("equal", op("containerSize", var(R)), base("integer", str(picks)),
                            toleranceMode="exact"),
                  op("equal", op("mapResponse", identifier=R), base("float", str(picks)),
                     toleranceMode="exact"))
        return [when(test, set_value("SCORE", base("float", "1")))]
    return [when(op("match", var(R), correct(R)), set_value("SCORE", base("float", "1")))]


def _order(item: Element, body: Element, q: Question) -> list[Element]:
    declare_response(item, R, "ordered", "identifier", [_opt(k) for k in q.key])
    node = el(body, "orderInteraction", responseIdentifier=R, shuffle="true")
    for o in q.options:
        choice = el(node, "simpleChoice", identifier=_opt(o.id))
        inline(choice, o.text)
        pictures(choice, o.images, IMAGES, block=False)
    if q.scoring == "all_or_nothing":
        return [when(op("match", var(R), correct(R)), set_value("SCORE", base("float", "1")))]
    return [when(op("match", op("index", var(R), n=str(i)), base("identifier", _opt(k))),
                 add("SCORE", "1")) for i, k in enumerate(q.key, start=1)]


def _pairs(parts: tuple[Part, ...]) -> list[str]:
    return [f"{_part(p.id)} {_opt(k)}" for p in parts for k in p.key]


def _match(item: Element, body: Element, q: Question) -> list[Element]:
    many = q.type == "matrix_multiple_response"
    pairs = _pairs(q.parts)
    mapping = {pair: "1" for pair in pairs} if not many else None
    declare_response(item, R, "multiple", "directedPair", pairs, mapping)
    node = el(body, "matchInteraction", responseIdentifier=R,
              shuffle="true" if q.shuffle else "false",
              maxAssociations=str(len(q.parts) * (len(q.options) if many else 1)))
    rows, columns = el(node, "simpleMatchSet"), el(node, "simpleMatchSet")
    for p in q.parts:
        inline(el(rows, "simpleAssociableChoice", identifier=_part(p.id),
                  matchMax="0" if many else "1"), p.text)
    for o in q.options:
        column = el(columns, "simpleAssociableChoice", identifier=_opt(o.id),
                    matchMax=str(len(q.parts)))
        inline(column, o.text)
        pictures(column, o.images, IMAGES, block=False)
    if q.scoring == "all_or_nothing":
        return [when(op("match", var(R), correct(R)), set_value("SCORE", base("float", "1")))]
    if not many:
        return [set_value("SCORE", op("mapResponse", identifier=R))]
    return _per_column(item, q)


def _per_column(item: Element, q: Question) -> list[Element]:
    """NCLEX +/- per column of a matrix multiple response, each column floored at 0."""
    rules: list[Element] = []
    totals = []
    for n, column in enumerate(q.options):
        name = f"COLUMN_{n + 1}"
        declare_outcome(item, name, "0")
        totals.append(var(name))
        for p in q.parts:
            pair = base("directedPair", f"{_part(p.id)} {_opt(column.id)}")
            rules.append(when(op("member", pair, var(R)),
                              add(name, "1" if column.id in p.key else "-1")))
        rules.append(when(op("lt", var(name), base("float", "0")),
                          set_value(name, base("float", "0"))))
    rules.append(set_value("SCORE", op("sum", *totals)))
    return rules


def _cloze(item: Element, body: Element, q: Question) -> list[Element]:
    assert q.detail is not None
    blanks = {p.id: p for p in q.parts}
    for p in q.parts:
        declare_response(item, _resp(p.id), "single", "identifier", [_opt(p.key[0])])

    def drop_down(parent: Element, name: str) -> None:
        node = el(parent, "inlineChoiceInteraction", responseIdentifier=_resp(name),
                  shuffle="true" if q.shuffle else "false")
        for o in blanks[name].options:
            el(node, "inlineChoice", o.text, identifier=_opt(o.id))
    blocks(body, _slots(q.detail.passage), drop_down)
    tests = [op("match", var(_resp(p.id)), correct(_resp(p.id))) for p in q.parts]
    if q.scoring == "zero_one":
        return [when(t, add("SCORE", "1")) for t in tests]
    return [when(op("and", *tests), set_value("SCORE", base("float", "1")))]


def _bow_tie(item: Element, body: Element, q: Question) -> list[Element]:
    table = el(body, "div")
    for p in q.parts:
        name = _resp(p.id)
        declare_response(item, name, "single" if p.picks == 1 else "multiple", "identifier",
                         [_opt(k) for k in p.key], {_opt(k): "1" for k in p.key})
        node = el(table, "choiceInteraction", responseIdentifier=name,
                  shuffle="true" if q.shuffle else "false", maxChoices=str(p.picks))
        el(node, "prompt", p.text)
        for o in p.options:
            inline(el(node, "simpleChoice", identifier=_opt(o.id)), o.text)
    if q.scoring == "all_or_nothing":
        tests = [op("match", var(_resp(p.id)), correct(_resp(p.id))) for p in q.parts]
        return [when(op("and", *tests), set_value("SCORE", base("float", "1")))]
    return [set_value("SCORE", op("sum", *[op("mapResponse", identifier=_resp(p.id))
                                           for p in q.parts]))]


def _numeric(item: Element, body: Element, q: Question) -> list[Element]:
    assert q.detail is not None
    target = Decimal(q.key[0])
    tolerance = Decimal(q.detail.tolerance)
    if q.detail.tolerance_kind == "percent":
        tolerance = abs(target) * tolerance / 100
    declare_response(item, R, "single", "float", [q.key[0]])
    line = el(body, "p")
    el(line, "textEntryInteraction", responseIdentifier=R, expectedLength="10")
    if q.detail.unit:
        line[-1].tail = f" {q.detail.unit}"
    bound = format(tolerance.normalize(), "f")
    test = op("equal", var(R), base("float", q.key[0]), toleranceMode="absolute",
              tolerance=f"{bound} {bound}")
    return [when(test, set_value("SCORE", base("float", "1")))]


def _short_text(item: Element, body: Element, q: Question) -> list[Element]:
    assert q.detail is not None
    declare_response(item, R, "single", "string", [q.key[0]])
    el(el(body, "p"), "textEntryInteraction", responseIdentifier=R, expectedLength="30")
    sensitive = "true" if q.detail.case_sensitive else "false"
    tests = [op("stringMatch", var(R), base("string", a), caseSensitive=sensitive)
             for a in q.key]
    test = tests[0] if len(tests) == 1 else op("or", *tests)
    return [when(test, set_value("SCORE", base("float", "1")))]


BUILDERS: dict[str, Callable[[Element, Element, Question], list[Element]]] = {
    "single_choice": _choice, "true_false": _choice, "select_all": _choice,
    "select_n": _choice, "highlight": _choice, "ordered_response": _order,
    "matching": _match, "matrix_multiple_choice": _match, "matrix_multiple_response": _match,
    "drop_down_cloze": _cloze, "drop_down_rationale": _cloze, "bow_tie": _bow_tie,
    "numeric": _numeric, "short_text": _short_text,
}


def build_item(q: Question) -> Element:
    """The assessmentItem for `q` (QTI 2.1)."""
    item = el(None, "assessmentItem", identifier=ident("q", q.id), title=q.id,
              adaptive="false", timeDependent="false")
    body = el(None, "itemBody")
    if q.case is not None:
        case = el(body, "div")
        el(case, "h3", q.case.title)
        blocks(case, q.case.as_scenario())
        pictures(case, q.case.images, IMAGES, block=True)
    blocks(body, q.stem)
    pictures(body, q.images, IMAGES, block=True)
    rules = BUILDERS[q.type](item, body, q)
    declare_outcome(item, "SCORE", "0")
    declare_outcome(item, "MAXSCORE", str(max_score(q)))
    declare_feedback(item)
    item.append(body)
    processing = el(item, "responseProcessing")
    show = add_feedback(item, q)  # after responseProcessing, as QTI orders them
    for rule in [*rules, *([show] if show is not None else [])]:
        processing.append(rule)
    return item


__all__ = ["NS", "build_item"]
