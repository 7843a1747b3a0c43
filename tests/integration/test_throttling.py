"""Login and sign-up throttling: a guesser is slowed down, the rightful user is never locked
out, a class behind one address gets in, and the counts are shared between workers (Redis)."""

from __future__ import annotations

import importlib.util
import os
import socket
from pathlib import Path
from types import SimpleNamespace

import limits.storage.memory
import pytest
from flask import Flask
from limits.storage import RedisStorage

from quizapp import create_app
from quizapp.config import shared_counts_warning
from quizapp.extensions import db, limiter
from quizapp.services.accounts import throttle as throttle_module
from quizapp.services.accounts.throttle import MAX_DELAY, LoginThrottle, delay_after
from tests.helpers.data import PASSWORD, XDIST_WORKER
from tests.helpers.data import app_config as _config
from tests.helpers.web import post

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/14"  # database 14: this project's tests only
# Per process: xdist workers, and other runs sharing the machine's Redis, never reset or count
# each other's keys.
REDIS_PREFIX = f"quizapp-tests-throttle-{XDIST_WORKER or 'serial'}-{os.getpid()}"


class FakeClock:
    """Stands in for the `time` module where the counts expire, so waits pass without sleeping."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.now = start

    def time(self) -> float:
        return self.now

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(limits.storage.memory, "time", fake)
    monkeypatch.setattr(throttle_module, "time", fake)
    return fake


@pytest.fixture
def make_app(database_url):  # type: ignore[no-untyped-def]
    """Apps with settings on top of the test config (their engines closed afterwards)."""
    apps = []

    def make(reset: bool = True, **settings: object) -> Flask:
        app = create_app({**_config(database_url), **settings})
        if reset:  # not for a store that is down on purpose
            limiter.reset()
        apps.append(app)
        return app

    yield make
    for app in apps:
        with app.app_context():
            db.engine.dispose()


def login(client, username, password=PASSWORD, address=None):  # type: ignore[no-untyped-def]
    headers = {"X-Forwarded-For": address} if address else {}
    return post(client, "/login", {"username": username, "password": password},
                headers=headers)


def test_a_guesser_elsewhere_never_locks_out_the_rightful_user(make_app, make_user):
    make_user(username="amal")
    client = make_app(TRUSTED_PROXY_COUNT=1).test_client()
    for _ in range(30):
        login(client, "amal", "wrong-password", address="203.0.113.7")
    assert login(client, "amal", address="198.51.100.2").status_code == 302  # at school


def test_wrong_passwords_slow_down_with_a_growing_delay_not_a_lockout(client, make_user,
                                                                      clock):
    make_user(username="amal")
    for _ in range(3):  # typos cost nothing
        assert "Wait" not in login(client, "amal", "wrong-password").get_data(as_text=True)
    for wait in (1, 2, 4, 8):
        failed = login(client, "amal", "wrong-password")
        assert failed.status_code == 400
        assert f"Wait {wait} second" in failed.get_data(as_text=True)
        early = login(client, "amal")  # even the right password waits: it is not checked
        assert early.status_code == 429 and early.headers["Retry-After"] == str(wait)
        assert "your password was not checked" in early.get_data(as_text=True)
        clock.now += wait
    assert login(client, "amal").status_code == 302  # after the wait, the right one works


def test_success_clears_the_count(client, auth, make_user, clock):
    make_user(username="amal")
    for _ in range(4):
        login(client, "amal", "wrong-password")
    clock.now += 1
    assert auth.login("amal").status_code == 302
    auth.logout()
    for _ in range(3):
        assert "Wait" not in login(client, "amal", "wrong-password").get_data(as_text=True)


def test_the_delay_has_a_ceiling():
    assert [delay_after(n) for n in range(1, 8)] == [0, 0, 0, 1, 2, 4, 8]
    assert delay_after(100) == MAX_DELAY <= 60


def test_other_accounts_at_the_same_address_are_not_slowed(client, make_user, clock):
    make_user(username="amal")
    make_user(username="bea")
    for _ in range(6):
        login(client, "amal", "wrong-password")
    assert login(client, "bea").status_code == 302


def test_a_class_behind_one_address_all_get_in_with_the_default_ceiling(app, make_app):
    """300 students behind the school's one address each mistype once; then they log in."""
    from quizapp.services.accounts import users

    with app.app_context():  # the class, with a test-cost hash (a real one costs ~50 ms)
        template = users.create_user("last", PASSWORD)
        db.session.execute(db.metadata.tables["user_account"].insert(), [
            {"username": f"s{i:03d}", "password_hash": template.password_hash,
             "role": "student"} for i in range(300)])
        db.session.commit()
    school = make_app(TRUSTED_PROXY_COUNT=1, WTF_CSRF_ENABLED=False).test_client()
    here = {"X-Forwarded-For": "192.0.2.10"}
    for i in range(300):
        mistyped = school.post("/login", data={"username": f"s{i:03d}", "password": "typo"},
                               headers=here)
        assert mistyped.status_code == 400, i
    assert school.post("/login", data={"username": "last", "password": PASSWORD},
                       headers=here).status_code == 302


def test_the_per_address_ceiling_stops_spraying_many_accounts(make_app, make_user):
    for name in ("amal", "bea", "cai", "dana"):
        make_user(username=name)
    client = make_app(LOGIN_LIMIT_PER_ADDRESS="3 per 15 minutes",
                      TRUSTED_PROXY_COUNT=1).test_client()
    for name in ("amal", "bea", "cai"):
        assert login(client, name, "wrong-password", address="203.0.113.7").status_code == 400
    refused = login(client, "dana", address="203.0.113.7")
    assert refused.status_code == 429
    assert "Too many failed logins from your network; try again in 15 minutes." in \
        refused.get_data(as_text=True)
    assert login(client, "dana", address="198.51.100.2").status_code == 302


def test_forwarded_addresses_are_ignored_unless_a_proxy_is_trusted(make_app, make_user):
    """Without TRUSTED_PROXY_COUNT a client can't dodge the ceiling with a made-up header."""
    for name in ("amal", "bea", "cai", "dana"):
        make_user(username=name)
    client = make_app(LOGIN_LIMIT_PER_ADDRESS="3 per 15 minutes").test_client()
    for i, name in enumerate(("amal", "bea", "cai")):
        login(client, name, "wrong-password", address=f"192.0.2.{i}")
    assert login(client, "dana", address="192.0.2.99").status_code == 429


def test_sign_ups_are_throttled_per_address(make_app):
    school = make_app(SIGNUP_LIMIT_PER_ADDRESS="2 per minute")
    statuses = []
    for i in range(3):
        response = post(school.test_client(), "/signup", {
            "username": f"new{i}", "password": PASSWORD, "confirm": PASSWORD})
        statuses.append(response.status_code)
    assert statuses == [302, 302, 429]
    assert "Too many sign-ups from your network" in response.get_data(as_text=True)


def test_the_default_limits_leave_room_for_a_class(app):
    assert app.config["LOGIN_LIMIT_PER_ADDRESS"] == "500 per 15 minutes"
    assert app.config["SIGNUP_LIMIT_PER_ADDRESS"] == "60 per minute; 400 per hour"


# --- counts shared by every worker and server ------------------------------------------------

def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


needs_redis = pytest.mark.skipif(not _redis_answers(),
                                 reason="Redis does not answer on 127.0.0.1:6379 (.ci/run "
                                        "starts it); the shared-count tests need it")


@pytest.fixture
def redis_store():  # type: ignore[no-untyped-def]
    """A Redis store in database 14 under this test's prefix, emptied of that prefix only."""
    store = RedisStorage(REDIS_URL, key_prefix=REDIS_PREFIX)
    store.reset()
    yield store
    store.reset()


@needs_redis
def test_two_workers_share_the_counts_through_redis(redis_store):
    """Each worker process has its own connection to Redis: a wait imposed through one is
    honoured by the other."""
    worker_a = LoginThrottle(RedisStorage(REDIS_URL, key_prefix=REDIS_PREFIX))
    worker_b = LoginThrottle(RedisStorage(REDIS_URL, key_prefix=REDIS_PREFIX))
    for _ in range(4):
        worker_a.failed("amal", "192.0.2.1")
    assert worker_b.check("amal", "192.0.2.1").wait == 1
    assert worker_b.failed("amal", "192.0.2.1").wait == 2  # the fifth failure, counted by B
    assert worker_a.check("amal", "192.0.2.1").wait == 2
    assert worker_a.check("amal", "192.0.2.2").wait == 0
    worker_b.succeeded("amal", "192.0.2.1")
    assert worker_a.check("amal", "192.0.2.1").wait == 0


@needs_redis
def test_the_app_counts_in_redis_when_configured(make_app, make_user, redis_store):
    make_user(username="amal")
    client = make_app(RATELIMIT_STORAGE_URI=REDIS_URL,
                      RATELIMIT_STORAGE_OPTIONS={"key_prefix": REDIS_PREFIX}).test_client()
    for _ in range(4):
        login(client, "amal", "wrong-password")
    other_worker = LoginThrottle(RedisStorage(REDIS_URL, key_prefix=REDIS_PREFIX))
    assert other_worker.check("amal", "127.0.0.1").wait == 1
    assert login(client, "amal").status_code == 429


def test_a_store_that_is_down_never_keeps_anyone_out(make_app, make_user):
    make_user(username="amal")
    client = make_app(reset=False, RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0").test_client()
    for _ in range(5):
        assert login(client, "amal", "wrong-password").status_code == 400
    assert login(client, "amal").status_code == 302


# --- start-up warning and the deploy recipe ---------------------------------------------------

def _gunicorn_conf():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("workers, uri, warns", [
    (4, "memory://", True), (4, "", True), (1, "memory://", False),
    (4, "redis://127.0.0.1:6379/0", False)])
def test_gunicorn_warns_at_start_when_workers_count_in_memory(monkeypatch, workers, uri, warns):
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", uri)
    logged = []
    server = SimpleNamespace(cfg=SimpleNamespace(workers=workers),
                             log=SimpleNamespace(warning=lambda *a: logged.append(a[0] % a[1:])))
    _gunicorn_conf().when_ready(server)
    assert bool(logged) == warns
    if warns:
        assert f"{workers} workers count failed logins" in logged[0]
        assert "RATELIMIT_STORAGE_URI=redis://" in logged[0]
    assert (shared_counts_warning(workers, uri) is not None) == warns


def _recipe_environment() -> dict[str, str]:
    text = (ROOT / "deploy" / "quizapp.env").read_text()
    pairs = (line.split("=", 1) for line in text.splitlines()
             if line.strip() and not line.startswith("#"))
    return {key.strip(): value.strip() for key, value in pairs}


def test_the_deploy_recipe_trusts_its_one_proxy_and_shares_counts():
    env = _recipe_environment()
    assert env["TRUSTED_PROXY_COUNT"] == "1"
    assert env["RATELIMIT_STORAGE_URI"].startswith("redis://")
    nginx = (ROOT / "deploy" / "nginx-site.conf.in").read_text()
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in nginx
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in nginx
    operations = (ROOT / "docs" / "operations.md").read_text()
    assert "deploy/quizapp.env" in operations and "deploy/render_nginx.py" in operations


def test_behind_the_recipes_proxy_each_student_has_their_own_address(make_app, make_user):
    """With the recipe's setting, two students behind nginx are two addresses, not one."""
    for name in ("amal", "bea", "cai", "dana"):
        make_user(username=name)
    trusted = int(_recipe_environment()["TRUSTED_PROXY_COUNT"])
    client = make_app(LOGIN_LIMIT_PER_ADDRESS="3 per 15 minutes",
                      TRUSTED_PROXY_COUNT=trusted).test_client()
    for name in ("amal", "bea", "cai"):  # nginx sets X-Forwarded-For to the client's address
        login(client, name, "wrong-password", address="203.0.113.7")
    assert login(client, "dana", address="198.51.100.2").status_code == 302
