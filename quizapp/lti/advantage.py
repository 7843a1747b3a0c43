"""LTI Advantage calls to an LMS on pylti1p3: scores (AGS), line items, rosters (NRPS), and
the signed deep linking response.

Failures come back as ServiceFailure saying what failed and whether trying again later may
help (the LMS is down, slow or busy) or not (it refused the request as such).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any, TypeVar
from urllib.parse import urlencode, urlsplit

import jwt
import requests
from requests.utils import parse_header_links

from .claims import SCOPE_LINEITEM, SCOPE_SCORE, TARGET_PARAM
from .library import (
    AssignmentsGradesService,
    DeepLink,
    DeepLinkResource,
    Grade,
    LineItem,
    LtiException,
    LtiServiceException,
    NamesRolesProvisioningService,
    ServiceConnector,
)
from .registry import Platform, SigningKey, registration

T = TypeVar("T")
MAX_ROSTER_PAGES = 500  # 500 pages of members is far beyond any course; a loop stops here
LINEITEM_TYPE = "application/vnd.ims.lis.v2.lineitem+json"
LINEITEMS_TYPE = "application/vnd.ims.lis.v2.lineitemcontainer+json"
RETRY_STATUSES = frozenset({401, 403, 408, 409, 425, 429})


class ServiceFailure(Exception):
    """A call to the LMS failed: `message` for the instructor, `retryable` if later may work."""

    def __init__(self, message: str, *, retryable: bool) -> None:
        super().__init__(message)
        self.message = message
        self.retryable = retryable


@dataclass(frozen=True)
class Score:
    """One student's score for a line item, as AGS wants it."""

    user_id: str  # the student's LTI `sub` on that LMS
    given: float
    maximum: float
    timestamp: datetime

    def grade(self) -> Grade:
        return (Grade().set_score_given(self.given).set_score_maximum(self.maximum)
                .set_timestamp(self.timestamp.isoformat(timespec="milliseconds"))
                .set_activity_progress("Completed").set_grading_progress("FullyGraded")
                .set_user_id(self.user_id))


@dataclass(frozen=True)
class Member:
    """A course member from the roster (NRPS)."""

    user_id: str
    name: str
    roles: tuple[str, ...]
    active: bool


@dataclass(frozen=True)
class ContentItem:
    """A link to put in the LMS by deep linking; a line item when `score_maximum` is set."""

    title: str
    url: str
    target: str
    score_maximum: float | None = None
    text: str = ""


class Connection:
    """Calls to one LMS's services. The access token for a set of scopes is fetched once per
    connection, so a sender drains many scores with one token."""

    def __init__(self, platform: Platform, key: SigningKey | None,
                 http: requests.Session) -> None:
        if key is None:
            raise ServiceFailure("The tool has no key to sign its token requests with; run "
                                 "`quiz lti rotate-key`.", retryable=True)
        self.platform = platform
        self._connector = ServiceConnector(registration(platform, key), http)

    def post_score(self, lineitem_url: str, score: Score) -> None:
        """POST the score to the line item's /scores endpoint."""
        service = AssignmentsGradesService(self._connector,
                                           {"scope": [SCOPE_SCORE], "lineitem": lineitem_url})
        self._call("Sending the score", lambda: service.put_grade(score.grade()))

    def lineitem_for(self, lineitems_url: str, resource_link_id: str, label: str,
                     score_maximum: float, tag: str) -> str:
        """The URL of the link's line item: the one the LMS has for the resource link, or a
        new one (label, maximum, tag) when it has none."""
        query = urlencode({"resource_link_id": resource_link_id})
        url = lineitems_url + ("&" if urlsplit(lineitems_url).query else "?") + query
        found = self._call("Looking up the gradebook column", lambda: self._request(
            [SCOPE_LINEITEM], url, accept=LINEITEMS_TYPE))
        for item in found["body"] if isinstance(found["body"], list) else []:
            if isinstance(item, dict) and item.get("resourceLinkId") == resource_link_id \
                    and isinstance(item.get("id"), str):
                return str(item["id"])
        new = (LineItem().set_label(label[:200]).set_score_maximum(score_maximum)
               .set_resource_link_id(resource_link_id).set_tag(tag))
        made = self._call("Creating the gradebook column", lambda: self._request(
            [SCOPE_LINEITEM], lineitems_url, accept=LINEITEM_TYPE, content_type=LINEITEM_TYPE,
            data=new.get_value()))
        body = made["body"]
        if not isinstance(body, dict) or not isinstance(body.get("id"), str):
            raise ServiceFailure("The LMS created a gradebook column but did not say its URL.",
                                 retryable=True)
        return str(body["id"])

    def roster(self, memberships_url: str) -> Iterator[Member]:
        """Every member of the course, page after page (following `next` links)."""
        service = NamesRolesProvisioningService(
            self._connector, {"context_memberships_url": memberships_url})
        url: str | None = memberships_url
        seen: set[str] = set()
        while url and url not in seen and len(seen) < MAX_ROSTER_PAGES:
            seen.add(url)
            data = self._call("Reading the course roster",
                              partial(service.get_nrps_data, url))
            body = data.get("body")
            members = body.get("members") if isinstance(body, dict) else None
            if not isinstance(members, list):
                raise ServiceFailure("The LMS's roster page has no list of members.",
                                     retryable=True)
            yield from (m for m in map(_member, members) if m is not None)
            url = _next_link(data.get("headers") or {})

    def _request(self, scopes: list[str], url: str, *, accept: str,
                 content_type: str = "application/json", data: str | None = None) -> Any:
        return self._connector.make_service_request(
            scopes, url, is_post=data is not None, data=data, content_type=content_type,
            accept=accept)

    def _call(self, what: str, call: Callable[[], T]) -> T:
        try:
            return call()
        except requests.Timeout:
            raise ServiceFailure(f"{what}: the LMS did not answer in time.",
                                 retryable=True) from None
        except requests.ConnectionError:
            raise ServiceFailure(f"{what}: the LMS could not be reached.",
                                 retryable=True) from None
        except LtiServiceException as exc:
            raise _refused(what, exc.response) from None
        except (LtiException, requests.RequestException, ValueError, KeyError) as exc:
            raise ServiceFailure(f"{what}: {type(exc).__name__}: {str(exc)[:200]}",
                                 retryable=True) from None


def _refused(what: str, response: requests.Response) -> ServiceFailure:
    status = response.status_code
    detail = " ".join(response.text.split())[:160]
    where = urlsplit(response.url).path[-80:]
    retryable = status >= 500 or status in RETRY_STATUSES
    return ServiceFailure(f"{what}: the LMS answered {status} at {where}"
                          + (f": {detail}" if detail else "."), retryable=retryable)


def _next_link(headers: Mapping[str, str]) -> str | None:
    """The rel="next" URL of a Link header, as sent (URLs are case-sensitive)."""
    value = next((v for k, v in headers.items() if k.lower() == "link"), "")
    for link in parse_header_links(value) if value else []:
        if "next" in link.get("rel", "").split() and link.get("url"):
            return link["url"]
    return None


def _member(raw: object) -> Member | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("user_id"), str) \
            or not raw["user_id"] or len(raw["user_id"]) > 255:
        return None
    roles = raw.get("roles")
    roles = [r for r in roles if isinstance(r, str)] if isinstance(roles, list) else []
    name = raw.get("name") or " ".join(str(raw.get(k) or "") for k in
                                       ("given_name", "family_name")).strip()
    return Member(raw["user_id"], str(name)[:200], tuple(roles),
                  raw.get("status", "Active") == "Active")


def deep_link_response(platform: Platform, key: SigningKey, deployment_id: str,
                       settings: Mapping[str, Any], items: Sequence[ContentItem]) -> str:
    """The signed LtiDeepLinkingResponse JWT that returns `items` to the LMS."""
    resources = []
    for item in items:
        resource = (DeepLinkResource().set_type("ltiResourceLink").set_title(item.title[:200])
                    .set_url(item.url).set_custom_params({TARGET_PARAM: item.target}))
        if item.score_maximum is not None:
            resource.set_lineitem(LineItem().set_score_maximum(item.score_maximum)
                                  .set_label(item.title[:200]).set_resource_id(item.target)
                                  .set_tag("quizapp"))
        resources.append(resource)
    link = DeepLink(registration(platform, key), deployment_id, dict(settings))  # type: ignore[arg-type]
    message = link.get_message_jwt(resources)
    if settings.get("data") is None:  # echo `data` only when the LMS sent one
        message.pop("https://purl.imsglobal.org/spec/lti-dl/claim/data", None)
    message["iat"] = int(time.time())
    return jwt.encode(message, key.private_pem, algorithm="RS256", headers={"kid": key.kid})
