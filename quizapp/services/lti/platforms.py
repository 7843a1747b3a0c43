"""Registering LMS platforms: `quiz lti add-platform / list / remove` (docs/lti.md).

A platform is an issuer and a client id with its OIDC login, token and key-set URLs and the
deployment ids launches may come from. Removing one refuses its launches and grade sending
from then on; its accounts, courses and grades stay (adding it again brings it back).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from sqlalchemy import func, select

from ...database import write_transaction
from ...extensions import db
from ...lti.claims import origin
from ...models import LtiContext, LtiDeployment, LtiPlatform, LtiUser
from ...models.types import utcnow
from ..errors import BadInput, NotFound

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
# Issuers shared by every school on a hosted LMS: framing needs the school's own address.
SHARED_ISSUERS = ("https://canvas.instructure.com", "https://blackboard.com")
MAX_FRAME_ORIGINS = 20


@dataclass(frozen=True)
class PlatformSettings:
    """What an administrator gives for a platform (None: keep the stored value on update)."""

    name: str
    issuer: str | None = None
    client_id: str | None = None
    auth_login_url: str | None = None
    auth_token_url: str | None = None
    key_set_url: str | None = None
    token_audience: str | None = None
    deployment_ids: tuple[str, ...] = ()
    frame_origins: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlatformInfo:
    id: int
    name: str
    issuer: str
    client_id: str
    auth_login_url: str
    auth_token_url: str
    key_set_url: str
    token_audience: str | None
    deployment_ids: tuple[str, ...]
    frame_origins: tuple[str, ...]
    removed: bool
    people: int = 0
    courses: int = 0


def check_url(value: str, what: str) -> str:
    """An absolute https URL (http only for this machine); BadInput naming `what`."""
    text = value.strip()
    parts = urlsplit(text)
    local = parts.hostname in LOCAL_HOSTS
    if parts.scheme not in ("https", "http") or not parts.hostname or \
            (parts.scheme == "http" and not local) or len(text) > 1000 or \
            any(ch.isspace() or ord(ch) < 32 for ch in text):
        raise BadInput(f"{what} must be an https:// address, not '{text[:100]}'.")
    return text


def _check_id(value: str, what: str) -> str:
    text = value.strip()
    if not text or len(text) > 255 or any(ord(ch) < 32 for ch in text):
        raise BadInput(f"{what} must be 1-255 characters, not '{text[:100]}'.")
    return text


def _checked(s: PlatformSettings) -> PlatformSettings:
    """The settings with every given value checked (BadInput saying which is wrong)."""
    if not NAME.match(s.name or ""):
        raise BadInput("A platform name is 1-64 letters, digits, '.', '_' or '-' (e.g. canvas).")
    urls = {field: check_url(getattr(s, field), label) for field, label in (
        ("issuer", "--issuer"), ("auth_login_url", "--login-url"),
        ("auth_token_url", "--token-url"), ("key_set_url", "--keyset-url"),
        ("token_audience", "--token-audience")) if getattr(s, field)}
    frames = []
    for value in s.frame_origins:
        found = origin(check_url(value, "--frame-origin"))
        if found is None or found.rstrip("/") != value.strip().rstrip("/").lower():
            raise BadInput(f"--frame-origin is an origin like https://school.instructure.com "
                           f"(no path), not '{value[:100]}'.")
        frames.append(found)
    return replace(s, **urls, client_id=_check_id(s.client_id, "--client-id")
                   if s.client_id else None,
                   deployment_ids=tuple(_check_id(d, "--deployment") for d in s.deployment_ids),
                   frame_origins=tuple(frames))


def add_platform(settings: PlatformSettings, *, update: bool = False) -> PlatformInfo:
    """Register a platform, or (update) change one: given values replace, deployment ids and
    frame origins are added. A removed platform with the same issuer and client id comes back.
    BadInput for a wrong or missing value or a name or issuer/client pair already in use."""
    s = _checked(settings)
    with write_transaction():
        row = db.session.scalar(select(LtiPlatform).where(LtiPlatform.name == s.name))
        if row is not None and not update and row.removed_at is None:
            raise BadInput(f"A platform named '{s.name}' exists; add --update to change it.")
        if row is not None:
            row.removed_at = None  # a removed platform added again comes back
        if row is None and update:
            raise NotFound(f"There is no platform named '{s.name}' to update.")
        existing = row is not None
        if row is None:
            row = _new_or_returning(s)
        _apply(row, s, existing=existing)
        db.session.flush()
        for deployment in s.deployment_ids:
            if db.session.scalar(select(LtiDeployment.id).where(
                    LtiDeployment.platform_id == row.id,
                    LtiDeployment.deployment_id == deployment)) is None:
                db.session.add(LtiDeployment(platform_id=row.id, deployment_id=deployment))
        db.session.flush()
        return _info(row)


def _new_or_returning(s: PlatformSettings) -> LtiPlatform:
    missing = [flag for flag, value in (
        ("--issuer", s.issuer), ("--client-id", s.client_id), ("--login-url", s.auth_login_url),
        ("--token-url", s.auth_token_url), ("--keyset-url", s.key_set_url)) if not value]
    if missing:
        raise BadInput(f"A new platform needs {', '.join(missing)}.")
    row = db.session.scalar(select(LtiPlatform).where(LtiPlatform.issuer == s.issuer,
                                                      LtiPlatform.client_id == s.client_id))
    if row is not None and row.removed_at is None:
        raise BadInput(f"The issuer and client id are already registered as '{row.name}'.")
    if row is None:
        row = LtiPlatform(frame_origins=[])
        db.session.add(row)
    row.removed_at = None
    return row


def _apply(row: LtiPlatform, s: PlatformSettings, *, existing: bool) -> None:
    issuer, client_id = s.issuer or row.issuer, s.client_id or row.client_id
    if existing and db.session.scalar(select(LtiPlatform.name).where(
            LtiPlatform.issuer == issuer, LtiPlatform.client_id == client_id,
            LtiPlatform.id != row.id)) is not None:
        raise BadInput("Another platform has this issuer and client id.")
    row.name = s.name
    for field in ("issuer", "client_id", "auth_login_url", "auth_token_url", "key_set_url",
                  "token_audience"):
        if getattr(s, field):
            setattr(row, field, getattr(s, field))
    known = list(row.frame_origins or [])
    defaults = [origin(row.issuer), origin(row.auth_login_url)]
    row.frame_origins = list(dict.fromkeys(
        [o for o in [*known, *defaults, *s.frame_origins] if o]))[:MAX_FRAME_ORIGINS]


def hints(info: PlatformInfo) -> list[str]:
    """What the administrator should still do for this platform to work."""
    out = []
    if not info.deployment_ids:
        out.append("No deployment id yet: launches are refused until you add one with "
                   f"`quiz lti add-platform {info.name} --update --deployment ID`.")
    if info.issuer in SHARED_ISSUERS and len(info.frame_origins) <= 2:
        out.append("This LMS's issuer is shared by every school: give your school's LMS "
                   "address with --frame-origin (e.g. https://school.instructure.com) so its "
                   "pages may frame quizapp before the first launch teaches us.")
    return out


def list_platforms() -> list[PlatformInfo]:
    """Every platform (removed ones too), by name, with how many people and courses it has."""
    return [_info(row) for row in db.session.scalars(
        select(LtiPlatform).order_by(LtiPlatform.name))]


def remove_platform(name: str) -> PlatformInfo:
    """Refuse the platform's launches from now on (its people, courses and grades stay)."""
    with write_transaction():
        row = db.session.scalar(select(LtiPlatform).where(LtiPlatform.name == name))
        if row is None or row.removed_at is not None:
            raise NotFound(f"There is no registered platform named '{name[:64]}'.")
        row.removed_at = utcnow()
        db.session.flush()
        return _info(row)


def _info(row: LtiPlatform) -> PlatformInfo:
    deployments = tuple(db.session.scalars(select(LtiDeployment.deployment_id).where(
        LtiDeployment.platform_id == row.id).order_by(LtiDeployment.id)))
    people = db.session.scalar(select(func.count(LtiUser.id)).where(
        LtiUser.platform_id == row.id)) or 0
    courses = db.session.scalar(select(func.count(LtiContext.id)).where(
        LtiContext.platform_id == row.id)) or 0
    return PlatformInfo(row.id, row.name, row.issuer, row.client_id, row.auth_login_url,
                        row.auth_token_url, row.key_set_url, row.token_audience, deployments,
                        tuple(row.frame_origins or ()), row.removed_at is not None,
                        people, courses)
