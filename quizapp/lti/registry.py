"""What the LTI adapter needs to know of the platforms and keys we hold, as plain values, and
the protocol through which it reads them (and stores login nonces). quizapp.services.lti
implements it on the database; the adapter never touches the database itself."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from .library import Registration


@dataclass(frozen=True)
class Platform:
    """A registered LMS (issuer + client id) and its endpoints."""

    id: int
    issuer: str
    client_id: str
    auth_login_url: str
    auth_token_url: str
    key_set_url: str
    token_audience: str | None
    deployment_ids: frozenset[str]


@dataclass(frozen=True)
class SigningKey:
    """The tool's current key pair (the private part decrypted, in memory only)."""

    kid: str
    private_pem: str
    public_pem: str


class Registry(Protocol):
    def find_platform(self, issuer: str, client_id: str | None) -> Platform | None:
        """The active platform with this issuer and client id (or the only one with this
        issuer when the LMS sent no client id)."""

    def signing_key(self) -> SigningKey | None:
        """The key our messages to the LMS are signed with (None before the first one)."""

    def save_nonce(self, platform_id: int, nonce: str) -> None:
        """Remember a nonce sent to the platform at login."""

    def nonce_usable(self, nonce: str) -> bool:
        """True if the nonce was issued by us, has not expired and has not been used."""


def registration(platform: Platform, key: SigningKey | None) -> Registration:
    """The library's Registration for a platform, with our key to sign with."""
    found = (Registration().set_issuer(platform.issuer).set_client_id(platform.client_id)
             .set_auth_login_url(platform.auth_login_url)
             .set_auth_token_url(platform.auth_token_url)
             .set_key_set_url(platform.key_set_url))
    if platform.token_audience:
        found.set_auth_audience(platform.token_audience)
    if key is not None:
        found.set_tool_private_key(key.private_pem).set_tool_public_key(key.public_pem)
    return found
