"""The processes of the cluster check (bench/cluster.py): app instances (gunicorn, each in its
own process group so that a SIGKILL takes the whole instance, as a crash would) and nginx in
the foreground with its configuration, pid file and logs in a directory of its own.
Loopback only; nothing is installed or left running."""

from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# One line per request: which instances nginx tried ($upstream_addr lists every one).
LOG_FORMAT = '$request_method $uri $status "$upstream_addr" "$upstream_status"'


def render_nginx_module():  # type: ignore[no-untyped-def]
    """deploy/render_nginx.py, the renderer the school's IT person runs."""
    spec = importlib.util.spec_from_file_location("render_nginx",
                                                  ROOT / "deploy" / "render_nginx.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Instance:
    name: str
    proc: subprocess.Popen
    port: int
    log: Path

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def kill(self) -> None:
        """SIGKILL to the master and every worker at once: no clean-up, sockets reset."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


def start_instance(name: str, env: dict[str, str], workers: int, workdir: Path) -> Instance:
    """gunicorn (gunicorn.conf.py, as in production) on a loopback port of its own. The
    socket is bound here and handed over; this process keeps no copy, so once the instance
    dies its port refuses connections (what nginx's failover reacts to)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(1024)
    sock.set_inheritable(True)
    log = workdir / f"gunicorn-{name}.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--bind", f"fd://{sock.fileno()}",
             "--workers", str(workers), "--preload", "--no-control-socket", "wsgi:app"],
            cwd=ROOT, env={**os.environ, **env}, pass_fds=(sock.fileno(),), stdout=out,
            stderr=out, start_new_session=True)
    port = sock.getsockname()[1]
    sock.close()
    return Instance(name, proc, port, log)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists()
                                      else None)
    if found is None:
        raise SystemExit("nginx is not installed: apt-get install nginx (Debian's package)")
    return found


@dataclass
class Nginx:
    proc: subprocess.Popen
    port: int
    directory: Path

    @property
    def access_log(self) -> Path:
        return self.directory / "access.log"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)  # graceful: finish, then exit
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)


def start_nginx(upstreams: list[str], workdir: Path) -> Nginx:
    """nginx in the foreground with deploy/'s site rendered for `upstreams` on loopback."""
    directory = workdir / "nginx"
    directory.mkdir()
    os.chmod(workdir, 0o755)  # nginx's workers (nobody, when run as root) reach their files
    port = free_port()
    site = render_nginx_module().render(upstreams=upstreams, server_name="localhost",
                                        app_dir=str(ROOT), listen=f"127.0.0.1:{port}")
    (directory / "site.conf").write_text(site)
    temp = "".join(f"  {kind}_temp_path {directory}/{kind}_temp;\n"
                   for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (directory / "nginx.conf").write_text(
        f"worker_processes 1;\npid {directory}/nginx.pid;\n"
        f"error_log {directory}/error.log warn;\nevents {{ worker_connections 2048; }}\n"
        f"http {{\n  log_format cluster '{LOG_FORMAT}';\n"
        f"  access_log {directory}/access.log cluster;\n{temp}"
        f"  include {directory}/site.conf;\n}}\n")
    command = [nginx_binary(), "-p", str(directory), "-c", str(directory / "nginx.conf")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    if checked.returncode != 0:
        raise SystemExit(f"nginx refused the rendered site:\n{checked.stderr}")
    proc = subprocess.Popen([*command, "-g", "daemon off;"], stdout=subprocess.DEVNULL,
                            stderr=(directory / "stderr.log").open("w"))
    for _ in range(100):  # until it listens
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return Nginx(proc, port, directory)
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    raise SystemExit(f"nginx did not start: {(directory / 'error.log').read_text()[-800:]}")


def upstream_counts(nginx: Nginx, instances: list[Instance]) -> tuple[dict[str, int], int]:
    """Requests each instance answered, from nginx's log, and how many nginx passed on to
    another instance after the first refused or reset (its $upstream_addr lists both)."""
    names = {i.address: i.name for i in instances}
    served = dict.fromkeys(names.values(), 0)
    passed_on = 0
    for line in nginx.access_log.read_text().splitlines():
        tried = line.split('"')[1].split(", ")
        passed_on += len(tried) > 1
        if tried[-1] in names:
            served[names[tried[-1]]] += 1
    return served, passed_on
