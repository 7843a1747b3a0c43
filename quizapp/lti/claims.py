"""The claims of an LTI 1.3 launch, read into a frozen `Launch`, and the role mapping.

Pure: no Flask, no database. A launch token is signed by a registered LMS, but its claims are
still checked for shape here, so a malformed one is a clear 400 and never a crash.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import urlsplit

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
MESSAGE_TYPE = LTI + "message_type"
VERSION = LTI + "version"
DEPLOYMENT_ID = LTI + "deployment_id"
TARGET_LINK_URI = LTI + "target_link_uri"
RESOURCE_LINK = LTI + "resource_link"
ROLES = LTI + "roles"
CONTEXT = LTI + "context"
CUSTOM = LTI + "custom"
LAUNCH_PRESENTATION = LTI + "launch_presentation"
AGS_ENDPOINT = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
DEEP_LINKING = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"

RESOURCE_LAUNCH = "LtiResourceLinkRequest"
DEEP_LINK_LAUNCH = "LtiDeepLinkingRequest"
MESSAGE_TYPES = (RESOURCE_LAUNCH, DEEP_LINK_LAUNCH)

SCOPE_SCORE: Final = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
SCOPE_LINEITEM: Final = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
SCOPE_LINEITEM_READ: Final = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly"
SCOPE_RESULT_READ: Final = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly"
SCOPE_ROSTER: Final = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
TOOL_SCOPES = (SCOPE_LINEITEM, SCOPE_LINEITEM_READ, SCOPE_RESULT_READ, SCOPE_SCORE, SCOPE_ROSTER)

# The custom parameter deep linking puts on a link: what it opens ("quiz:module/slug").
TARGET_PARAM = "quizapp_target"

# Course (membership) roles, by their short name. Instructor sub-roles (Grader, ...) count as
# Instructor; institution and system roles never decide a course role.
INSTRUCTOR_ROLES = frozenset({"Instructor", "TeachingAssistant", "ContentDeveloper"})
LEARNER_ROLES = frozenset({"Learner"})
_MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership"


class ClaimError(ValueError):
    """A launch claim is missing or has the wrong shape; the message says which."""


@dataclass(frozen=True)
class Context:
    id: str
    title: str


@dataclass(frozen=True)
class Ags:
    """Assignment and Grade Services for the launch's link."""

    scopes: tuple[str, ...]
    lineitem: str | None
    lineitems: str | None

    @property
    def can_score(self) -> bool:
        return SCOPE_SCORE in self.scopes

    @property
    def can_create_lineitem(self) -> bool:
        return SCOPE_LINEITEM in self.scopes and self.lineitems is not None


@dataclass(frozen=True)
class Launch:
    """A validated launch (signature, issuer, audience, deployment, expiry and state have been
    checked by quizapp.lti.tool); the nonce is still to be marked used by the caller."""

    platform_id: int
    message_type: str
    deployment_id: str
    sub: str
    nonce: str
    role: str  # "student" or "instructor"
    role_names: tuple[str, ...]
    name: str = ""
    context: Context | None = None
    resource_link_id: str | None = None
    resource_title: str = ""
    target: str = ""  # our custom parameter, empty when the link carries none
    ags: Ags | None = None
    memberships_url: str | None = None
    deep_linking: Mapping[str, Any] = field(default_factory=dict)
    frame_origin: str | None = None  # where the LMS page that framed us lives


def membership_roles(uris: list[str]) -> set[str]:
    """The short names of the course roles among `uris` (principal roles and sub-roles;
    a sub-role such as Instructor#TeachingAssistant gives both names)."""
    names = set()
    for uri in uris:
        if "/" not in uri and "#" not in uri:  # a simple name ("Learner"): a course role
            names.add(uri)
        elif uri.startswith(_MEMBERSHIP + "#"):
            names.add(uri.partition("#")[2])
        elif uri.startswith(_MEMBERSHIP + "/"):
            principal, _, sub = uri[len(_MEMBERSHIP) + 1:].partition("#")
            names.update({principal, sub} - {""})
    return names


def map_role(uris: list[str]) -> str | None:
    """instructor (Instructor, TeachingAssistant, ContentDeveloper), student (Learner), or
    None for a course role we have no place for (Mentor, an administrator only)."""
    names = membership_roles(uris)
    if names & INSTRUCTOR_ROLES:
        return "instructor"
    if names & LEARNER_ROLES:
        return "student"
    return None


def origin(url: object) -> str | None:
    """scheme://host[:port] of an http(s) URL, or None."""
    if not isinstance(url, str):
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}".lower()


def _text(claims: Mapping[str, Any], key: str, *, required: bool = False,
          limit: int = 255, what: str = "") -> str:
    name = what or f"'{_short(key)}' claim"
    value = claims.get(key)
    if value is None or value == "":
        if required:
            raise ClaimError(f"The launch has no {name}.")
        return ""
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise ClaimError(f"The launch's {name} must be text.")
    text = str(value)
    if len(text) > limit:
        raise ClaimError(f"The launch's {name} is longer than {limit} characters.")
    return text


def _object(claims: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = claims.get(key)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ClaimError(f"The launch's '{_short(key)}' claim must be an object.")
    return value


def _short(key: str) -> str:
    return key.rsplit("/", 1)[-1]


def _strings(value: object, what: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ClaimError(f"The launch's '{what}' must be a list of text.")
    return value


def _ags(claims: Mapping[str, Any]) -> Ags | None:
    endpoint = _object(claims, AGS_ENDPOINT)
    if not endpoint:
        return None
    scopes = _strings(endpoint.get("scope", []), "endpoint scope")
    return Ags(tuple(scopes),
               _text(endpoint, "lineitem", limit=1000, what="AGS lineitem") or None,
               _text(endpoint, "lineitems", limit=1000, what="AGS lineitems") or None)


def read_launch(claims: Mapping[str, Any], platform_id: int) -> Launch:
    """The launch these (signature-checked) claims describe; ClaimError if one is missing or
    malformed, or if the person's course role has no place here."""
    message_type = _text(claims, MESSAGE_TYPE, required=True)
    if message_type not in MESSAGE_TYPES:
        raise ClaimError(f"The launch's message type '{message_type[:60]}' is not one this "
                         f"tool handles ({', '.join(MESSAGE_TYPES)}).")
    roles = _strings(claims.get(ROLES), "roles")
    role = map_role(roles)
    if role is None:
        shown = ", ".join(sorted(membership_roles(roles))) or "none"
        raise ClaimError(f"Your role in this LMS course ({shown[:80]}) has no place in quizapp: "
                         "it is for the course's learners, instructors, teaching assistants "
                         "and content developers.")
    context = _object(claims, CONTEXT)
    link = _object(claims, RESOURCE_LINK)
    if message_type == RESOURCE_LAUNCH and not link.get("id"):
        raise ClaimError("The launch has no resource link id.")
    custom = _object(claims, CUSTOM)
    nrps = _object(claims, NRPS)
    return Launch(
        platform_id=platform_id, message_type=message_type,
        deployment_id=_text(claims, DEPLOYMENT_ID, required=True),
        sub=_text(claims, "sub", required=True), nonce=_text(claims, "nonce", required=True),
        role=role, role_names=tuple(sorted(membership_roles(roles))),
        name=_text(claims, "name", limit=10_000)[:200],
        context=Context(_text(context, "id", required=True, what="context id"),
                        (_text(context, "title", limit=10_000)
                         or _text(context, "label", limit=10_000))[:200]) if context else None,
        resource_link_id=_text(link, "id") or None,
        resource_title=_text(link, "title", limit=10_000)[:200],
        target=_text(custom, TARGET_PARAM, limit=200), ags=_ags(claims),
        memberships_url=_text(nrps, "context_memberships_url", limit=1000,
                              what="roster (NRPS) address") or None,
        deep_linking=_object(claims, DEEP_LINKING),
        frame_origin=origin(_object(claims, LAUNCH_PRESENTATION).get("return_url")))
