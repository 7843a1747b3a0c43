"""Response-processing building blocks for QTI 2.1 (all custom rules, no templates, so a
player needs nothing but the standard expressions)."""

from __future__ import annotations

from .qti_body import Element, el


def var(name: str) -> Element:
    return el(None, "variable", identifier=name)


def base(base_type: str, value: str) -> Element:
    return el(None, "baseValue", value, baseType=base_type)


def op(tag: str, *children: Element, **attrs: str) -> Element:
    node = el(None, tag, **attrs)
    for child in children:
        node.append(child)
    return node


def correct(name: str) -> Element:
    return el(None, "correct", identifier=name)


def set_value(outcome: str, expr: Element) -> Element:
    return op("setOutcomeValue", expr, identifier=outcome)


def add(outcome: str, amount: str) -> Element:
    """outcome := outcome + amount."""
    return set_value(outcome, op("sum", var(outcome), base("float", amount)))


def when(test: Element, *then: Element) -> Element:
    """responseCondition: if `test` then `then`."""
    branch = op("responseIf", test, *then)
    return op("responseCondition", branch)


def declare_response(item: Element, name: str, cardinality: str, base_type: str,
                     correct_values: list[str],
                     mapping: dict[str, str] | None = None, lower_bound: str = "0") -> None:
    node = el(item, "responseDeclaration", identifier=name, cardinality=cardinality,
              baseType=base_type)
    if correct_values:
        box = el(node, "correctResponse")
        for value in correct_values:
            el(box, "value", value)
    if mapping is not None:
        table = el(node, "mapping", lowerBound=lower_bound, defaultValue="0")
        for key, value in mapping.items():
            el(table, "mapEntry", mapKey=key, mappedValue=value)


def declare_outcome(item: Element, name: str, default: str) -> None:
    node = el(item, "outcomeDeclaration", identifier=name, cardinality="single",
              baseType="float")
    el(el(node, "defaultValue"), "value", default)
