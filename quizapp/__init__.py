"""quizapp: lessons, quizzes and progress for nursing students."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Configure the app and register its parts. No side effects: no migrations, no network."""
    app = Flask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    from .config import DEFAULTS, from_environment

    app.config.from_mapping(DEFAULTS)
    app.config.from_mapping(from_environment(app.instance_path) if test_config is None
                            else test_config)
    if str(app.config.get("SQLALCHEMY_DATABASE_URI") or "").startswith("sqlite"):
        # A database file has no server that could have dropped the connection: a ping
        # before every checkout (two or three a request) would be spent for nothing.
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**app.config["SQLALCHEMY_ENGINE_OPTIONS"],
                                                   "pool_pre_ping": False}
    problem = _setup_problem(app)
    from .readiness import record, refuse_requests

    refuse_requests(app)  # first of the request hooks: before CSRF's, which needs the secret

    from . import models  # noqa: F401  (registers the tables with the metadata)
    from .database import configure_engine
    from .extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(__file__), "..", "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    if app.config.get("TRUSTED_PROXY_COUNT"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = int(app.config["TRUSTED_PROXY_COUNT"])
        # Werkzeug's documented way to wrap the WSGI app; mypy sees a method being replaced.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    with app.app_context():
        configure_engine(db.engine)
    record(app, problem)

    from .web import IdConverter

    app.url_map.converters["int"] = IdConverter  # before any route is added
    from .auth import bp as auth_bp
    from .instructor import bp as instructor_bp
    from .learner import bp as learner_bp
    from .lms import LmsSessionInterface
    from .lms import bp as lms_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(learner_bp)
    app.register_blueprint(instructor_bp)
    app.register_blueprint(lms_bp)
    # Sessions an LMS launch opened get cookies that work inside the LMS's iframe.
    app.session_interface = LmsSessionInterface()

    from .cli import quiz_cli
    from .web import register_web

    app.cli.add_command(quiz_cli)
    register_web(app)
    return app


def _setup_problem(app: Flask) -> str | None:
    """What the configuration lacks (readiness.py), found before the extensions are attached:
    an unusable DATABASE_URL is set aside so that making the engine cannot fail."""
    from .readiness import MISSING_SECRET, PLACEHOLDER_URL, database_url_problem

    url_problem = database_url_problem(app.config["SQLALCHEMY_DATABASE_URI"])
    if url_problem:
        app.config["SQLALCHEMY_DATABASE_URI"] = PLACEHOLDER_URL
    if not app.config.get("SECRET_KEY"):
        return MISSING_SECRET
    settings: list[str] = app.config.get("SETTING_PROBLEMS") or []
    return settings[0] if settings else url_problem
