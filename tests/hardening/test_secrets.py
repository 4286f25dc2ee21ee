"""Secrets stay off the screen, out of crash reports and out of the user's dirs."""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

import pytest
from textual.widgets import Static

from tests.support.pty_app import PtyApp, base_env
from tui.domain.secrets import MASK, mask_document
from tui.screens.objects.inspect import InspectScreen

pytestmark = pytest.mark.daemon


def test_mask_document_masks_env_labels_and_url_passwords():
    doc = {
        "Config": {"Env": ["DB_PASSWORD=hunter22", "PATH=/bin", "URL=postgres://u:pw1234@db/x"], "Labels": {"api.token": "tok-123456", "app": "web"}},
        "ContainerConfig": {"Env": ["AWS_SECRET_ACCESS_KEY=abcd1234"]},
        "Args": ["--url", "redis://:s3cr3tpw@cache:6379"],
    }
    masked = mask_document(doc)
    text = repr(masked)
    for secret in ("hunter22", "pw1234", "tok-123456", "abcd1234", "s3cr3tpw"):
        assert secret not in text
    assert "PATH=/bin" in text and "'app': 'web'" in text and MASK in text
    assert doc["Config"]["Env"][0] == "DB_PASSWORD=hunter22"  # the original is untouched


async def test_inspect_screen_masks_env_and_labels(bed, make_app, until):
    secret = f"hunter-{uuid.uuid4().hex[:10]}"
    cid = bed.run("sec", environment=[f"DB_PASSWORD={secret}", "PLAIN=visible"], labels={"api.token": secret, "tier": "web"})
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: app.state.synced and cid in app.state.containers, what="container listed")
        app.control.nav.open_inspect("containers", app.state.containers[cid])
        await until(pilot, lambda: (isinstance(app.screen, InspectScreen) and app.screen.is_mounted), what="inspect")
        shown = app.screen._json
        assert secret not in shown
        assert "PLAIN=visible" in shown and MASK in shown
        rendered = str(app.screen.query_one(Static).render())
        assert secret not in rendered
        app.screen.action_copy()  # the copy carries the masked document too
        await pilot.pause(0.2)
        await pilot.press("escape")


CRASH = """
import sys
from tui.app import DockyardApp
from tui.engine.endpoint import resolve

class Crashing(DockyardApp):
    def on_mount(self):
        super().on_mount()
        api_token = "{secret}"
        raise RuntimeError("boom on purpose")

app = Crashing(resolve())
app.run()
sys.exit(app.return_code)
"""


def test_crash_report_never_prints_local_variables(tmp_path, daemon_client):
    secret = f"tok{uuid.uuid4().hex[:12]}"
    env = base_env(tmp_path, DOCKER_HOST=os.environ["DOCKER_HOST"])
    with PtyApp(env=env, cmd=[sys.executable, "-c", CRASH.format(secret=secret)]) as app:
        code = app.wait_exit(30)
        app.wait_raw(rb"boom on purpose", timeout=5)
        raw = app.raw_bytes()
    assert code == 1
    assert b"RuntimeError" in raw
    assert secret.encode() not in raw, "the crash report printed a local variable"


def test_nothing_secret_is_written_under_config_cache_or_state(bed, pty_app, tmp_path):
    secret = f"hunter-{uuid.uuid4().hex[:10]}"
    name = bed.name("sec")
    bed.run("sec", environment=[f"DB_PASSWORD={secret}"], labels={"auth.token": secret})
    app = pty_app()
    app.wait_for(name[:12])
    app.palette(f"go to container {name}")
    app.press("i")
    app.wait_for(r"Container " + name)
    screen = app.screen_text()
    assert "DB_PASSWORD" not in screen or secret not in screen
    app.press("escape")
    app.wait_gone(r"Container " + name)
    app.press("s")  # an action, so the action log has an entry
    app.wait_for(r"docker (container )?stop")
    app.press("L")
    app.wait_for(r"Action log")
    app.press("escape")
    app.wait_gone(r"Action log")
    assert app.quit_and_wait("q") < 5
    assert secret.encode() not in app.raw_bytes()
    for sub in ("xdg_config_home", "xdg_cache_home", "xdg_state_home", "xdg_data_home", "home"):
        base = tmp_path / sub
        for path in base.rglob("*") if base.exists() else []:
            if path.is_file():
                assert secret.encode() not in path.read_bytes(), f"secret written to {path}"


async def test_detail_view_masks_env_and_labels_in_every_tab(bed, make_app, until):
    from textual.widgets import Tree

    from tui.screens.detail.info_tabs import EnvTab, InspectTab

    secret = f"hunter-{uuid.uuid4().hex[:10]}"
    cid = bed.run("det", environment=[f"API_TOKEN={secret}"], labels={"traefik.http.middlewares.a.basicauth.users": secret})
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: app.state.synced and cid in app.state.containers, what="container listed")
        app.control.nav.open_detail("containers", app.state.containers[cid])

        def tree_text() -> str:
            tabs = app.screen.query(InspectTab)
            if not tabs:
                return ""
            tree = tabs.first().query_one(Tree)
            out, stack = [], [tree.root]
            while stack:
                node = stack.pop()
                out.append(str(node.label))
                stack.extend(node.children)
            return "\n".join(out)

        await until(pilot, lambda: "basicauth" in tree_text(), timeout=10, what="inspect tab filled")
        assert secret not in tree_text()
        env_tab = app.screen.query_one(EnvTab)
        assert secret not in str(env_tab.render()) and all(secret not in str(w.render()) for w in env_tab.query("*") if hasattr(w, "render"))
