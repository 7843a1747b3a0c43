"""A fake LMS on its own loopback server, for launching quizapp inside an iframe in a real
browser: a course page that frames the tool, an OIDC authorisation endpoint that posts a
signed launch back, a key set, a token endpoint and a score endpoint that records scores.

It lives at http://localhost:PORT while quizapp is at http://127.0.0.1:PORT, two different
sites, so the iframe is cross-site as it is in a real school.
"""

from __future__ import annotations

import html
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import jwt
from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from quizapp.lti import claims as c
from tests.helpers.lti import public_jwk, rsa_key

CLIENT_ID = "browser-client"
DEPLOYMENT = "1:browser"


@dataclass
class FakeLms:
    base_url: str = ""
    tool_url: str = ""
    key: Any = field(default_factory=rsa_key)
    scores: list[dict[str, Any]] = field(default_factory=list)
    score_arrived: threading.Event = field(default_factory=threading.Event)

    @property
    def issuer(self) -> str:
        return self.base_url

    def __call__(self, environ, start_response):  # type: ignore[no-untyped-def]
        request = Request(environ)
        handler = {"/course": self._course, "/auth": self._auth, "/jwks": self._jwks,
                   "/token": self._token, "/lineitems/1/scores": self._score}.get(request.path)
        response = handler(request) if handler else Response("not found", status=404)
        return response(environ, start_response)

    def _course(self, request: Request) -> Response:
        """The LMS's course page: quizapp in an iframe, as a link placed in the course."""
        login = self.tool_url + "/lti/login?" + urlencode({
            "iss": self.issuer, "login_hint": "student-1", "client_id": CLIENT_ID,
            "lti_deployment_id": DEPLOYMENT, "target_link_uri": self.tool_url + "/lti/launch"})
        return Response(f"""<!doctype html><html lang="en"><head><title>NUR 301</title></head>
<body><h1>NUR 301 in the LMS</h1>
<iframe title="quizapp" src="{html.escape(login)}" width="1000" height="700"></iframe>
</body></html>""", mimetype="text/html")

    def _auth(self, request: Request) -> Response:
        """The OIDC authorisation endpoint: sign the launch and post it back (as LMSs do)."""
        args = request.args
        assert args["client_id"] == CLIENT_ID and args["response_mode"] == "form_post"
        now = int(time.time())
        token = jwt.encode({
            "iss": self.issuer, "aud": CLIENT_ID, "sub": "student-1", "iat": now,
            "exp": now + 300, "nonce": args["nonce"], "name": "Iris Browser",
            c.MESSAGE_TYPE: c.RESOURCE_LAUNCH, c.VERSION: "1.3.0",
            c.DEPLOYMENT_ID: DEPLOYMENT, c.TARGET_LINK_URI: args["redirect_uri"],
            c.RESOURCE_LINK: {"id": "browser-link", "title": "Basics quiz"},
            c.ROLES: ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
            c.CONTEXT: {"id": "browser-course", "title": "NUR 301 in the browser"},
            c.CUSTOM: {c.TARGET_PARAM: "quiz:demo/basics-quiz"},
            c.AGS_ENDPOINT: {"scope": [c.SCOPE_SCORE],
                             "lineitem": self.base_url + "/lineitems/1"},
            c.LAUNCH_PRESENTATION: {"document_target": "iframe",
                                    "return_url": self.base_url + "/course"},
        }, self.key, algorithm="RS256", headers={"kid": "browser-lms-key"})
        fields = "".join(f'<input type="hidden" name="{name}" value="{html.escape(value)}">'
                         for name, value in (("id_token", token), ("state", args["state"])))
        return Response(f"""<!doctype html><html lang="en"><head><title>Launching</title></head>
<body><form method="post" action="{html.escape(args['redirect_uri'])}">{fields}
<button type="submit">Continue</button></form>
<script>document.forms[0].submit();</script></body></html>""", mimetype="text/html")

    def _jwks(self, request: Request) -> Response:
        return Response(json.dumps({"keys": [public_jwk(self.key, "browser-lms-key")]}),
                        mimetype="application/json")

    def _token(self, request: Request) -> Response:
        return Response(json.dumps({"access_token": "browser-token", "token_type": "Bearer",
                                    "expires_in": 3600}), mimetype="application/json")

    def _score(self, request: Request) -> Response:
        self.scores.append(json.loads(request.get_data(as_text=True)))
        self.score_arrived.set()
        return Response("{}", mimetype="application/json")


class _Quiet(WSGIRequestHandler):
    def log_request(self, *args: object, **kwargs: object) -> None:
        """Requests are not logged; errors still are."""


@contextmanager
def serving(lms: FakeLms) -> Iterator[FakeLms]:
    """The fake LMS on localhost (a free port) in a thread."""
    server = make_server("localhost", 0, lms, threaded=True, request_handler=_Quiet)
    lms.base_url = f"http://localhost:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, name="fake-lms", daemon=True)
    thread.start()
    try:
        yield lms
    finally:
        server.shutdown()
        thread.join(timeout=10)
