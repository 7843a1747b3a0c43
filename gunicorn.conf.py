"""gunicorn reads this file from the working directory: `gunicorn wsgi:app` (docs/operations.md).

Settings come from the command line (--workers, --bind); this file only checks, once the master
is ready, that the workers share their login-throttling counts."""

from __future__ import annotations

import os
from typing import Any

from quizapp.config import shared_counts_warning


def when_ready(server: Any) -> None:
    """Warn at start-up when several workers would each count failed logins in memory."""
    warning = shared_counts_warning(int(server.cfg.workers),
                                    os.environ.get("RATELIMIT_STORAGE_URI", "memory://"))
    if warning:
        server.log.warning("quizapp: %s", warning)
