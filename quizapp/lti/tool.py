"""OIDC login and launch validation on pylti1p3, with our storage and stricter checks.

The library does the protocol: registration and deployment lookup, the state cookie, the
signature against the LMS's key set (by key id), the message validators. Around it we add
what it leaves out or does loosely: the nonce must be one we issued and still unused (kept in
the database, so any app server can check it; the caller marks it used in the launch's
transaction), `exp`, `iat`, `aud` and `azp` are required and checked with a little clock
leeway, only RSA signatures count, key sets are cached per process and fetched again when a
token names an unknown key id, and every refusal says in plain words what was wrong.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jwt
import requests

from . import claims
from .claims import ClaimError, Launch
from .library import (
    CookieService,
    Deployment,
    LtiException,
    MessageLaunch,
    OIDCException,
    OIDCLogin,
    Redirect,
    Registration,
    Request,
    SessionService,
    ToolConfAbstract,
)
from .refusals import (
    LaunchError,
    launch_refusal,
    login_refusal,
    token_refusal,
    unknown_deployment,
)
from .registry import Platform, Registry, registration

LEEWAY_SECONDS = 60  # an LMS's clock a little ahead or behind ours is no reason to refuse
KEY_SET_TTL = 300.0
STATE_COOKIE_SECONDS = 600
ALGORITHMS = ("RS256", "RS384", "RS512")


@dataclass(frozen=True)
class CookieToSet:
    name: str
    value: str
    max_age: int


@dataclass(frozen=True)
class LoginRedirect:
    """Where to send the browser (the LMS's OIDC endpoint) and the state cookie to set."""

    url: str
    cookies: tuple[CookieToSet, ...]
    platform_id: int


class _Request(Request):
    def __init__(self, params: Mapping[str, str], cookies: Mapping[str, str]) -> None:
        self._params, self._cookies = params, cookies

    @property
    def session(self) -> dict[str, Any]:
        return {}  # nothing of LTI lives in the Flask session before the launch succeeds

    def is_secure(self) -> bool:
        return True

    def get_param(self, key: str) -> str:
        return self._params.get(key) or ""

    def cookie(self, name: str) -> str | None:
        return self._cookies.get(name)


class _Cookies(CookieService):
    def __init__(self, request: _Request) -> None:
        self._request = request
        self.to_set: list[CookieToSet] = []

    def get_cookie(self, name: str) -> str | None:
        return self._request.cookie(f"{self._cookie_prefix}-{name}")

    def set_cookie(self, name: str, value: str | int, exp: int | None = 3600) -> None:
        self.to_set.append(CookieToSet(f"{self._cookie_prefix}-{name}", str(value),
                                       min(exp or STATE_COOKIE_SECONDS, STATE_COOKIE_SECONDS)))


class _ToolConf(ToolConfAbstract[_Request]):
    """Registrations from our registry; one issuer may have many client ids (Canvas)."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.found: Platform | None = None

    def check_iss_has_one_client(self, iss: str) -> bool:
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        return True

    def find_registration_by_issuer(self, iss: str, *args: Any, **kwargs: Any
                                    ) -> Registration:
        return self.find_registration_by_params(iss, None)

    def find_registration_by_params(self, iss: str, client_id: str | None, *args: Any,
                                    **kwargs: Any) -> Registration:
        self.found = self.registry.find_platform(iss, client_id or None)
        if self.found is None:
            return None  # type: ignore[return-value]  # the library checks for None
        return registration(self.found, self.registry.signing_key())

    def find_deployment(self, iss: str, deployment_id: str) -> Deployment | None:
        return self.find_deployment_by_params(iss, deployment_id, "")

    def find_deployment_by_params(self, iss: str, deployment_id: str, client_id: str,
                                  *args: Any, **kwargs: Any) -> Deployment | None:
        if self.found is None or deployment_id not in self.found.deployment_ids:
            return None
        return Deployment().set_deployment_id(deployment_id)


class _Session(SessionService):
    """Nonces in the registry (the database); no launch data kept, no re-use of a state."""

    def __init__(self, request: _Request, conf: _ToolConf) -> None:
        super().__init__(request)
        self._conf = conf

    def save_nonce(self, nonce: str) -> None:
        assert self._conf.found is not None, "the registration is found before the nonce"
        self._conf.registry.save_nonce(self._conf.found.id, nonce)

    def check_nonce(self, nonce: str) -> bool:
        return self._conf.registry.nonce_usable(nonce)

    def check_state_is_valid(self, state: str, id_token_hash: str) -> bool:
        return False  # a state is good once, with its cookie; never for a re-posted token

    def set_state_valid(self, state: str, id_token_hash: str) -> None:
        return None

    def save_launch_data(self, key: str, jwt_body: Mapping[str, Any]) -> None:
        return None


class _Redirect(Redirect[str]):
    def __init__(self, url: str) -> None:
        self._url = url

    def do_redirect(self) -> str:
        return self._url

    def do_js_redirect(self) -> str:
        return self._url

    def set_redirect_url(self, location: str) -> None:
        self._url = location

    def get_redirect_url(self) -> str:
        return self._url


class _Login(OIDCLogin[_Request, _ToolConf, _Session, _Cookies, str]):
    def get_redirect(self, url: str) -> _Redirect:
        return _Redirect(url)

    def validate_oidc_login(self) -> Registration:
        found = super().validate_oidc_login()
        deployment = self._get_request_param("lti_deployment_id")
        platform = self._tool_config.found
        if deployment and platform is not None and deployment not in platform.deployment_ids:
            raise LaunchError(403, unknown_deployment(deployment))
        return found


def begin_login(params: Mapping[str, str], launch_url: str, registry: Registry
                ) -> LoginRedirect:
    """The redirect to the LMS's OIDC endpoint for a third-party initiated login, with a new
    state (cookie) and nonce (stored); LaunchError when the request cannot be honoured."""
    request = _Request(params, {})
    conf = _ToolConf(registry)
    cookies = _Cookies(request)
    login = _Login(request, conf, _Session(request, conf), cookies)
    try:
        url = login.get_redirect_object(launch_url).get_redirect_url()
    except OIDCException as exc:
        raise login_refusal(str(exc), params) from None
    assert conf.found is not None
    return LoginRedirect(url, tuple(cookies.to_set), conf.found.id)


_KEY_SETS: dict[str, tuple[float, Any]] = {}


class _Launch(MessageLaunch[_Request, _ToolConf, _Session, _Cookies]):
    _cached_key_set = False

    def unverified_claims(self) -> Mapping[str, Any]:
        """The token's claims as decoded so far (not to be trusted: for error messages)."""
        return self._jwt.get("body") or {}

    def _get_request_param(self, key: str) -> str:
        return self._request.get_param(key)

    def fetch_public_key(self, key_set_url: str) -> Any:
        cached = _KEY_SETS.get(key_set_url)
        if cached is not None and time.monotonic() - cached[0] < KEY_SET_TTL:
            self._cached_key_set = True
            return cached[1]
        self._cached_key_set = False
        key_set = _fetch_key_set(self._requests_session, key_set_url)
        _KEY_SETS[key_set_url] = (time.monotonic(), key_set)
        return key_set

    def get_public_key(self) -> tuple[str, str]:
        try:
            return super().get_public_key()
        except LtiException as exc:
            if not (self._cached_key_set and "Unable to find public key" in str(exc)):
                raise
        # The LMS may have rotated its keys since we cached them: fetch them again, once.
        assert self._registration is not None
        _KEY_SETS.pop(self._registration.get_key_set_url() or "", None)
        self._registration.set_key_set(None)
        return super().get_public_key()

    def validate_jwt_signature(self) -> _Launch:
        public_key, alg = self.get_public_key()
        if alg not in ALGORITHMS:
            raise LaunchError(403, f"The launch token is signed with {alg[:20]}; only RSA "
                                   "signatures (RS256) are accepted.")
        assert self._registration is not None
        client_id = self._registration.get_client_id() or ""
        try:
            body = jwt.decode(self._get_id_token(), public_key, algorithms=[alg],
                              audience=client_id, issuer=self._registration.get_issuer(),
                              leeway=LEEWAY_SECONDS,
                              options={"require": ["exp", "iat", "iss", "aud", "sub", "nonce"]})
        except jwt.InvalidTokenError as exc:
            raise token_refusal(exc, client_id) from None
        audiences = body["aud"] if isinstance(body["aud"], list) else [body["aud"]]
        if (len(audiences) > 1 or "azp" in body) and body.get("azp") != client_id:
            raise LaunchError(403, f"The launch token is meant for several tools and its "
                                   f"authorised party (azp) is not our client id {client_id}.")
        return self


def validate_launch(params: Mapping[str, str], cookies: Mapping[str, str],
                    registry: Registry, http: requests.Session) -> Launch:
    """The launch the posted id token describes, fully checked; LaunchError otherwise. The
    nonce is checked (issued by us, unexpired, unused) but marking it used is the caller's."""
    request = _Request(params, cookies)
    conf = _ToolConf(registry)
    launch = _Launch(request, conf, _Session(request, conf), _Cookies(request),
                     requests_session=http)
    try:
        launch.validate()
    except LtiException as exc:
        raise launch_refusal(str(exc), launch.unverified_claims()) from None
    assert conf.found is not None
    try:
        return claims.read_launch(launch.get_launch_data(), conf.found.id)
    except ClaimError as exc:
        raise LaunchError(400, str(exc)) from None


def _fetch_key_set(http: requests.Session, url: str) -> Any:
    try:
        response = http.get(url)
    except requests.RequestException as exc:
        raise LaunchError(502, f"The LMS's public keys could not be fetched from {url} "
                               f"({type(exc).__name__}); try the launch again in a "
                               "moment.") from None
    try:
        key_set = response.json() if response.ok else None
    except ValueError:
        key_set = None
    if not isinstance(key_set, dict) or not isinstance(key_set.get("keys"), list):
        raise LaunchError(502, f"The LMS's key set at {url} answered {response.status_code} "
                               "without a JSON list of keys; the launch cannot be checked.")
    return key_set
