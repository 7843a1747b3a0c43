"""A fake LMS for the LTI tests, all offline: an RSA key made per run, its key set, token,
score, line item and roster endpoints answered through `responses`, id tokens signed with
PyJWT, and the browser's side of the OIDC login and launch driven through the Flask client.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import responses
from cryptography.hazmat.primitives.asymmetric import rsa
from flask.testing import FlaskClient
from jwt.algorithms import RSAAlgorithm

from quizapp.lti import claims as c

LMS = "https://lms.example.edu"
SCHOOL = "https://school.lms.example.edu"  # where the LMS's own pages (the iframe's parent) live
LAUNCH_URL = "http://quizapp.test/lti/launch"
MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
LEARNER = [MEMBERSHIP + "Learner"]
INSTRUCTOR = [MEMBERSHIP + "Instructor"]
LINEITEM = f"{LMS}/api/lti/courses/1/line_items/7"
LINEITEMS = f"{LMS}/api/lti/courses/1/line_items"
MEMBERS = f"{LMS}/api/lti/courses/1/names_and_roles"


def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_jwk(key: rsa.RSAPrivateKey, kid: str) -> dict[str, Any]:
    jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    return {**jwk, "kid": kid, "alg": "RS256", "use": "sig"}


@dataclass
class Login:
    """What the tool sent the browser to the LMS with."""

    state: str
    nonce: str
    params: dict[str, str]


@dataclass
class FakePlatform:
    """One LMS registration: issuer, client id, deployment, and its signing key."""

    key: rsa.RSAPrivateKey
    issuer: str = LMS
    client_id: str = "quizapp-client-1"
    deployment: str = "1:deployment"
    kid: str = "lms-key-1"
    name: str = "testlms"
    scores: list[dict[str, Any]] = field(default_factory=list)
    token_requests: list[dict[str, list[str]]] = field(default_factory=list)

    @cached_property
    def login_url(self) -> str:
        return f"{self.issuer}/api/lti/authorize_redirect"

    @cached_property
    def token_url(self) -> str:
        return f"{self.issuer}/login/oauth2/token"

    @cached_property
    def keyset_url(self) -> str:
        return f"{self.issuer}/api/lti/security/jwks"

    def register(self, runner, *extra: str):
        """`quiz lti add-platform` for this platform (its result)."""
        return runner.invoke(args=[
            "quiz", "lti", "add-platform", self.name, "--issuer", self.issuer,
            "--client-id", self.client_id, "--login-url", self.login_url,
            "--token-url", self.token_url, "--keyset-url", self.keyset_url,
            "--deployment", self.deployment, *extra])

    def jwks(self) -> dict[str, Any]:
        return {"keys": [public_jwk(self.key, self.kid)]}

    def serve(self, lms: responses.RequestsMock) -> None:
        """Answer the key set and token endpoints (scores are added per test)."""
        lms.add(responses.GET, self.keyset_url, json=self.jwks())
        lms.add_callback(responses.POST, self.token_url, callback=self._token)

    def _token(self, request) -> tuple[int, dict[str, str], str]:
        form = parse_qs(request.body)
        self.token_requests.append(form)
        return 200, {}, json.dumps({"access_token": f"token-{len(self.token_requests)}",
                                    "token_type": "Bearer", "expires_in": 3600})

    def accept_scores(self, lms: responses.RequestsMock, url: str = LINEITEM,
                      status: int = 200) -> None:
        def record(request) -> tuple[int, dict[str, str], str]:
            self.scores.append({"body": json.loads(request.body),
                                "authorization": request.headers.get("Authorization"),
                                "content_type": request.headers.get("Content-Type")})
            return status, {}, "{}"
        lms.add_callback(responses.POST, f"{url}/scores", callback=record)

    # The browser's side of a launch -------------------------------------------------------

    def login(self, client: FlaskClient, **params: str) -> Login:
        """Start a launch as the LMS does, through the cookie check, up to the redirect to
        the LMS's authorisation endpoint; the state and nonce the tool chose."""
        query = {"iss": self.issuer, "login_hint": "hint-1", "target_link_uri": LAUNCH_URL,
                 "client_id": self.client_id, "lti_deployment_id": self.deployment, **params}
        response = client.get("/lti/login?" + urlencode(query))
        while response.status_code == 303:  # the cookie check comes back to /lti/login
            response = client.get(response.headers["Location"])
        assert response.status_code == 302, response.get_data(as_text=True)
        location = response.headers["Location"]
        assert location.startswith(self.login_url + "?")
        sent = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
        return Login(sent["state"], sent["nonce"], sent)

    def claims(self, nonce: str, *, sub: str = "lms-user-1", roles: list[str] | None = None,
               **overrides: Any) -> dict[str, Any]:
        """A resource link launch into course-1's quiz link (override or drop any claim;
        a value of None drops it)."""
        now = int(time.time())
        body: dict[str, Any] = {
            "iss": self.issuer, "aud": self.client_id, "sub": sub, "iat": now,
            "exp": now + 300, "nonce": nonce, "name": "Maria López",
            c.MESSAGE_TYPE: c.RESOURCE_LAUNCH, c.VERSION: "1.3.0",
            c.DEPLOYMENT_ID: self.deployment, c.TARGET_LINK_URI: LAUNCH_URL,
            c.RESOURCE_LINK: {"id": "link-basics-quiz", "title": "Basics quiz (LMS)"},
            c.ROLES: roles if roles is not None else LEARNER,
            c.CONTEXT: {"id": "course-1", "label": "NUR301", "title": "NUR 301 Adult Health"},
            c.CUSTOM: {c.TARGET_PARAM: "quiz:demo/basics-quiz"},
            c.AGS_ENDPOINT: {"scope": [c.SCOPE_LINEITEM, c.SCOPE_RESULT_READ, c.SCOPE_SCORE],
                             "lineitem": LINEITEM, "lineitems": LINEITEMS},
            c.NRPS: {"context_memberships_url": MEMBERS, "service_versions": ["2.0"]},
            c.LAUNCH_PRESENTATION: {"document_target": "iframe",
                                    "return_url": f"{SCHOOL}/courses/1/external_content"},
        }
        body.update(overrides)
        return {k: v for k, v in body.items() if v is not None}

    def sign(self, body: dict[str, Any], *, key: rsa.RSAPrivateKey | None = None,
             kid: str | None = None, alg: str = "RS256") -> str:
        headers = {"kid": kid if kid is not None else self.kid}
        secret: Any = key or self.key
        return jwt.encode(body, secret, algorithm=alg, headers=headers)

    def post_launch(self, client: FlaskClient, token: str, state: str):
        """The LMS's auto-submitted form, posted by the browser to the tool."""
        return client.post("/lti/launch", data={"id_token": token, "state": state})

    def launch(self, client: FlaskClient, **claims: Any):
        """A whole launch: login, then the signed id token posted back."""
        started = self.login(client)
        return self.post_launch(client, self.sign(self.claims(started.nonce, **claims)),
                                started.state)

    def deep_link_claims(self, nonce: str, **overrides: Any) -> dict[str, Any]:
        settings = {"deep_link_return_url": f"{SCHOOL}/courses/1/deep_linking_response",
                    "accept_types": ["ltiResourceLink"],
                    "accept_presentation_document_targets": ["iframe", "window"],
                    "accept_multiple": False, "data": "opaque-lms-data"}
        return self.claims(nonce, roles=INSTRUCTOR, **{
            c.MESSAGE_TYPE: c.DEEP_LINK_LAUNCH, c.RESOURCE_LINK: None, c.CUSTOM: None,
            c.AGS_ENDPOINT: None, c.DEEP_LINKING: settings, **overrides})


def members_page(members: list[dict[str, Any]]) -> dict[str, Any]:
    return {"id": MEMBERS, "context": {"id": "course-1", "title": "NUR 301 Adult Health"},
            "members": members}


def member(user_id: str, name: str, roles: list[str] | None = None,
           status: str = "Active") -> dict[str, Any]:
    return {"user_id": user_id, "name": name, "roles": roles or LEARNER, "status": status}


def new_uuid() -> str:
    return uuid.uuid4().hex
