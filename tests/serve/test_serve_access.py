"""dockyard serve refuses what has no token, a websocket from another origin, another Host;
its full-class answer; what a child inherits. Plain HTTP and websocket clients (aiohttp)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

import aiohttp
import pytest

from tests.support.serve import pid_alive, wait_for

pytestmark = pytest.mark.daemon


async def _get(url: str, **headers) -> tuple[int, str, dict]:
    async with aiohttp.ClientSession() as session:
        async with session.get(url, headers=headers, allow_redirects=False) as resp:
            return resp.status, await resp.text(), dict(resp.headers)


async def _ws_status(url: str, origin: str | None) -> int:
    headers = {"Origin": origin} if origin else {}
    async with aiohttp.ClientSession() as session:
        try:
            async with session.ws_connect(url, headers=headers, timeout=aiohttp.ClientWSTimeout(ws_close=10)) as ws:
                await ws.close()
                return 101
        except aiohttp.WSServerHandshakeError as exc:
            return exc.status


def test_page_and_assets_need_the_token(serve):
    server = serve()
    base, token = server.base, server.token
    for url in (f"{base}/", f"{base}/x/", f"{base}/{token[:-1]}/", f"{base}/static/js/textual.js",
                f"{base}/wrong/static/js/textual.js", f"{base}/{token}x/ws", f"{base}/favicon.ico"):
        status, text, _ = asyncio.run(_get(url))
        assert status == 403, (url, status)
        assert "textual" not in text.lower() and "dockyard" not in text.lower(), url
    status, text, headers = asyncio.run(_get(server.url))
    assert status == 200 and "textual.js" in text
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["Referrer-Policy"] == "no-referrer"
    assert asyncio.run(_get(f"{server.url}static/js/textual.js"))[0] == 200
    assert asyncio.run(_get(f"{server.url}static/images/background.png"))[0] == 403  # only what the page needs
    assert asyncio.run(_get(f"{server.url}static/../../server.py"))[0] in (403, 404)
    # a rebinding name pointing at 127.0.0.1 is not this server's name
    assert asyncio.run(_get(server.url, Host="attacker.example:80"))[0] == 421


def test_the_websocket_needs_the_token_and_the_pages_origin(serve):
    server = serve()
    ws = server.url.replace("http://", "ws://") + "ws"
    own = server.base
    assert asyncio.run(_ws_status(ws, "http://attacker.example")) == 403
    assert asyncio.run(_ws_status(ws, "http://localhost.attacker.example:" + own.rsplit(":", 1)[1])) == 403
    assert asyncio.run(_ws_status(ws, None)) == 403
    assert asyncio.run(_ws_status(ws.replace(server.token, server.token[:-2] + "xx"), own)) == 403
    assert server.viewer_pids() == []  # nothing refused started a process
    assert asyncio.run(_ws_status(ws, own)) == 101


async def _viewer(url: str, origin: str, *, want: bytes = b"", seconds: float = 90) -> tuple[bytes, int | None]:
    """Connect as a browser would; collect output until ``want`` shows (or the socket closes)."""
    got = b""
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(url + "?width=120&height=40", headers={"Origin": origin}) as ws:
            await ws.send_json(["resize", {"width": 120, "height": 40}])
            try:
                async with asyncio.timeout(seconds):
                    async for msg in ws:
                        if msg.type == aiohttp.WSMsgType.BINARY:
                            got += msg.data
                            if want and want in got:
                                break
            except TimeoutError:
                pass
            return got, ws.close_code


def test_a_full_class_is_told_so_and_gets_no_process(serve):
    server = serve("--max-viewers", "1")
    ws = server.url.replace("http://", "ws://") + "ws"

    async def scenario():
        first = asyncio.create_task(_viewer(ws, server.base, want=b"__never__", seconds=600))
        await asyncio.to_thread(wait_for, lambda: server.live_viewers(), 90, "the first viewer")
        refused, code = await _viewer(ws, server.base, seconds=30)
        first.cancel()
        return refused, code

    refused, code = asyncio.run(scenario())
    assert b"This class is full" in refused and code == 1013
    assert len(server.viewer_pids()) == 1
    wait_for(lambda: not server.live_viewers(), 60, "the first viewer to end with its socket")


def test_the_child_gets_only_the_environment_it_needs(daemon_client):
    from tests.support.daemon import docker_host
    from tests.support.serve import ServeProcess

    env = dict(os.environ, DOCKYARD_TEST_SECRET_LIKE="x", AWS_SECRET_ACCESS_KEY="do-not-pass", GITHUB_TOKEN="nope", LC_TIME="C")
    with ServeProcess(host=docker_host(), env=env) as server:  # __enter__ starts it (a .start() here started a second server, left running)
        ws = server.url.replace("http://", "ws://") + "ws"

        async def scenario():
            viewer = asyncio.create_task(_viewer(ws, server.base, want=b"__never__", seconds=600))
            pid = (await asyncio.to_thread(wait_for, lambda: server.live_viewers(), 90, "a viewer"))[0]
            with open(f"/proc/{pid}/environ", "rb") as f:
                child = dict(item.split(b"=", 1) for item in f.read().split(b"\0") if b"=" in item)
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                argv = f.read().split(b"\0")
            viewer.cancel()
            return pid, child, argv

        pid, child, argv = asyncio.run(scenario())
        assert b"--readonly" in argv
        assert b"AWS_SECRET_ACCESS_KEY" not in child and b"GITHUB_TOKEN" not in child
        assert child[b"DOCKER_HOST"] == docker_host().encode()
        assert child[b"TEXTUAL_DRIVER"] == b"textual.drivers.web_driver:WebDriver"
        assert child[b"LC_TIME"] == b"C" and child[b"DOCKYARD_TEST_SECRET_LIKE"] == b"x"
        allowed = {b"PATH", b"HOME", b"LANG", b"LANGUAGE", b"TERM", b"TZ", b"XDG_CONFIG_HOME", b"TEXTUAL_DRIVER", b"TEXTUAL_COLOR_SYSTEM",
                   b"TERM_PROGRAM", b"COLUMNS", b"ROWS"}
        extra = {k for k in child if k not in allowed and not k.startswith((b"LC_", b"DOCKYARD_", b"DOCKER_"))}
        assert not extra, extra
        wait_for(lambda: not pid_alive(pid), 60, "the viewer to end with its socket")


def test_a_non_loopback_bind_warns_what_it_exposes():
    # 192.0.2.1 (TEST-NET-1) is on no interface: the warning comes first, then the bind fails.
    out = subprocess.run([sys.executable, "-m", "tui", "serve", "--bind", "192.0.2.1", "--port", "0", "-H", "unix:///nonexistent.sock"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2
    assert "WARNING: --bind 192.0.2.1" in out.stderr
    for exposed in ("read-only view of unix:///nonexistent.sock", "logs", "inspect", "link"):
        assert exposed in out.stderr
    assert "cannot listen on 192.0.2.1" in out.stderr
    assert "Open:" not in out.stdout


def test_loopback_bind_does_not_warn(serve):
    server = serve()
    assert "WARNING" not in server.output()
    assert server.url.startswith("http://127.0.0.1:")
