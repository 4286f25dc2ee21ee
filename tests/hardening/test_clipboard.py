"""Clipboard truthfulness (issue 17, item 6): the notice says what was *sent*, never
"Copied", and under tmux it reads ``set-clipboard`` and says how to enable it. The
tmux test runs the real app inside a real tmux server (a private socket) and checks
tmux's own paste buffer, so what the notice claims is what tmux did."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid

import pytest

from tests.support.pty_app import ROOT, base_env
from tui.clipboard import TMUX_ENABLE, multiplexer, notice


def test_notice_never_claims_a_copy():
    for mux, setting in [(None, None), ("tmux", "on"), ("tmux", "external"), ("tmux", "off"), ("tmux", None), ("screen", None)]:
        message, _ = notice("id of web", sent=True, mux=mux, tmux_setting=setting)
        assert "sent to the terminal clipboard (OSC 52)" in message
        assert "Copied" not in message and "copied" not in message
    for setting in ("external", "off"):
        message, severity = notice("x", sent=True, mux="tmux", tmux_setting=setting)
        assert TMUX_ENABLE in message and f"set-clipboard {setting}" in message and severity == "warning"
    assert "GNU screen" in notice("x", sent=True, mux="screen", tmux_setting=None)[0]
    assert "too large" in notice("x", sent=False, mux=None, tmux_setting=None)[0]
    assert multiplexer({"TMUX": "/tmp/tmux-0/default,1,0"}) == "tmux"
    assert multiplexer({"STY": "1.pts-0"}) == "screen"
    assert multiplexer({}) is None
    # Outside text in the label (a container name) is cleaned.
    assert "\x1b" not in notice("id of \x1b]0;t\x07", sent=True, mux=None, tmux_setting=None)[0]


class Tmux:
    def __init__(self, env: dict[str, str], conf: str) -> None:
        self.sock = f"dyk-{uuid.uuid4().hex[:8]}"
        self.env = env
        self.conf = conf

    def __call__(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(["tmux", "-L", self.sock, "-f", self.conf, *args], env=self.env, capture_output=True, text=True, timeout=10)
        if check and done.returncode != 0:
            raise AssertionError(f"tmux {args}: {done.stderr}")
        return done.stdout

    def screen(self) -> str:
        return self("capture-pane", "-p", "-J", "-t", "app")

    def wait_for(self, pattern: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not re.search(pattern, self.screen()):
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {pattern!r}:\n{self.screen()}")
            time.sleep(0.1)


@pytest.mark.daemon
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_under_real_tmux_the_notice_follows_set_clipboard(bed, tmp_path):
    bed.run("clip")
    conf = tmp_path / "tmux.conf"
    conf.write_text("set -g set-clipboard external\nset -g default-terminal tmux-256color\n")
    env = base_env(tmp_path, DOCKER_HOST=os.environ["DOCKER_HOST"], TERM="xterm-256color")
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)  # no local clipboard: only OSC 52 is in play
    tmux = Tmux(env, str(conf))
    cmd = f"cd {ROOT} && exec {sys.executable} -m tui"
    tmux("new-session", "-d", "-s", "app", "-x", "150", "-y", "40", cmd)
    try:
        tmux.wait_for(r"Containers \(\d+\)")
        tmux.wait_for(bed.prefix[:12])
        time.sleep(0.5)
        tmux("send-keys", "-t", "app", "y")
        tmux.wait_for(r"set-clipboard\s+external")
        assert "set -g set-clipboard on" in tmux.screen().replace("\n", " ") or "set-clipboard on" in tmux.screen()
        assert tmux("list-buffers", check=False).strip() == ""  # tmux really dropped it
        tmux("set", "-g", "set-clipboard", "on")
        time.sleep(6.5)  # the warning toast times out
        tmux("send-keys", "-t", "app", "y")
        tmux.wait_for(r"passes it on")
        buffer = tmux("show-buffer", check=False).strip()
        assert re.fullmatch(r"[0-9a-f]{64}", buffer), buffer  # the container id reached tmux
        assert "Copied" not in tmux.screen()
    finally:
        tmux("kill-server", check=False)
