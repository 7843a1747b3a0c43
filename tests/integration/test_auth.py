"""Sign up, log in, log out; sessions, roles and CSRF."""

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import User
from tests.helpers.data import PASSWORD
from tests.helpers.web import csrf_token, post


def user_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(User.id)))


def test_signup_creates_a_student_with_a_hashed_password_and_logs_in(app, client):
    response = post(client, "/signup", {"username": "Nadia", "password": PASSWORD,
                                        "confirm": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "nadia"))
        assert user.role == "student"
        assert PASSWORD not in user.password_hash and user.password_hash.startswith("$argon2")
    assert "My progress" in client.get("/").get_data(as_text=True)


def test_signup_refuses_short_password_mismatch_and_taken_name(app, client, make_user):
    make_user(username="taken")
    cases = [
        ({"username": "okname", "password": "short", "confirm": "short"}, "at least 8"),
        ({"username": "okname", "password": PASSWORD, "confirm": "different-1"},
         "Passwords differ"),
        ({"username": "taken", "password": PASSWORD, "confirm": PASSWORD}, "already taken"),
        ({"username": "bad name!", "password": PASSWORD, "confirm": PASSWORD}, "Use letters"),
    ]
    for data, message in cases:
        response = post(client, "/signup", data)
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)
    assert user_count(app) == 1


def test_login_with_wrong_password_says_so_without_revealing_which(client, make_user):
    make_user(username="amal")
    for username in ("amal", "nobody"):
        response = post(client, "/login", {"username": username, "password": "wrong-pass-1"})
        assert response.status_code == 400
        assert "Wrong username or password." in response.get_data(as_text=True)
    assert client.get("/").status_code == 302  # still anonymous


def test_pages_need_login_and_redirect_back_after(client, make_user, imported):
    make_user(username="amal")
    response = client.get("/modules/demo/lessons/basics")
    assert response.status_code == 302 and "/login?next=" in response.headers["Location"]
    response = post(client, "/login?next=/modules/demo/lessons/basics",
                    {"username": "amal", "password": PASSWORD})
    assert response.headers["Location"] == "/modules/demo/lessons/basics"


def test_login_never_redirects_off_site(client, make_user):
    make_user(username="amal")
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = post(client, f"/login?next={target}", {"username": "amal",
                                                          "password": PASSWORD})
        assert response.headers["Location"] == "/", target
        post(client, "/logout")


def test_logout_revokes_the_session_on_the_server(app, client, auth, make_user):
    make_user(username="amal")
    auth.login("amal")
    with client.session_transaction() as session:
        stolen = dict(session)  # a copy of the cookie's contents, as a thief would keep
    assert auth.logout().status_code == 302
    thief = app.test_client()
    with thief.session_transaction() as session:
        session.update(stolen)
    assert thief.get("/").status_code == 302  # the old session no longer works


def test_post_without_csrf_token_is_refused_and_changes_nothing(app, client):
    response = client.post("/signup", data={"username": "nadia", "password": PASSWORD,
                                            "confirm": PASSWORD})
    assert response.status_code == 400
    assert "not sent from this site" in response.get_data(as_text=True)
    assert user_count(app) == 0


def test_login_renews_the_session(client, make_user):
    make_user(username="amal")
    token_before = csrf_token(client)
    post(client, "/login", {"username": "amal", "password": PASSWORD})
    with client.session_transaction() as session:
        assert "csrf_token" not in session  # everything from before login was dropped
    assert csrf_token(client) != token_before


def test_student_gets_403_on_instructor_pages_and_instructor_gets_in(client, auth, make_user):
    make_user(username="stu")
    make_user(role="instructor", username="teach")
    auth.login("stu")
    assert client.get("/instructor/").status_code == 403
    auth.logout()
    auth.login("teach")
    page = client.get("/instructor/")
    assert page.status_code == 200 and "stu" in page.get_data(as_text=True)


def test_security_headers_are_set(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    cookie = client.get("/signup").headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
