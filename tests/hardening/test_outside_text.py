"""Text that is not from the daemon never acts on the terminal either.

One test per source where outside text enters: DOCKER_HOST, the -H flag, a docker
context's endpoint and name, and keymap values in config.toml (shown in help and the
footer). Each runs the real app in a pty and scans every byte it wrote for sequences
carrying the test's marker (tests/support/pty_app.hostile_hits). Library error texts
(the reason a connection failed) and DockerError messages are checked as values.
"""

from __future__ import annotations

import hashlib
import json

import pytest

from tests.support.pty_app import hostile_hits
from tui.domain import changes as ch
from tui.domain.errors import DockerError, ErrorKind
from tui.engine.endpoint import resolve

from .hostile import new_marker, payload

pytestmark = pytest.mark.daemon

CONTROLS = set(range(0x00, 0x09)) | set(range(0x0B, 0x20)) | {0x7F} | set(range(0x80, 0xA0))


def _no_controls(text: str) -> bool:
    return not any(ord(c) in CONTROLS for c in text)


def _unreachable(marker: str) -> str:
    # A port nothing listens on: the connect screen shows the endpoint and retries.
    return "tcp://127.0.0.1:9/" + payload(marker)


def test_docker_host_with_escapes_never_reaches_the_terminal(pty_app):
    marker = new_marker()
    app = pty_app(docker_host=_unreachable(marker))
    app.wait_for(r"Cannot reach the Docker daemon", timeout=30)
    app.wait_for(r"tcp://127\.0\.0\.1:9/", timeout=10)
    app.settle(0.5)
    assert hostile_hits(app.raw_bytes(), marker) == []
    assert app.quit_and_wait("ctrl+c") < 10


def test_host_flag_with_escapes_never_reaches_the_terminal(pty_app):
    marker = new_marker()
    app = pty_app(args=("-H", _unreachable(marker)))
    app.wait_for(r"Cannot reach the Docker daemon", timeout=30)
    app.settle(0.5)
    assert hostile_hits(app.raw_bytes(), marker) == []


def _write_context(config_dir, name: str, host: str, description: str) -> None:
    digest = hashlib.sha256(name.encode()).hexdigest()
    meta = config_dir / "contexts" / "meta" / digest
    meta.mkdir(parents=True)
    (meta / "meta.json").write_text(
        json.dumps({"Name": name, "Metadata": {"Description": description}, "Endpoints": {"docker": {"Host": host, "SkipTLSVerify": False}}})
    )


def test_context_endpoint_with_escapes_never_reaches_the_terminal(pty_app, tmp_path):
    marker = new_marker()
    config_dir = tmp_path / "docker-config-evil"
    _write_context(config_dir, "evil", _unreachable(marker), payload(marker))
    app = pty_app(DOCKER_CONFIG=str(config_dir), DOCKER_CONTEXT="evil", docker_host="")
    app.wait_for(r"Cannot reach the Docker daemon", timeout=30)
    app.wait_for(r"\(context", timeout=10)
    app.settle(0.5)
    assert hostile_hits(app.raw_bytes(), marker) == []


def test_context_name_and_endpoint_are_cleaned_when_resolved(tmp_path):
    marker = new_marker()
    config_dir = tmp_path / "cfg"
    _write_context(config_dir, "evil", _unreachable(marker), payload(marker))
    (config_dir / "config.json").write_text(json.dumps({"currentContext": "evil"}))
    endpoint = resolve(env={"DOCKER_CONFIG": str(config_dir)})
    assert _no_controls(endpoint.host) and _no_controls(endpoint.describe())
    # A context name carrying escapes is named (cleaned) in the error, never emitted.
    (config_dir / "config.json").write_text(json.dumps({"currentContext": "x" + payload(marker)}))
    with pytest.raises(DockerError) as err:
        resolve(env={"DOCKER_CONFIG": str(config_dir)})
    assert _no_controls(str(err.value))
    for env in ({"DOCKER_HOST": _unreachable(marker)}, {"DOCKER_CONTEXT": "x" + payload(marker), "DOCKER_CONFIG": str(config_dir)}):
        try:
            endpoint = resolve(env=env)
        except DockerError as exc:
            assert _no_controls(str(exc))
        else:
            assert _no_controls(endpoint.describe())


def test_library_error_texts_are_cleaned_where_they_enter():
    evil = payload("DYKMlib")
    change = ch.ConnectionChanged("lost", "tcp://h" + evil, "ssl said: " + evil)
    assert _no_controls(change.reason) and _no_controls(change.endpoint)
    err = DockerError(ErrorKind.UNREACHABLE, "requests said: " + evil, "tcp://" + evil)
    assert _no_controls(err.message) and _no_controls(err.endpoint)


def _toml_escape(text: str) -> str:
    return "".join(c if 0x20 <= ord(c) < 0x7F and c not in '"\\' else f"\\u{ord(c):04x}" for c in text)


def test_keymap_value_with_escapes_never_reaches_help_or_footer(pty_app, tmp_path):
    marker = new_marker()
    config = tmp_path / "xdg_config_home" / "dockyard" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(f'[keymap]\n"container.logs" = "l,{_toml_escape(payload(marker))}"\n')
    app = pty_app()
    app.wait_for(r"Containers \(\d+\)", timeout=30)
    app.wait_for(r"container\.logs", timeout=10)  # the config notice names the bad value
    app.press("question_mark")
    app.wait_for(r"esc closes")
    app.settle(0.5)
    assert hostile_hits(app.raw_bytes(), marker) == []
    app.press("escape")
    app.wait_gone(r"esc closes")
    assert app.quit_and_wait("q") < 10
