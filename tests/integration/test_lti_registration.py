"""Registering LMSs from the command line, the tool's keys (rotation, JWKS), and the Canvas
developer key configuration."""

from __future__ import annotations

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.lti.keys import PRIVATE_MEMBERS
from quizapp.models import LtiKey
from tests.helpers.lti import LMS


def test_add_list_update_and_remove_a_platform(runner, platform, imported):
    added = platform.register(runner, "--base-url", "https://quiz.school.edu")
    assert added.exit_code == 0, added.output
    assert "Registered platform 'testlms'." in added.output
    assert "deployments: 1:deployment" in added.output
    assert "Made the tool's first signing key" in added.output
    assert "https://quiz.school.edu/lti/login" in added.output
    assert "https://quiz.school.edu/lti/jwks" in added.output
    again = platform.register(runner)
    assert again.exit_code == 1 and "add --update" in again.output
    updated = runner.invoke(args=["quiz", "lti", "add-platform", "testlms", "--update",
                                  "--deployment", "2:other",
                                  "--frame-origin", "https://school.lms.example.edu"])
    assert updated.exit_code == 0, updated.output
    assert "deployments: 1:deployment, 2:other" in updated.output
    listed = runner.invoke(args=["quiz", "lti", "list"])
    assert f"testlms: issuer {LMS}" in listed.output
    assert "https://school.lms.example.edu" in listed.output
    removed = runner.invoke(args=["quiz", "lti", "remove", "testlms"])
    assert removed.exit_code == 0 and "launches are refused" in removed.output
    assert "testlms (removed)" in runner.invoke(args=["quiz", "lti", "list"]).output
    back = platform.register(runner)  # the same issuer and client id come back
    assert back.exit_code == 0 and "(removed)" not in runner.invoke(
        args=["quiz", "lti", "list"]).output


def test_bad_registrations_say_what_is_wrong(runner):
    missing = runner.invoke(args=["quiz", "lti", "add-platform", "canvas",
                                  "--issuer", "https://canvas.instructure.com"])
    assert missing.exit_code == 1
    assert "needs --client-id, --login-url, --token-url, --keyset-url" in missing.output
    plain_http = runner.invoke(args=[
        "quiz", "lti", "add-platform", "moodle", "--issuer", "http://moodle.school.edu",
        "--client-id", "x", "--login-url", "https://m/auth", "--token-url", "https://m/t",
        "--keyset-url", "https://m/k"])
    assert plain_http.exit_code == 1 and "--issuer must be an https:// address" in \
        plain_http.output
    bad_name = runner.invoke(args=["quiz", "lti", "add-platform", "my lms"])
    assert bad_name.exit_code == 1 and "platform name" in bad_name.output
    origin = runner.invoke(args=[
        "quiz", "lti", "add-platform", "m", "--issuer", "https://m", "--client-id", "x",
        "--login-url", "https://m/a", "--token-url", "https://m/t", "--keyset-url",
        "https://m/k", "--frame-origin", "https://m/with/a/path"])
    assert origin.exit_code == 1 and "--frame-origin is an origin" in origin.output
    assert runner.invoke(args=["quiz", "lti", "remove", "nobody"]).exit_code == 1


def test_canvas_gets_a_hint_about_its_shared_issuer(runner, platform):
    platform.issuer = "https://canvas.instructure.com"
    result = platform.register(runner)
    assert "give your school's LMS address with --frame-origin" in result.output


def test_the_key_set_publishes_public_keys_only_and_keeps_the_previous_one(app, client,
                                                                          runner):
    first = runner.invoke(args=["quiz", "lti", "rotate-key"])
    assert first.exit_code == 0
    one = client.get("/lti/jwks")
    assert one.headers["Cache-Control"] == "public, max-age=300"
    [key] = one.get_json()["keys"]
    assert key["kty"] == "RSA" and key["alg"] == "RS256" and key["use"] == "sig"
    assert not set(PRIVATE_MEMBERS) & set(key)
    runner.invoke(args=["quiz", "lti", "rotate-key"])
    runner.invoke(args=["quiz", "lti", "rotate-key"])
    kids = [k["kid"] for k in client.get("/lti/jwks").get_json()["keys"]]
    listing = runner.invoke(args=["quiz", "lti", "keys"]).output.splitlines()
    assert [line.split()[1] for line in listing] == ["signing", "published", "retired"]
    assert kids == [line.split()[0] for line in listing[:2]]
    assert key["kid"] not in kids  # the first key is retired after two rotations


def test_private_keys_are_stored_sealed(app, runner):
    runner.invoke(args=["quiz", "lti", "rotate-key"])
    with app.app_context():
        stored = db.session.scalar(select(LtiKey.private_key))
    assert "PRIVATE KEY" not in stored and stored.startswith("gAAAA")  # a Fernet token


def test_the_canvas_configuration(client):
    config = client.get("/lti/canvas.json").get_json()
    assert config["oidc_initiation_url"] == "http://quizapp.test/lti/login"
    assert config["target_link_uri"] == "http://quizapp.test/lti/launch"
    assert config["public_jwk_url"] == "http://quizapp.test/lti/jwks"
    assert "https://purl.imsglobal.org/spec/lti-ags/scope/score" in config["scopes"]
    assert "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly" \
        in config["scopes"]
    [extension] = config["extensions"]
    assert extension["privacy_level"] == "name_only"
    kinds = {p["placement"]: p["message_type"] for p in extension["settings"]["placements"]}
    assert kinds == {"link_selection": "LtiDeepLinkingRequest",
                     "assignment_selection": "LtiDeepLinkingRequest",
                     "course_navigation": "LtiResourceLinkRequest"}
