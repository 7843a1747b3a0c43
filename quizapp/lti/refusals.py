"""Refusals of logins and launches, in words for the person at the LMS: the library's
messages and PyJWT's errors mapped to an HTTP status and a sentence that says what was wrong
(and, where someone can fix it, who and how)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import jwt


class LaunchError(Exception):
    """A refused login or launch: an HTTP status and what was wrong, for the person."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def unknown_deployment(deployment: str) -> str:
    return (f"This tool is not registered for the LMS deployment '{deployment[:80]}'. An "
            "administrator adds it with `quiz lti add-platform NAME --update --deployment "
            f"{deployment[:80]}`.")


def login_refusal(message: str, params: Mapping[str, str]) -> LaunchError:
    if "issuer" in message:
        return LaunchError(400, "The LMS's login request names no issuer (iss).")
    if "login hint" in message:
        return LaunchError(400, "The LMS's login request has no login_hint.")
    if "registration" in message:
        return LaunchError(403, unregistered(params.get("iss", ""), params.get("client_id")))
    return LaunchError(400, f"The LMS's login request was refused: {message[:200]}")


def unregistered(issuer: str, client_id: str | None) -> str:
    who = f"issuer '{issuer[:120]}'" + (f" and client id '{client_id[:80]}'" if client_id
                                        else "")
    return (f"The LMS with {who} is not registered with this tool. An administrator "
            "registers it with `quiz lti add-platform` (docs/lti.md).")


# The library's refusals, by the start of its message, in words for the person at the LMS.
_LIBRARY_REFUSALS: tuple[tuple[str, int, str], ...] = (
    ("Missing state", 400, "The launch has no state parameter."),
    ("State not found", 403,
     "This launch did not begin in this browser: its state does not match the cookie we set "
     "when the LMS started the login (or the browser did not send that cookie back). Open "
     "the link again from the LMS; if your browser blocks cookies in embedded pages, use "
     "'Open in a new window'."),
    ("Missing id_token", 400, "The launch has no id_token."),
    ("Invalid id_token", 400, "The launch's id_token is not a JSON Web Token."),
    ("Invalid JWT format", 400, "The launch's id_token is not a JSON Web Token."),
    ('"nonce" is empty', 400, "The launch token has no 'nonce' claim."),
    ("Invalid Nonce", 403,
     "The launch token's nonce is not one this tool issued, or it has expired or was already "
     "used: the launch was replayed or is stale. Open the link again from the LMS."),
    ('"iss" is empty', 400, "The launch token names no issuer (iss)."),
    ("JWT KID not found", 400, "The launch token's header has no key id (kid)."),
    ("JWT ALG not found", 400, "The launch token's header names no algorithm (alg)."),
    ("Unable to find public key", 403,
     "The launch token was signed with a key id that the LMS's key set does not list."),
    ("Can't convert JWT key", 502, "The LMS's key set holds a key that cannot be read."),
    ("deployment_id is not set", 400, "The launch has no deployment_id claim."),
    ("Must have a user", 400, "The launch has no user (sub claim)."),
    ("Incorrect version", 400, "The launch is not LTI version 1.3.0."),
    ("Missing Roles Claim", 400, "The launch has no roles claim."),
    ("Missing Resource Link Id", 400, "The launch has no resource link id."),
    ("Missing Deep Linking", 400, "The deep linking request has no deep linking settings."),
    ("Must support resource link", 400,
     "The deep linking request does not accept LTI resource links, the only kind we make."),
    ("Must support a presentation", 400,
     "The deep linking request names no presentation target (iframe or window)."),
    ("Invalid message type", 400, "The launch has no message type."),
    ("Unrecognized message type", 400, "The launch's message type is not one this tool "
                                       "handles."),
)


def launch_refusal(message: str, unverified: Mapping[str, Any]) -> LaunchError:
    if message.startswith("Registration not found"):
        audience = unverified.get("aud")
        client = str(audience[0] if isinstance(audience, list) and audience else audience)
        return LaunchError(403, unregistered(str(unverified.get("iss")), client))
    if message.startswith("Client id not registered"):
        return LaunchError(403, "The launch token's audience is not this tool's client id "
                                "for that LMS.")
    if message.startswith("Unable to find deployment"):
        return LaunchError(403, unknown_deployment("of this launch"))
    for start, status, text in _LIBRARY_REFUSALS:
        if message.startswith(start):
            return LaunchError(status, text)
    return LaunchError(400, f"The launch was refused: {message[:200]}")


def token_refusal(exc: jwt.InvalidTokenError, client_id: str) -> LaunchError:
    if isinstance(exc, jwt.ExpiredSignatureError):
        return LaunchError(403, "The launch token has expired (the LMS issued it more than a "
                                "few minutes ago, or the clocks disagree). Open the link again "
                                "from the LMS.")
    if isinstance(exc, jwt.ImmatureSignatureError):
        return LaunchError(403, "The launch token is dated in the future: the LMS's clock and "
                                "ours disagree by more than a minute.")
    if isinstance(exc, jwt.InvalidAudienceError):
        return LaunchError(403, f"The launch token's audience (aud) does not include this "
                                f"tool's client id {client_id[:80]}.")
    if isinstance(exc, jwt.InvalidIssuerError):
        return LaunchError(403, "The launch token's issuer (iss) is not the LMS's.")
    if isinstance(exc, jwt.MissingRequiredClaimError):
        return LaunchError(400, f"The launch token has no '{exc.claim}' claim.")
    if isinstance(exc, jwt.InvalidSignatureError):
        return LaunchError(403, "The launch token's signature does not match the LMS's key.")
    return LaunchError(403, f"The launch token cannot be verified: {str(exc)[:200]}")
