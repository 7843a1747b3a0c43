"""gunicorn on a loopback socket the test holds: requests queue in the kernel while the server
starts, so tests never poll or sleep waiting for it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the repository, where wsgi.py is


@contextmanager
def listening_socket() -> Iterator[socket.socket]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))  # loopback only
    sock.listen(64)
    sock.set_inheritable(True)
    try:
        yield sock
    finally:
        sock.close()


def serve(sock: socket.socket, database_url: str, log: Path, workers: int = 1,
          **env: str) -> subprocess.Popen:
    """Start `gunicorn wsgi:app` on `sock` (production settings, a fixed test key)."""
    environment = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "live-test-key",
                   "QUIZAPP_ENV": "production", **env}
    with log.open("a") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--bind", f"fd://{sock.fileno()}",
             "--workers", str(workers), "--graceful-timeout", "1", "--preload",
             "--no-control-socket", "wsgi:app"],
            cwd=ROOT, env=environment, pass_fds=(sock.fileno(),), stdout=out, stderr=out)
