"""gunicorn reads this file from the working directory: `gunicorn wsgi:app` (docs/deploy.md).

The one place for gunicorn's settings in every deployment (systemd's quizapp@.service adds only
--bind 127.0.0.1:800N); the command line still wins (bench/ passes --workers). At start-up it
checks that the workers share their login-throttling counts."""

from __future__ import annotations

import gc
import os
from typing import Any

from quizapp.config import shared_counts_warning

# Sync workers: one request at a time each, so a worker holds at most one database connection.
# WEB_CONCURRENCY (deploy/quizapp.env) sets how many; 2 per core keeps a core busy while the
# other worker waits on PostgreSQL.
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1))
# A request still running after this is killed and its worker replaced; nginx's
# proxy_read_timeout (deploy/nginx-site.conf.in) is the same 60 s.
timeout = 60
# On TERM (systemctl stop, a release) workers get this long to finish their requests.
graceful_timeout = 30
# Workers' heartbeat files in memory, not on a disk that may stall under load.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None


def when_ready(server: Any) -> None:
    """Warn at start-up when several workers would each count failed logins in memory."""
    warning = shared_counts_warning(int(server.cfg.workers),
                                    os.environ.get("RATELIMIT_STORAGE_URI", "memory://"))
    if warning:
        server.log.warning("quizapp: %s", warning)


def post_fork(server: Any, worker: Any) -> None:
    """Move what the worker inherited (the app, its modules, compiled templates: some hundred
    thousand objects) out of the garbage collector's sight. They live as long as the worker, so
    scanning them on every full collection is wasted CPU; in-process it was about 5% of an
    exam's requests before, under 2% after (docs/performance.md)."""
    gc.freeze()
