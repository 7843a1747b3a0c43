"""The LTI adapter's pure parts: role mapping, claims, sealed keys, Link headers; and no
private key anywhere in the repository."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from quizapp.lti import claims, keys
from quizapp.lti.advantage import Member, _member, _next_link

M = "http://purl.imsglobal.org/vocab/lis/v2/membership"
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("roles, expected", [
    ([f"{M}#Learner"], "student"),
    (["Learner"], "student"),
    ([f"{M}#Instructor"], "instructor"),
    ([f"{M}/Instructor#TeachingAssistant"], "instructor"),
    ([f"{M}#ContentDeveloper"], "instructor"),
    ([f"{M}#Learner", f"{M}#Instructor"], "instructor"),
    # institution roles never decide a course role: a faculty member taking a course learns
    (["http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor",
      f"{M}#Learner"], "student"),
    (["http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator"], None),
    ([f"{M}#Mentor"], None),
    ([], None),
])
def test_course_roles_map_to_ours(roles, expected):
    assert claims.map_role(roles) == expected


def test_origins_of_urls():
    assert claims.origin("https://School.Example.edu:8443/courses/1?x") == \
        "https://school.example.edu:8443"
    assert claims.origin("javascript:alert(1)") is None
    assert claims.origin(42) is None


def test_a_sealed_key_opens_only_with_its_secret():
    private, public = keys.generate()
    sealed = keys.seal(private, "secret-a")
    assert "PRIVATE" not in sealed and keys.unseal(sealed, "secret-a") == private
    with pytest.raises(keys.KeyUnreadable, match="rotate-key"):
        keys.unseal(sealed, "secret-b")
    jwk = keys.public_jwk(public)
    assert jwk["kid"] == keys.kid(public) and not set(keys.PRIVATE_MEMBERS) & set(jwk)


def test_next_links_are_followed_as_sent():
    header = '<https://lms/members?page=2&Token=AbC>; rel="next", <https://lms/m>; rel="first"'
    assert _next_link({"Link": header}) == "https://lms/members?page=2&Token=AbC"
    assert _next_link({"link": '<https://lms/m>; rel="prev"'}) is None
    assert _next_link({}) is None


def test_roster_members_are_read_defensively():
    assert _member({"user_id": "u1", "given_name": "Bea", "family_name": "Ng",
                    "roles": ["Learner", 7], "status": "Inactive"}) == \
        Member("u1", "Bea Ng", ("Learner",), False)
    assert _member({"user_id": ""}) is None and _member("nope") is None
    assert _member({"user_id": "x" * 300}) is None


def test_no_private_key_is_in_the_repository():
    """Tool and test keys are made at run time; none is ever committed."""
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                             check=True).stdout.decode().split("\0")
    found = [name for name in tracked if name and (ROOT / name).is_file()
             and b"PRIVATE KEY-----" in (ROOT / name).read_bytes()
             and not name.endswith(".py")]
    assert found == []
    for name in (n for n in tracked if n.endswith(".py")):
        text = (ROOT / name).read_text(errors="ignore")
        assert "-----BEGIN RSA PRIVATE KEY-----\nMII" not in text
        assert "-----BEGIN PRIVATE KEY-----\nMII" not in text
