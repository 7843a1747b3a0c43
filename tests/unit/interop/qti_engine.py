"""A small QTI 2.1 response-processing interpreter for the tests: it evaluates the XML our
export wrote (declarations, mappings, conditions, expressions), so scoring parity is checked
against the package itself, not against the Python that produced it."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from lxml import etree

NS = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"


def _local(node: etree._Element) -> str:
    return etree.QName(node).localname


def _typed(base_type: str, text: str) -> Any:
    text = text.strip()
    if base_type in ("float", "integer"):
        return Decimal(text)
    return text


class Item:
    """One assessmentItem: score responses with its own response processing."""

    def __init__(self, xml: bytes) -> None:
        self.root = etree.fromstring(xml)
        self.responses: dict[str, etree._Element] = {
            d.get("identifier"): d for d in self.root.iter(f"{NS}responseDeclaration")}
        self.outcome_defaults = {
            d.get("identifier"): Decimal(d.findtext(f"{NS}defaultValue/{NS}value") or "0")
            for d in self.root.iter(f"{NS}outcomeDeclaration")}

    def score(self, responses: dict[str, Any]) -> Decimal:
        self.values: dict[str, Any] = dict(self.outcome_defaults)
        for name in self.responses:
            value = responses.get(name)
            self.values[name] = None if value in ([], "", None) else value
        processing = self.root.find(f"{NS}responseProcessing")
        for rule in processing if processing is not None else []:
            self._rule(rule)
        return Decimal(self.values["SCORE"])

    def _rule(self, rule: etree._Element) -> None:
        name = _local(rule)
        if name == "setOutcomeValue":
            self.values[rule.get("identifier")] = self._eval(rule[0])
        elif name == "responseCondition":
            for branch in rule:
                kind = _local(branch)
                if kind == "responseElse" or self._eval(branch[0]) is True:
                    for inner in (branch if kind == "responseElse" else branch[1:]):
                        self._rule(inner)
                    return
        else:
            raise AssertionError(f"rule <{name}> not supported by the test interpreter")

    def _eval(self, node: etree._Element) -> Any:
        return getattr(self, f"_x_{_local(node)}")(node)

    def _cardinality(self, name: str) -> str:
        return self.responses[name].get("cardinality")

    # Expressions ------------------------------------------------------------------------
    def _x_variable(self, node: etree._Element) -> Any:
        return self.values[node.get("identifier")]

    def _x_correct(self, node: etree._Element) -> Any:
        decl = self.responses[node.get("identifier")]
        values = [_typed(decl.get("baseType"), v.text or "")
                  for v in decl.iter(f"{NS}value")]
        return values[0] if decl.get("cardinality") == "single" else values

    def _x_baseValue(self, node: etree._Element) -> Any:
        return _typed(node.get("baseType"), node.text or "")

    def _x_mapResponse(self, node: etree._Element) -> Decimal:
        name = node.get("identifier")
        mapping = self.responses[name].find(f"{NS}mapping")
        table = {e.get("mapKey"): Decimal(e.get("mappedValue")) for e in mapping}
        value = self.values[name]
        chosen = [] if value is None else ([value] if isinstance(value, str) else value)
        total = sum((table.get(v, Decimal(mapping.get("defaultValue", "0")))
                     for v in set(chosen)), Decimal(0))
        if mapping.get("lowerBound") is not None:
            total = max(total, Decimal(mapping.get("lowerBound")))
        if mapping.get("upperBound") is not None:
            total = min(total, Decimal(mapping.get("upperBound")))
        return total

    def _x_match(self, node: etree._Element) -> bool | None:
        left, right = self._eval(node[0]), self._eval(node[1])
        if left is None or right is None:
            return None
        if isinstance(left, list) and isinstance(right, list):
            first = node[0]
            ordered = _local(first) in ("variable", "correct") and \
                first.get("identifier") in self.responses and \
                self._cardinality(first.get("identifier")) == "ordered"
            return left == right if ordered else Counter(left) == Counter(right)
        return left == right

    def _x_member(self, node: etree._Element) -> bool | None:
        value, container = self._eval(node[0]), self._eval(node[1])
        if value is None or container is None:
            return None
        return value in container

    def _x_and(self, node: etree._Element) -> bool | None:
        results = [self._eval(c) for c in node]
        return None if None in results and False not in results else all(r is True
                                                                          for r in results)

    def _x_or(self, node: etree._Element) -> bool | None:
        results = [self._eval(c) for c in node]
        return True if True in results else (None if None in results else False)

    def _x_not(self, node: etree._Element) -> bool | None:
        result = self._eval(node[0])
        return None if result is None else not result

    def _x_sum(self, node: etree._Element) -> Decimal | None:
        values = [self._eval(c) for c in node]
        return None if None in values else sum(values, Decimal(0))

    def _x_lt(self, node: etree._Element) -> bool | None:
        a, b = self._eval(node[0]), self._eval(node[1])
        return None if a is None or b is None else a < b

    def _x_equal(self, node: etree._Element) -> bool | None:
        a, b = self._eval(node[0]), self._eval(node[1])
        if a is None or b is None:
            return None
        if node.get("toleranceMode", "exact") == "exact":
            return a == b
        low, _, high = (node.get("tolerance") or "0").partition(" ")
        assert node.get("toleranceMode") == "absolute"
        return b - Decimal(low) <= a <= b + Decimal(high or low)

    def _x_index(self, node: etree._Element) -> Any:
        container = self._eval(node[0])
        n = int(node.get("n"))
        if container is None or n > len(container):
            return None
        return container[n - 1]

    def _x_containerSize(self, node: etree._Element) -> Decimal:
        container = self._eval(node[0])
        return Decimal(0 if container is None else len(container))

    def _x_stringMatch(self, node: etree._Element) -> bool | None:
        a, b = self._eval(node[0]), self._eval(node[1])
        if a is None or b is None:
            return None
        if node.get("caseSensitive") == "true":
            return a == b
        return a.lower() == b.lower()
