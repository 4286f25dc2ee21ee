"""The aiohttp application of ``dockyard serve``.

Every path starts with the token: ``/<token>/`` is the page, ``/<token>/static/…`` its
client files, ``/<token>/ws`` the websocket. Without the token a request gets a 403 that
names nothing. The websocket also needs an ``Origin`` equal to the page's own origin (a
page elsewhere in the teacher's browser cannot drive a viewer even with the token), and
on a loopback address the ``Host`` must be a loopback name (DNS rebinding).
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import secrets
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Callable

from aiohttp import WSCloseCode, WSMsgType, web

from ..domain.sanitize import clean_name
from .page import app_page, full_message, message_page
from .viewer import Viewer, clamp_size

log = logging.getLogger("dockyard.serve")

# The client files served from textual-serve's package: exactly these, nothing listed.
STATIC_FILES = {
    "js/textual.js": "application/javascript",
    "css/xterm.css": "text/css",
    "fonts/RobotoMono-VariableFont_wght.ttf": "font/ttf",
    "fonts/RobotoMono-Italic-VariableFont_wght.ttf": "font/ttf",
}
MAX_MESSAGE = 64 * 1024  # one websocket message from a browser: keys, a paste, a resize
HEARTBEAT = 15.0  # seconds; a vanished browser (no close frame) is noticed within ~2 of these


def static_dir() -> Path:
    return Path(str(resources.files("textual_serve") / "static"))


def is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        return address == "localhost"


def hostname(host: str) -> str:
    """The name in a Host header: "[::1]:8000" -> "::1", "localhost:8000" -> "localhost"."""
    if host.startswith("["):
        return host[1 : host.find("]")]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


@dataclass
class ServeConfig:
    child_argv: list[str]
    child_env: Callable[[int, int], dict[str, str]]  # (width, height) -> environment
    bind: str = "127.0.0.1"
    max_viewers: int = 10
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    title: str = "Dockyard"
    lang: str = "en"


class Server:
    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        self.viewers: set[Viewer] = set()
        self.starting = 0  # websockets accepted whose child is not counted in ``viewers`` yet
        self.served = 0  # viewers ever started (for the log line)
        self._static = static_dir()

    # Checks

    def _token_ok(self, request: web.Request) -> bool:
        return secrets.compare_digest(request.match_info.get("token", "").encode(), self.config.token.encode())

    def _host_ok(self, request: web.Request) -> bool:
        if not is_loopback(self.config.bind):
            return True  # reachable by any name the network gives this machine; the token guards it
        return is_loopback(hostname(request.host or ""))

    def _origin_ok(self, request: web.Request) -> bool:
        origin = request.headers.get("Origin", "")
        return bool(origin) and origin in (f"http://{request.host}", f"https://{request.host}")

    @property
    def count(self) -> int:
        return len(self.viewers) + self.starting

    # Pages

    def _headers(self, nonce: str) -> dict[str, str]:
        return {
            "Content-Security-Policy": (
                "default-src 'none'; "
                f"script-src 'self' 'nonce-{nonce}'; "
                f"style-src 'self' 'unsafe-inline'; "  # xterm.js adds style elements at run time
                "font-src 'self'; img-src 'self' data:; connect-src 'self'; "
                "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
            ),
            "X-Frame-Options": "DENY",
            "Referrer-Policy": "no-referrer",
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
        }

    def _message(self, status: int, title: str, message: str) -> web.Response:
        nonce = secrets.token_urlsafe(12)
        return web.Response(status=status, text=message_page(title, message, nonce=nonce), content_type="text/html", headers=self._headers(nonce))

    def _refused(self) -> web.Response:
        return self._message(403, "403 Forbidden", "This link is incomplete or out of date. Ask for the full link.")

    @web.middleware
    async def _guard(self, request: web.Request, handler):
        if not self._host_ok(request):
            return self._message(421, "421 Misdirected Request", "This server answers only to its own loopback address.")
        try:
            return await handler(request)
        except web.HTTPNotFound:
            return self._refused()  # the same answer as a wrong token: nothing to probe

    async def page(self, request: web.Request) -> web.StreamResponse:
        if not self._token_ok(request):
            return self._refused()
        if self.count >= self.config.max_viewers:
            return self._message(503, "Class full", full_message(self.config.max_viewers))
        nonce = secrets.token_urlsafe(12)
        token = self.config.token
        scheme = "wss" if request.secure else "ws"
        html = app_page(
            title=self.config.title,
            static=f"/{token}/static/",
            ws_url=f"{scheme}://{request.host}/{token}/ws",
            nonce=nonce,
            lang=self.config.lang,
            font_size=_int(request.query.get("fontsize"), 16, 8, 48),
        )
        return web.Response(text=html, content_type="text/html", headers=self._headers(nonce))

    async def page_redirect(self, request: web.Request) -> web.StreamResponse:
        if not self._token_ok(request):
            return self._refused()
        raise web.HTTPFound(f"/{self.config.token}/")

    async def static(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info.get("name", "")
        if not self._token_ok(request) or name not in STATIC_FILES:
            return self._refused()
        return web.FileResponse(self._static / name, headers={"Content-Type": STATIC_FILES[name], "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})

    # The websocket: one viewer

    async def websocket(self, request: web.Request) -> web.StreamResponse:
        if not self._token_ok(request) or not self._origin_ok(request):
            log.warning("refused a websocket from %s (%s)", request.remote, "token" if not self._token_ok(request) else "Origin " + clean_name(request.headers.get("Origin", "missing")))
            return self._refused()
        ws = web.WebSocketResponse(heartbeat=HEARTBEAT, max_msg_size=MAX_MESSAGE)
        await ws.prepare(request)
        if self.count >= self.config.max_viewers:
            text = full_message(self.config.max_viewers)
            await ws.send_bytes(f"\x1b[2J\x1b[H\r\n  {text}\r\n".encode())
            await ws.close(code=WSCloseCode.TRY_AGAIN_LATER, message=b"class full")
            log.warning("refused a viewer from %s: %d of %d watching", request.remote, self.count, self.config.max_viewers)
            return ws
        width, height = clamp_size(request.query.get("width"), request.query.get("height"))
        self.starting += 1
        viewer = Viewer(self.config.child_argv, self.config.child_env(width, height), send=ws.send_bytes, ended=ws.close)
        try:
            await viewer.start()
        except BaseException:
            self.starting -= 1
            await ws.close()
            raise
        self.starting -= 1
        self.viewers.add(viewer)
        self.served += 1
        log.info("viewer %d joined from %s (pid %s; %d of %d)", self.served, request.remote, viewer.pid, self.count, self.config.max_viewers)
        try:
            async for message in ws:
                if message.type != WSMsgType.TEXT:
                    continue
                await self._from_browser(ws, viewer, message.data)
        finally:
            self.viewers.discard(viewer)
            await viewer.stop()
            log.info("a viewer left (pid %s; %d of %d watching)", viewer.pid, self.count, self.config.max_viewers)
        return ws

    async def _from_browser(self, ws: web.WebSocketResponse, viewer: Viewer, data: str) -> None:
        """The client's envelopes: ["stdin", text], ["resize", {width, height}], ["ping", x], ["focus"], ["blur"]."""
        try:
            envelope = json.loads(data)
        except ValueError:
            return
        if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
            return
        kind, args = envelope[0], envelope[1:]
        if kind == "stdin" and args and isinstance(args[0], str):
            await viewer.keys(args[0])
        elif kind == "resize" and args and isinstance(args[0], dict):
            await viewer.resize(args[0].get("width"), args[0].get("height"))
        elif kind == "ping" and args and isinstance(args[0], str):
            await ws.send_json(["pong", args[0][:64]])
        elif kind in ("focus", "blur"):
            await viewer.meta(type=kind)

    # Application

    def app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard], client_max_size=MAX_MESSAGE)
        app.add_routes(
            [
                web.get("/{token}", self.page_redirect),
                web.get("/{token}/", self.page),
                web.get("/{token}/ws", self.websocket),
                web.get("/{token}/static/{name:.+}", self.static),
            ]
        )
        app.on_shutdown.append(self._on_shutdown)
        return app

    async def _on_shutdown(self, app: web.Application) -> None:
        viewers = list(self.viewers)
        await asyncio.gather(*(v.stop() for v in viewers), return_exceptions=True)


def _int(value: str | None, default: int, low: int, high: int) -> int:
    try:
        return max(low, min(high, int(value or default)))
    except ValueError:
        return default
