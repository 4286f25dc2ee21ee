"""The real program over ssh:// in a pseudo-terminal: it connects through its own ssh child,
ssh never writes on the screen, and quitting leaves no ssh process behind."""

from __future__ import annotations

import os
import shlex
import signal
from pathlib import Path

import pytest

from tests.support.daemon import wait_for
from tests.support.pty_app import PtyApp, base_env

pytestmark = pytest.mark.daemon


def bed_masters(config: str) -> list[int]:
    """ssh masters (any parent) started with the bed's ssh_config."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state != "Z" and argv and argv[0].endswith(b"ssh") and config.encode() in argv and b"-M" in argv:
            out.append(int(entry.name))
    return out


@pytest.fixture
def ssh_app(tmp_path, ssh_env):
    apps: list[PtyApp] = []

    def start(host: str) -> PtyApp:
        env = base_env(tmp_path, DOCKYARD_SSH_COMMAND=f"ssh -F {shlex.quote(ssh_env)}")
        env.pop("DOCKER_HOST", None)
        app = PtyApp(args=("-H", host), env=env, size=(120, 36)).start()
        apps.append(app)
        return app

    yield start
    for app in apps:
        app.close()


def test_app_over_ssh_lists_and_quits_without_leftovers(ssh_app, ssh_env, bed):
    bed.run("seen")
    assert not bed_masters(ssh_env)
    app = ssh_app("ssh://dockyard-bed")
    app.wait_for(r"live", timeout=30)
    app.wait_for(bed.prefix[:12], timeout=30)
    assert len(bed_masters(ssh_env)) == 1
    elapsed = app.quit_and_wait("q")
    assert app.returncode == 0 and elapsed != float("inf")
    wait_for(lambda: not bed_masters(ssh_env), timeout=5, what="no ssh master left after quit")


@pytest.mark.parametrize("how", ["terminal closed", "SIGTERM"])
def test_a_hang_up_or_sigterm_leaves_no_ssh_master(how, ssh_app, ssh_env, bed):
    """An operator's own ssh login drops (the terminal hangs up: SIGHUP) or a service manager
    stops the app: the ssh master runs in its own session, so the signal does not reach it;
    the app closes it before it ends."""
    bed.run("hangup")
    app = ssh_app("ssh://dockyard-bed")
    app.wait_for(bed.prefix[:12], timeout=30)
    assert len(bed_masters(ssh_env)) == 1
    if how == "SIGTERM":
        os.kill(app.proc.pid, signal.SIGTERM)
    else:
        os.close(app._master)  # the kernel hangs up the session: SIGHUP to the app
        app._master = -1
    assert app.wait_exit(20) is not None, "the app did not end"
    wait_for(lambda: not bed_masters(ssh_env), timeout=10, what=f"no ssh master left after {how}")


def test_app_shows_the_ssh_error_not_ssh_output(ssh_app, ssh_env):
    app = ssh_app("ssh://root@dockyard-bed")
    app.wait_for(r"Permission denied \(publickey\)", timeout=30)
    screen = app.screen_text()
    # The connect screen's reason, prefixed "ssh: "; ssh's own line would start at column 0.
    assert "Reason:   ssh: root@127.0.0.1: Permission denied (publickey)." in screen, screen
    for line in screen.splitlines():
        assert not line.startswith("root@127.0.0.1: Permission denied"), screen
    app.quit_and_wait("q")
    wait_for(lambda: not bed_masters(ssh_env), timeout=5, what="no ssh master left after quit")


def test_ssh_command_from_config_toml_when_the_environment_sets_none(tmp_path, ssh_env, bed):
    """``[ssh] command = ["ssh", "-F", FILE]`` in config.toml reaches the ssh child: the bed's
    host alias resolves only through that file (no DOCKYARD_SSH_COMMAND in the environment)."""
    bed.run("configured")
    env = base_env(tmp_path)
    env.pop("DOCKYARD_SSH_COMMAND", None)
    env.pop("DOCKER_HOST", None)
    cfg = Path(env["XDG_CONFIG_HOME"]) / "dockyard"
    cfg.mkdir(parents=True)
    (cfg / "config.toml").write_text(f'[ssh]\ncommand = ["ssh", "-F", "{ssh_env}"]\n')
    app = PtyApp(args=("-H", "ssh://dockyard-bed"), env=env, size=(120, 36)).start()
    try:
        app.wait_for(bed.prefix[:12], timeout=30)
        assert len(bed_masters(ssh_env)) == 1  # the master was started with the configured -F
        app.quit_and_wait("q")
    finally:
        app.close()
    wait_for(lambda: not bed_masters(ssh_env), timeout=5, what="no ssh master left after quit")
