"""A minimal HTTP/1.1 client for the benchmarks: one cookie jar per simulated browser, one
connection per request (gunicorn's sync workers close them anyway), loopback addresses only.

General-purpose clients spend several milliseconds of CPU per request; on a 2-core machine that
shares its cores with the server, that would measure the client. This one spends well under one.
"""

from __future__ import annotations

import asyncio
import json
import socket
from dataclasses import dataclass
from ipaddress import ip_address
from typing import Any
from urllib.parse import urlencode

TIMEOUT = 60.0


@dataclass
class Reply:
    status_code: int
    headers: dict[str, str]  # lower-case names
    text: str

    def json(self) -> Any:
        return json.loads(self.text)


class Browser:
    """Cookies and requests for one simulated student (asyncio)."""

    def __init__(self, host: str, port: int) -> None:
        if not ip_address(host).is_loopback:
            raise ValueError("benchmarks talk to loopback addresses only")
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}

    def _head(self, method: str, path: str, body: bytes | None,
              headers: dict[str, str] | None) -> bytes:
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}",
                 "Connection: close"]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if body is not None:
            lines += ["Content-Type: application/x-www-form-urlencoded",
                      f"Content-Length: {len(body)}"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    def _parse(self, raw: bytes) -> Reply:
        head, _, body = raw.partition(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        headers: dict[str, str] = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                cookie, _, _ = value.partition(";")
                key, _, val = cookie.partition("=")
                self.cookies[key] = val
            headers[name] = value
        return Reply(int(status_line.split()[1]), headers, body.decode("utf-8"))

    async def request(self, method: str, path: str, data: dict | None = None,
                      headers: dict[str, str] | None = None) -> Reply:
        body = urlencode(data, doseq=True).encode() if data is not None else None
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection(self.host, self.port), TIMEOUT)
        try:
            writer.write(self._head(method, path, body, headers) + (body or b""))
            raw = await asyncio.wait_for(reader.read(), TIMEOUT)  # until the server closes
        finally:
            writer.close()
        return self._parse(raw)

    async def get(self, path: str, headers: dict[str, str] | None = None) -> Reply:
        return await self.request("GET", path, None, headers)

    async def post(self, path: str, data: dict, headers: dict[str, str] | None = None) -> Reply:
        return await self.request("POST", path, data, headers)


class SyncBrowser(Browser):
    """The same, blocking, for sequential measurements."""

    def request_sync(self, method: str, path: str, data: dict | None = None,
                     headers: dict[str, str] | None = None) -> Reply:
        body = urlencode(data, doseq=True).encode() if data is not None else None
        with socket.create_connection((self.host, self.port), timeout=TIMEOUT) as sock:
            sock.sendall(self._head(method, path, body, headers) + (body or b""))
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        return self._parse(b"".join(chunks))

    def get_sync(self, path: str, headers: dict[str, str] | None = None) -> Reply:
        return self.request_sync("GET", path, None, headers)

    def post_sync(self, path: str, data: dict, headers: dict[str, str] | None = None) -> Reply:
        return self.request_sync("POST", path, data, headers)
