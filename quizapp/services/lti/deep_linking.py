"""Deep linking: the instructor picks lessons, quizzes or a final exam from our catalogue in
the LMS, and we answer with signed LTI resource links (a gradebook column, out of the quiz's
marks, for each quiz)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...lti.advantage import ContentItem, deep_link_response
from ...lti.claims import origin
from ..errors import BadInput, NotFound
from . import grades, keys
from .catalog import resolve
from .registry import active_platform


@dataclass(frozen=True)
class DeepLinkReply:
    """The form that returns the picked items to the LMS."""

    return_url: str
    jwt: str
    titles: tuple[str, ...]


def accepts_multiple(settings: Mapping[str, Any]) -> bool:
    return settings.get("accept_multiple") in (True, "true")


def items_for(codes: list[str], launch_url: str, settings: Mapping[str, Any]
              ) -> list[ContentItem]:
    """The content items for the picked targets; BadInput for none, too many, or a target
    that is not in the catalogue."""
    codes = list(dict.fromkeys(c for c in codes if c))
    if not codes:
        raise BadInput("Choose a lesson, a quiz or an exam to add to the course.")
    if len(codes) > 1 and not accepts_multiple(settings):
        raise BadInput("The LMS takes one item here: choose just one.")
    targets = []
    for code in codes[:50]:
        target = resolve(code)
        if target is None:
            raise BadInput(f"'{code[:80]}' is not in the catalogue (it may have been retired); "
                           "reload the page and choose again.")
        targets.append(target)
    maxima = grades.score_maxima([t.quiz_id for t in targets if t.quiz_id is not None])
    return [ContentItem(t.title, launch_url, t.code,
                        maxima.get(t.quiz_id, grades.PERCENT) if t.quiz_id is not None
                        else None) for t in targets]


def reply(platform_id: int, deployment_id: str, settings: Mapping[str, Any],
          items: list[ContentItem], secret: str) -> DeepLinkReply:
    """The signed response for the LMS (NotFound if the platform was removed meanwhile)."""
    platform = active_platform(platform_id)
    return_url = settings.get("deep_link_return_url")
    if platform is None:
        raise NotFound("This LMS is no longer registered with quizapp.")
    if not isinstance(return_url, str) or origin(return_url) is None:
        raise BadInput("The LMS gave no address to return the chosen items to.")
    token = deep_link_response(platform, keys.current(secret), deployment_id, settings, items)
    return DeepLinkReply(return_url, token, tuple(i.title for i in items))
