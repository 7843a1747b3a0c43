"""deploy/: the nginx template renders into a site nginx accepts, the systemd units agree on
ports, files and commands, and the environment file names what every instance needs."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def _renderer():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("render_nginx", DEPLOY / "render_nginx.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


render_nginx = _renderer()


def test_the_https_site_spreads_over_every_instance_and_redirects_http():
    site = render_nginx.render(upstreams=render_nginx.instance_addresses(3),
                               server_name="quiz.school.edu", app_dir="/srv/quizapp/")
    assert "@" not in site.replace("quizapp@", "")  # every placeholder filled
    assert [line.split()[1] for line in site.splitlines()
            if line.strip().startswith("server 127.")] == [
        "127.0.0.1:8001", "127.0.0.1:8002", "127.0.0.1:8003"]
    assert "listen 443 ssl http2;" in site  # nginx 1.22 (Debian 12) spells HTTP/2 so
    assert "ssl_certificate     /etc/ssl/certs/quiz.school.edu.pem;" in site
    assert "return 301 https://$host$request_uri;" in site
    assert "alias /srv/quizapp/quizapp/static/;" in site
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in site  # overwritten, not added
    assert "non_idempotent" not in site  # a POST that reached an instance is never replayed


def test_the_loopback_site_has_no_tls_and_no_redirect():
    site = render_nginx.render(upstreams=["127.0.0.1:5001"], server_name="localhost",
                               app_dir=str(ROOT), listen="127.0.0.1:5000")
    assert "listen 127.0.0.1:5000;" in site
    assert "ssl" not in site and "return 301" not in site


@pytest.mark.parametrize(("options", "message"), [
    ({"upstreams": []}, "at least one upstream"),
    ({"upstreams": ["127.0.0.1:8001; evil"]}, "is not host:port"),
    ({"server_name": "quiz.school.edu; return 200"}, "characters nginx would misread"),
    ({"app_dir": "srv/quizapp"}, "must be an absolute path"),
    ({"listen": "everywhere"}, "is not host:port"),
])
def test_bad_options_are_refused_with_what_is_wrong(options, message):
    given = {"upstreams": ["127.0.0.1:8001"], "server_name": "quiz.school.edu",
             "app_dir": "/srv/quizapp", **options}
    with pytest.raises(ValueError, match=message):
        render_nginx.render(**given)
    with pytest.raises(ValueError, match="1 to 9"):
        render_nginx.instance_addresses(10)


@pytest.mark.skipif(shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists(),
                    reason="nginx is not installed (apt-get install nginx)")
def test_nginx_accepts_the_rendered_site(tmp_path):
    site = render_nginx.render(upstreams=["127.0.0.1:8001", "127.0.0.1:8002"],
                               server_name="localhost", app_dir=str(ROOT),
                               listen="127.0.0.1:1")
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n access_log off;\n include {tmp_path}/site.conf;\n}}\n")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    checked = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                             capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr


def test_the_units_and_the_environment_agree():
    instance = (DEPLOY / "systemd" / "quizapp@.service").read_text()
    assert "--bind 127.0.0.1:800%i wsgi:app" in instance
    env_file = "EnvironmentFile=/etc/quizapp/quizapp.env"
    for unit in ("quizapp@.service", "quizapp-jobs.service", "quizapp-worker.service"):
        assert env_file in (DEPLOY / "systemd" / unit).read_text()
    assert "quiz run-jobs" in (DEPLOY / "systemd" / "quizapp-jobs.service").read_text()
    assert "quiz worker" in (DEPLOY / "systemd" / "quizapp-worker.service").read_text()
    assert "OnUnitActiveSec=1min" in (DEPLOY / "systemd" / "quizapp-jobs.timer").read_text()
    settings = {line.split("=", 1)[0] for line in (DEPLOY / "quizapp.env").read_text()
                .splitlines() if line and not line.startswith("#")}
    assert {"SECRET_KEY", "DATABASE_URL", "TRUSTED_PROXY_COUNT", "RATELIMIT_STORAGE_URI",
            "WEB_CONCURRENCY"} <= settings
