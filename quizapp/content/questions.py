"""Parse a question from YAML: the keys every type shares here, the rest by the parser the
type registry (types/registry.py) names for its `type:`."""

from __future__ import annotations

from .examples import parse_examples
from .images import optional_images
from .item_extras import EXTRA_KEYS, parse_lesson, parse_mark, parse_topics
from .model import (
    BLOOM_LEVELS,
    CLIENT_NEEDS,
    CLINICAL_JUDGEMENT_STEPS,
    DIFFICULTIES,
    Location,
    Question,
)
from .reader import FileReader
from .types import TYPES
from .yamlpos import Path

# Beside these, each type requires and allows its own keys (types/registry.py).
COMMON_REQUIRED = ("id", "type", "stem", "source", "difficulty", "bloom", "client_need")
COMMON_OPTIONAL = ("clinical_judgement", "shuffle", "general_feedback", "scoring", "examples",
                   "images", *EXTRA_KEYS)
MAX_STEM_IMAGES = 4
# An unknown `type:` is reported once; its other keys are checked as a single choice's would be.
_UNKNOWN_TYPE_KEYS: tuple[tuple[str, ...], tuple[str, ...]] = (("options", "key"), ())


def parse_question(r: FileReader, path: Path, *, pool_item: bool = False) -> Question | None:
    """Parse the question at `path`; None (with problems recorded) when it is unusable.
    `pool_item`: a single item of an exam pool, which must name its `lesson`."""
    qtype = r.get((*path, "type")) if isinstance(r.get(path), dict) else None
    spec = TYPES.get(qtype) if isinstance(qtype, str) else None
    extra, allowed = (spec.keys, spec.optional) if spec else _UNKNOWN_TYPE_KEYS
    if not r.mapping(path, COMMON_REQUIRED + extra, COMMON_OPTIONAL + allowed):
        return None
    qid = r.ident((*path, "id"))
    r.choice((*path, "type"), TYPES)
    stem = r.text((*path, "stem"))
    source = r.ident((*path, "source"))
    difficulty = r.choice((*path, "difficulty"), DIFFICULTIES)
    bloom = r.choice((*path, "bloom"), BLOOM_LEVELS)
    client_need = r.choice((*path, "client_need"), CLIENT_NEEDS)
    clinical_judgement = r.choice((*path, "clinical_judgement"), CLINICAL_JUDGEMENT_STEPS)
    shuffle = r.boolean((*path, "shuffle"), True)
    general_feedback = r.text((*path, "general_feedback"), required=False) or ""
    examples = parse_examples(r, path, qtype if isinstance(qtype, str) else "")
    mark, lesson = parse_mark(r, path), parse_lesson(r, path, pool_item)
    topics = parse_topics(r, path)
    images = optional_images(r, path, MAX_STEM_IMAGES)
    if spec is None or not isinstance(qtype, str) or mark is None or lesson is False \
            or topics is None or images is None:
        return None
    built = spec.parse(r, path)
    scoring = _scoring(r, path, spec.rules)
    if (built is None or qid is None or stem is None or scoring is None or source is None
            or difficulty is None or bloom is None or client_need is None):
        return None
    options, key, shuffle_allowed, detail = built
    pos = r.doc.where(path)
    return Question(id=qid, type=qtype, stem=stem, options=options, key=key, scoring=scoring,
                    source=source, difficulty=difficulty, bloom=bloom, client_need=client_need,
                    clinical_judgement=clinical_judgement, shuffle=shuffle and shuffle_allowed,
                    general_feedback=general_feedback, detail=detail, mark=mark,
                    lesson=lesson if isinstance(lesson, str) else None, topics=topics,
                    location=Location(r.file, pos.line, pos.col), examples=examples,
                    images=images)


def _scoring(r: FileReader, path: Path, rules: tuple[str, ...]) -> str | None:
    if "scoring" not in r.get(path):
        return rules[0]
    return r.choice((*path, "scoring"), rules)
