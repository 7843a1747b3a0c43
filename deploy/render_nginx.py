"""Render deploy/nginx-site.conf.in into an nginx site (standard library only).

    python3 deploy/render_nginx.py --server-name quiz.school.edu --instances 2 \\
        --app-dir /srv/quizapp > /etc/nginx/sites-available/quizapp
    python3 deploy/render_nginx.py ... --upstream 10.0.0.11:8001 --upstream 10.0.0.12:8001

HTTPS on 443 (certificate and key from --certificate/--key, by default under /etc/ssl named
after the server) with port 80 redirected; or, for a loopback check (bench/cluster.py), plain
http on --listen with no redirect. docs/deploy.md explains each setting.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "nginx-site.conf.in"
PLACEHOLDER = re.compile(r"@([A-Z_]+)@")
NAME = re.compile(r"^[A-Za-z0-9.*_-]+$")
UPSTREAM = re.compile(r"^[A-Za-z0-9.:\[\]_-]+:[0-9]{1,5}$")


def instance_addresses(count: int, host: str = "127.0.0.1") -> list[str]:
    """quizapp@1 ... quizapp@N listen on 800N (deploy/systemd/quizapp@.service)."""
    if not 1 <= count <= 9:
        raise ValueError(f"--instances must be 1 to 9 (ports 8001-8009), not {count}")
    return [f"{host}:800{n}" for n in range(1, count + 1)]


def render(*, upstreams: list[str], server_name: str, app_dir: str, listen: str | None = None,
           certificate: str | None = None, key: str | None = None) -> str:
    """The site as text. `listen` (host:port) makes a plain-http site for loopback checks;
    without it the site serves HTTPS on 443 and redirects port 80."""
    if not upstreams:
        raise ValueError("at least one upstream (app instance) is needed")
    for upstream in upstreams:
        if not UPSTREAM.match(upstream):
            raise ValueError(f"upstream {upstream!r} is not host:port")
    if not NAME.match(server_name):
        raise ValueError(f"server name {server_name!r} has characters nginx would misread")
    if not Path(app_dir).is_absolute() or re.search(r"[\s;{}'\"]", app_dir):
        raise ValueError(f"--app-dir {app_dir!r} must be an absolute path without spaces or ;")
    values = {
        "SERVERS": "\n".join(f"    server {u} max_fails=1 fail_timeout=10s;" for u in upstreams),
        "SERVER_NAME": server_name,
        "APP_DIR": app_dir.rstrip("/"),
    }
    if listen is not None:
        if not UPSTREAM.match(listen):
            raise ValueError(f"--listen {listen!r} is not host:port")
        values["LISTEN"] = f"    listen {listen};"
        values["REDIRECT"] = ""
    else:
        certificate = certificate or f"/etc/ssl/certs/{server_name}.pem"
        key = key or f"/etc/ssl/private/{server_name}.key"
        values["LISTEN"] = (f"    listen 443 ssl http2;\n    listen [::]:443 ssl http2;\n"
                            f"    ssl_certificate     {certificate};\n"
                            f"    ssl_certificate_key {key};")
        values["REDIRECT"] = ("\nserver {\n    listen 80;\n    listen [::]:80;\n"
                              f"    server_name {server_name};\n"
                              "    return 301 https://$host$request_uri;\n}")
    site = PLACEHOLDER.sub(lambda m: values[m.group(1)], TEMPLATE.read_text())
    return ("# Rendered by deploy/render_nginx.py from deploy/nginx-site.conf.in: change the\n"
            "# template or the options and render again rather than editing this copy.\n" + site)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server-name", required=True, help="e.g. quiz.school.edu")
    parser.add_argument("--app-dir", default="/srv/quizapp", help="the checkout (for /static/)")
    parser.add_argument("--instances", type=int, default=2,
                        help="app instances on this machine: 127.0.0.1:8001 ... 800N")
    parser.add_argument("--upstream", action="append", default=[], metavar="HOST:PORT",
                        help="an app instance elsewhere (repeat; replaces --instances)")
    parser.add_argument("--certificate", help="TLS certificate (full chain) file")
    parser.add_argument("--key", help="TLS private key file")
    parser.add_argument("--listen", metavar="HOST:PORT", help="plain http here (checks only)")
    args = parser.parse_args(argv)
    try:
        upstreams = args.upstream or instance_addresses(args.instances)
        sys.stdout.write(render(upstreams=upstreams, server_name=args.server_name,
                                app_dir=args.app_dir, listen=args.listen,
                                certificate=args.certificate, key=args.key))
    except ValueError as exc:
        parser.error(str(exc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
