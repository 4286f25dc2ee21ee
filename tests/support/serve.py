"""``dockyard serve`` under test: the server as a real subprocess, and a real headless
browser (Debian's chromium + chromedriver, driven by Selenium) looking at it.

    with ServeProcess("--max-viewers", "2", host=docker_host) as server:
        server.url, server.base, server.viewer_pids(), server.log_lines()
    with Browser() as browser:
        browser.open(server.url); browser.screen_text(); browser.press("A")

xterm.js draws on a canvas, so the page has no text to read. The browser gets a small
script before any page script runs that keeps a copy of every byte the page's websocket
receives (and the size the page asks for); ``screen_text`` replays those bytes into a
pyte terminal of that size: the text a viewer sees, from what their browser received.
"""

from __future__ import annotations

from tests.support.daemon import wait_for as poll

import base64
import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Callable

import pyte

CHROMIUM = os.environ.get("DOCKYARD_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("DOCKYARD_TEST_CHROMEDRIVER", "/usr/bin/chromedriver")

TAP = r"""
(() => {
  const Native = window.WebSocket;
  const tap = { chunks: [], size: null, sockets: [], closed: 0 };
  window.__dockyardTap = tap;
  function Tapped(url, protocols) {
    const ws = protocols === undefined ? new Native(url) : new Native(url, protocols);
    tap.sockets.push(ws);
    ws.addEventListener("message", (e) => { if (typeof e.data !== "string") tap.chunks.push(new Uint8Array(e.data)); });
    ws.addEventListener("close", () => { tap.closed += 1; });
    const send = ws.send.bind(ws);
    ws.send = (data) => {
      try { const m = JSON.parse(data); if (m[0] === "resize") tap.size = m[1]; } catch (err) {}
      return send(data);
    };
    return ws;
  }
  Tapped.prototype = Native.prototype;
  Object.assign(Tapped, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  window.WebSocket = Tapped;
  tap.take = () => {
    const parts = tap.chunks.splice(0);
    let n = 0; for (const p of parts) n += p.length;
    const all = new Uint8Array(n); let o = 0;
    for (const p of parts) { all.set(p, o); o += p.length; }
    let s = ""; for (let i = 0; i < all.length; i += 0x8000) s += String.fromCharCode.apply(null, all.subarray(i, i + 0x8000));
    return btoa(s);
  };
})();
"""


def browser_available() -> bool:
    return Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()


def wait_for(predicate: Callable[[], object], timeout: float, what: str, interval: float = 0.2):
    """tests.support.daemon.wait_for with the argument order these tests use."""
    return poll(predicate, timeout=timeout, interval=interval, what=what)


def pid_alive(pid: int) -> bool:
    """Running (a zombie counts as gone: its Dockyard has ended)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False


class ServeProcess:
    """``dockyard serve --port 0 …`` as a subprocess; ``url`` is the link it printed."""

    def __init__(self, *args: str, host: str | None = None, env: dict[str, str] | None = None) -> None:
        self.args = [*args, *(["-H", host] if host else [])]
        self.env = dict(os.environ if env is None else env)
        self.env.setdefault("XDG_CONFIG_HOME", "/nonexistent-dockyard-config")
        self.proc: subprocess.Popen | None = None
        self.url = ""
        self._lines: list[str] = []
        self._out: list[str] = []
        self._lock = threading.Lock()

    def __enter__(self) -> "ServeProcess":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self, timeout: float = 60) -> "ServeProcess":
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tui", "serve", "--port", "0", *self.args],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env, text=True,
        )
        threading.Thread(target=self._read, args=(self.proc.stdout, self._out), daemon=True).start()
        threading.Thread(target=self._read, args=(self.proc.stderr, self._lines), daemon=True).start()

        def url() -> str:
            if self.proc.poll() is not None:
                raise AssertionError(f"dockyard serve exited {self.proc.returncode}: {self.output()}")
            with self._lock:
                return next((line.split(" ", 1)[1].strip() for line in self._out if line.startswith("Open: ")), "")

        try:
            self.url = wait_for(url, timeout, "dockyard serve to print its link")
        except BaseException:
            self.stop()  # a server that never printed its link is not left running after the test
            raise
        return self

    def _read(self, stream, into: list[str]) -> None:
        for line in stream:
            with self._lock:
                into.append(line.rstrip("\n"))

    @property
    def base(self) -> str:
        """http://host:port, without the token."""
        return re.match(r"(https?://[^/]+)", self.url).group(1)

    @property
    def token(self) -> str:
        return self.url.rstrip("/").rsplit("/", 1)[1]

    def output(self) -> str:
        with self._lock:
            return "\n".join(self._out + self._lines)

    def log_lines(self) -> list[str]:
        with self._lock:
            return list(self._lines)

    def viewer_pids(self) -> list[int]:
        """Every viewer process the server started (from its log), in order."""
        return [int(m.group(1)) for line in self.log_lines() if (m := re.search(r"joined .*\(pid (\d+);", line))]

    def live_viewers(self) -> list[int]:
        return [pid for pid in self.viewer_pids() if pid_alive(pid)]

    def stop(self, timeout: float = 30) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)


class Browser:
    """A headless Chromium tab with the websocket tap; ``open``, ``screen_text``, ``press``."""

    def __init__(self, width: int = 1400, height: int = 900) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", f"--window-size={width},{height}", "--no-first-run"):
            options.add_argument(arg)
        self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        self.driver.set_page_load_timeout(60)
        self._tap()
        self._screens: dict[str, tuple[pyte.Screen, pyte.ByteStream]] = {}

    def _tap(self) -> None:
        """Install the websocket tap in the current tab (CDP scripts are per tab)."""
        self.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": TAP})

    def __enter__(self) -> "Browser":
        return self

    def __exit__(self, *exc) -> None:
        self.quit()

    def quit(self) -> None:
        try:
            self.driver.quit()
        except Exception:
            pass

    def open(self, url: str) -> None:
        self.driver.get(url)
        self._screens.pop(self.driver.current_window_handle, None)

    def new_tab(self, url: str) -> str:
        self.driver.switch_to.new_window("tab")
        self._tap()
        self.open(url)
        return self.driver.current_window_handle

    def close_tab(self, handle: str) -> None:
        self.driver.switch_to.window(handle)
        self.driver.close()
        self._screens.pop(handle, None)
        if self.driver.window_handles:
            self.driver.switch_to.window(self.driver.window_handles[0])

    def _screen(self) -> tuple[pyte.Screen, pyte.ByteStream] | None:
        handle = self.driver.current_window_handle
        if handle not in self._screens:
            size = self.driver.execute_script("return window.__dockyardTap && window.__dockyardTap.size")
            if not size:
                return None
            screen = pyte.Screen(int(size["width"]), int(size["height"]))
            self._screens[handle] = (screen, pyte.ByteStream(screen))
        return self._screens[handle]

    def screen_text(self) -> str:
        """What this tab's terminal shows now, as text (rows joined by newlines)."""
        pair = self._screen()
        if pair is None:
            return ""
        screen, stream = pair
        data = base64.b64decode(self.driver.execute_script("return window.__dockyardTap.take()") or "")
        if data:
            stream.feed(data)
        return "\n".join(screen.display)

    def wait_text(self, needle: str | Callable[[str], bool], timeout: float = 90, what: str = "") -> str:
        check = needle if callable(needle) else (lambda text: needle in text)
        last = [""]

        def found():
            last[0] = self.screen_text()
            return check(last[0])

        try:
            wait_for(found, timeout, what or f"{needle!r} on the browser's screen", interval=0.3)
        except AssertionError as exc:
            raise AssertionError(f"{exc}; the screen was:\n{last[0]}") from None
        return last[0]

    def body_classes(self) -> str:
        return self.driver.execute_script("return document.body.className") or ""

    def websocket_closed(self) -> bool:
        return bool(self.driver.execute_script("return window.__dockyardTap && window.__dockyardTap.closed"))

    def press(self, *keys: str) -> None:
        """Type into the terminal the way a user does: keyboard events on xterm's textarea."""
        from selenium.webdriver.common.by import By

        area = self.driver.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea")
        for key in keys:
            area.send_keys(key)

    def screenshot(self, path: str | Path) -> None:
        self.driver.save_screenshot(str(path))

