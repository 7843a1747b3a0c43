"""Entry point for production servers: `gunicorn wsgi:app`. It refuses to start without a
complete configuration (e.g. no SECRET_KEY outside development), so a server never runs
half-configured; the CLI's file-only commands do not need one (quizapp/readiness.py)."""

from quizapp import create_app
from quizapp.readiness import setup_problem

app = create_app()
_problem = setup_problem(app)
if _problem:
    raise RuntimeError(f"quizapp will not serve pages: {_problem}")
