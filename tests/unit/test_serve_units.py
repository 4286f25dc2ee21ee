"""The pure parts of dockyard serve: the child's environment, sizes, names, the driver check."""

from __future__ import annotations

from tui.cli import under_web_driver
from tui.serve.child_env import WEB_DRIVER, child_environment
from tui.serve.server import hostname, is_loopback
from tui.serve.viewer import clamp_size, packet


def test_child_environment_is_an_allow_list():
    env = {"PATH": "/bin", "HOME": "/root", "LANG": "ko_KR.UTF-8", "LC_ALL": "C", "DOCKER_HOST": "unix:///x",
           "DOCKER_CONFIG": "/c", "DOCKYARD_LOG_DIR": "/l", "AWS_SECRET_ACCESS_KEY": "s", "SSH_AUTH_SOCK": "/agent",
           "PYTHONPATH": "/evil", "LD_PRELOAD": "/evil.so", "TEXTUAL": "devtools"}
    out = child_environment(env, 100, 30)
    assert out["TEXTUAL_DRIVER"] == WEB_DRIVER and out["COLUMNS"] == "100" and out["ROWS"] == "30"
    for kept in ("PATH", "HOME", "LANG", "LC_ALL", "DOCKER_HOST", "DOCKER_CONFIG", "DOCKYARD_LOG_DIR"):
        assert out[kept] == env[kept]
    for dropped in ("AWS_SECRET_ACCESS_KEY", "SSH_AUTH_SOCK", "PYTHONPATH", "LD_PRELOAD", "TEXTUAL"):
        assert dropped not in out
    assert child_environment(env, 80, 24, ssh=True)["SSH_AUTH_SOCK"] == "/agent"


def test_sizes_from_the_browser_are_bounded():
    assert clamp_size(120, 40) == (120, 40)
    assert clamp_size("100000", -5) == (400, 6)
    assert clamp_size(None, "x") == (80, 24)


def test_loopback_names():
    assert hostname("127.0.0.1:8000") == "127.0.0.1" and hostname("[::1]:8000") == "::1" and hostname("localhost") == "localhost"
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "192.168.1.2", "localhost.attacker.example", "127.0.0.1.nip.io", ""))


def test_only_the_web_driver_lifts_the_terminal_check():
    assert under_web_driver({"TEXTUAL_DRIVER": WEB_DRIVER})
    assert not under_web_driver({})
    assert not under_web_driver({"TEXTUAL_DRIVER": "textual.drivers.headless_driver:HeadlessDriver"})


def test_packets_are_framed_like_the_web_driver():
    assert packet(b"D", b"abc") == b"D\x00\x00\x00\x03abc"
