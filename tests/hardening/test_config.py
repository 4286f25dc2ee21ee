"""A bad config.toml never crashes Dockyard: every wrong value is named with its line and
what was expected, the default is used, and the app runs (issue 17, item 2)."""

from __future__ import annotations

import pytest

from tests.support.pty_app import hostile_hits
from tui import keymap
from tui.domain.config_schema import AlertSettings, HostEntry, LogSettings, Settings, SshSettings, UiSettings, parse

from .hostile import new_marker

BAD_FILES = {
    "invalid-utf8": (b'[logs]\ntail = 50\n# caf\xe9\n[keymap]\n"app.quit" = "q\xff"\n', [(3, "UTF-8"), (5, "keymap.app.quit")]),
    "keymap-not-a-table": (b'keymap = "x"\n', [(1, "keymap: found \"x\", expected a table")]),
    "logs-not-a-table": (b"logs = 5\n", [(1, "logs: found 5, expected a table")]),
    "buffer-inf": (b"[logs]\nbuffer = inf\n", [(2, "logs.buffer: found inf, expected a whole number")]),
    "tail-inf": (b"[logs]\ntail = inf\n", [(2, "logs.tail: found inf, expected a whole number")]),
    "tail-nan-and-string": (b"[logs]\ntail = nan\ncontext = \"2\"\n", [(2, "logs.tail"), (3, "logs.context")]),
    "negative-and-bool": (b"[logs]\ntail = -5\nbuffer = true\n", [(2, "logs.tail"), (3, "logs.buffer")]),
    "huge-int": (b"[logs]\ntail = 99999999999999999999999\n", [(2, "logs.tail")]),
    "syntax-error": (b"[logs\ntail = 1\n", [(1, "not valid TOML")]),
    "keymap-value-number": (b"[keymap]\ncontainer.stop = 5\n", [(2, "keymap.container.stop")]),
    "keymap-control-chars": (b'[keymap]\ncontainer.stop = "x,\\u001b]0;t\\u0007"\n', [(2, "keymap.container.stop")]),
    "keymap-markup-and-case": (b'[keymap]\n"app.quit" = "[b]q[/b]"\ncontainer.stop = "F5"\ncontainer.kill = "ctrl+"\n', [(2, "keymap.app.quit"), (3, "keymap.container.stop"), (4, "keymap.container.kill")]),
    "hosts-bad-port": (b'[[hosts]]\nname = "a"\nurl = "tcp://h:abc"\n[[hosts]]\nname = "b"\nurl = "ssh://u@h:99999"\n', [(3, "hosts[0].url"), (6, "hosts[1].url: found \"ssh://u@h:99999\", expected a daemon address (Port out of range")]),
    "hosts-not-array": (b'hosts = "a"\n', [(1, "hosts")]),
    "hosts-bad-entries": (
        b'[[hosts]]\nname = "a"\n[[hosts]]\nname = "b"\nurl = "tcp://h:1"\ncontext = "c"\n[[hosts]]\nurl = "ftp://x"\nname = "c"\n',
        [(1, "hosts[0]"), (3, "hosts[1]"), (8, "hosts[2].url")],
    ),
    "ssh-command-number": (b"[ssh]\ncommand = 5\n", [(2, "ssh.command")]),
    "ui-preview-string": (b'[ui]\npreview = "yes"\n', [(2, "ui.preview")]),
    "alerts-inf": (b"[alerts]\ncpu = inf\nrestarts = -1\n", [(2, "alerts.cpu"), (3, "alerts.restarts")]),
    "unknown-table": (b"[colours]\nx = 1\n", [(1, "colours: unknown setting")]),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_each_wrong_value_is_named_with_its_line_and_defaults_stand(name, tmp_path):
    data, expected = BAD_FILES[name]
    path = tmp_path / "config.toml"
    path.write_bytes(data)
    config = keymap.load(path)  # never raises
    lines = config.error.splitlines()
    assert len(config.problems) >= len(expected), config.error
    for line, text in expected:
        where = f"config.toml line {line}:" if line else "config.toml:"
        assert any(where in msg and text in msg for msg in lines), (line, text, config.error)
    # Every message says what is used instead (or that the entry is ignored or skipped).
    assert all(("using" in m or "ignored" in m or "skipped" in m or "default" in m or "\ufffd" in m) for m in lines), config.error
    assert config.settings.logs.tail >= 0 and config.settings.logs.buffer >= 100
    assert all(isinstance(v, int) for v in config.logs.values())


@pytest.mark.parametrize("value", ['"tcp://h:1\\u001b[2J"', '""', "5"])
def test_a_refused_url_is_one_problem_not_two(value, tmp_path):
    """The url's own reason, not also "give exactly one of url or context" (it was given)."""
    path = tmp_path / "config.toml"
    path.write_text(f'[[hosts]]\nname = "a"\nurl = {value}\n[[hosts]]\nname = "b"\n')
    config = keymap.load(path)
    lines = config.error.splitlines()
    assert len(lines) == 2, config.error
    assert "line 3: hosts[0].url" in lines[0] and "exactly one" not in lines[0]
    assert "hosts[1]: give exactly one of url or context" in lines[1]
    assert config.settings.hosts == ()


def test_a_hosts_alert_rules_know_the_same_keys_as_alerts(tmp_path):
    """[alerts.hosts.NAME] takes [alerts]' keys but bell: a wrong cpu is one problem (its
    value), not also "unknown setting" for a key that is read."""
    path = tmp_path / "config.toml"
    path.write_text('[alerts]\ncpu = 50\n[alerts.hosts."prod x"]\ncpu = "lots"\nmemory = 80\nbell = true\n')
    config = keymap.load(path)
    lines = config.error.splitlines()
    assert len(lines) == 2, config.error
    assert "line 4: alerts.hosts.prod x.cpu: found \"lots\", expected a number" in lines[0]
    assert "line 6: alerts.hosts.prod x.bell: unknown setting" in lines[1]
    (name, rules), = config.settings.alerts.hosts
    assert name == "prod x" and rules.memory == 80 and rules.cpu == 50
    assert lines[0].endswith("using 50"), lines[0]


def test_a_wrong_alert_value_falls_back_to_the_value_it_names(tmp_path):
    """A wrong value in [alerts.hosts.NAME] keeps [alerts]' value, and in [alerts] the default;
    the message names the value used (window used to say "no limit" and use 5 minutes)."""
    path = tmp_path / "config.toml"
    path.write_text(
        '[alerts]\nwindow = -1\nrestarts = 7\nmemory = 90\n'
        '[alerts.hosts.lab]\nwindow = "soon"\nrestarts = -2\nmemory = 200\n'
    )
    config = keymap.load(path)
    lines = config.error.splitlines()
    assert len(lines) == 4, config.error
    assert "alerts.window" in lines[0] and lines[0].endswith("using 5 minutes"), lines[0]
    assert "alerts.hosts.lab.window" in lines[1] and lines[1].endswith("using 5 minutes"), lines[1]
    assert "alerts.hosts.lab.restarts" in lines[2] and lines[2].endswith("using 7"), lines[2]
    assert "alerts.hosts.lab.memory" in lines[3] and lines[3].endswith("using 90"), lines[3]
    alerts = config.settings.alerts
    assert (alerts.window, alerts.restarts, alerts.memory) == (5.0, 7, 90.0)
    (_, lab), = alerts.hosts
    assert (lab.window, lab.restarts, lab.memory) == (5.0, 7, 90.0)


def test_good_file_gives_typed_frozen_values(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        '[keymap]\ncontainer.stop = "x"\n"app.quit" = ["q", "ctrl+q"]\n'
        "[logs]\ntail = 50\nbuffer = 20000\ncontext = 3\n"
        '[[hosts]]\nname = "prod"\nurl = "ssh://ops@prod"\ngroup = "eu"\nreadonly = true\ncolour = "#ff8800"\n'
        '[[hosts]]\nname = "lab"\ncontext = "lab"\n'
        '[ssh]\ncommand = ["ssh", "-F", "/etc/ssh/dockyard"]\n'
        "[alerts]\ncpu = 250\nmemory = 90.5\nrestarts = 3\n"
        "[ui]\npreview = true\n"
    )
    config = keymap.load(path)
    assert config.error == "" and config.problems == ()
    s = config.settings
    assert isinstance(s, Settings)
    assert dict(s.keymap) == {"container.stop": "x", "app.quit": "q,ctrl+q"}
    assert s.logs == LogSettings(tail=50, context=3, buffer=20000)
    assert s.hosts == (
        HostEntry(name="prod", url="ssh://ops@prod", group="eu", readonly=True, colour="#ff8800"),
        HostEntry(name="lab", context="lab"),
    )
    assert s.ssh == SshSettings(command=("ssh", "-F", "/etc/ssh/dockyard"))
    assert s.alerts == AlertSettings(cpu=250.0, memory=90.5, restarts=3)
    assert s.ui == UiSettings(preview=True)
    with pytest.raises(AttributeError):
        s.logs.tail = 5  # frozen
    with pytest.raises(TypeError):
        s.keymap["x"] = "y"  # read-only mapping


def test_problem_messages_never_carry_controls():
    marker = new_marker()
    data = f'[keymap]\n"a\\u001b]0;{marker}\\u0007" = "\\u001b]52;c;{marker}\\u0007"\n[logs]\ntail = "\\u001b[2J{marker}"\n'.encode()
    _, problems = parse(data)
    assert problems
    for p in problems:
        text = p.describe()
        assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in text), text


@pytest.mark.daemon
@pytest.mark.parametrize("name", ["invalid-utf8", "keymap-not-a-table", "logs-not-a-table", "buffer-inf", "tail-inf"])
def test_app_starts_names_the_problem_and_opens_logs(name, bed, pty_app, tmp_path):
    """The reported crashes: each file, then open a container's logs (tail/buffer are read there)."""
    bed.run("cfg")
    config = tmp_path / "xdg_config_home" / "dockyard" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_bytes(BAD_FILES[name][0])
    app = pty_app(size=(140, 40))
    app.wait_for(r"Containers \(\d+\)", timeout=30)
    app.wait_for(r"config\.toml line \d", timeout=10)
    app.wait_for(bed.prefix[:12])
    app.press("l")
    app.wait_for(r"following|last [\d,]+ lines", timeout=15)
    app.settle(0.3)
    assert app.returncode is None
    assert "Traceback" not in app.screen_text()
    assert hostile_hits(app.raw_bytes(), "DYKM-none") == []
    assert app.quit_and_wait("q") < 10
    assert app.returncode == 0


def _check_config(tmp_path, data: bytes | None):
    import os
    import subprocess
    import sys

    home = tmp_path / "xdg"
    if data is not None:
        (home / "dockyard").mkdir(parents=True)
        (home / "dockyard" / "config.toml").write_bytes(data)
    env = {**os.environ, "XDG_CONFIG_HOME": str(home)}
    # No terminal: the check needs none (it runs before the TTY check).
    return subprocess.run([sys.executable, "-m", "tui", "--check-config"], env=env, capture_output=True, stdin=subprocess.DEVNULL, timeout=120)


def test_check_config_lists_every_problem_without_a_terminal(tmp_path):
    """A config with more problems than a notice shows: ``dockyard --check-config`` prints them
    all (the schema's and the keymap's, each cleaned) and exits 1."""
    marker = new_marker()
    data = (
        f'[keymap]\n"app.quit" = "[b]q[/b]"\ncontainer.kill = "foo"\n"x[@click=app.quit]" = "z"\n'
        f'[logs]\ntail = inf\nbuffer = -5\ncontext = "x"\n[ui]\npreview = "\\u001b]0;{marker}\\u0007"\n'
        f'[[hosts]]\nname = "a"\n[ssh]\ncommand = 5\n'
        f'[[commands]]\nname = "c"\ncommand = "true"\nkey = "s"\n'
    ).encode()
    done = _check_config(tmp_path, data)
    out = done.stdout.decode()
    assert done.returncode == 1, (out, done.stderr)
    for text in ("line 2: keymap.app.quit", "line 6: logs.tail", "line 7: logs.buffer", "line 8: logs.context",
                 "line 10: ui.preview", "hosts[0]", "ssh.command", "container.kill = 'foo' is no key",
                 "unknown id 'x[@click=app.quit]'", "'c' key 's': already container.stop", "problems"):
        assert text in out, (text, out)
    assert hostile_hits(done.stdout, marker) == [] and "\x1b" not in out, out


def test_check_config_of_a_good_file_or_none(tmp_path):
    good = _check_config(tmp_path / "a", b'[keymap]\ncontainer.kill = "Z"\n[logs]\ntail = 50\n')
    assert good.returncode == 0 and good.stdout.decode().rstrip().endswith(": fine"), good
    none = _check_config(tmp_path / "b", None)
    assert none.returncode == 0 and "no file" in none.stdout.decode(), none


def test_the_start_notice_names_a_few_problems_and_where_the_rest_are():
    lines = [f"config.toml line {n}: problem {n}" for n in range(1, 17)]
    shown = keymap.notice("\n".join(lines)).splitlines()
    assert shown[:6] == lines[:6] and len(shown) == 7
    assert "10 more" in shown[-1] and "dockyard --check-config" in shown[-1]
    assert keymap.notice("\n".join(lines[:6])) == "\n".join(lines[:6])
