"""[[hosts]] parsing (tui/domain/host_entries.py) and the daemon-naming flags of the action log."""

from tui.domain.docker_cli import on_daemon
from tui.domain.host_entries import parse_hosts


def test_hosts_entries_parse_with_problems_as_data():
    entries, problems = parse_hosts({"hosts": [
        {"name": "prod-1", "url": "ssh://deploy@prod-1", "group": "prod", "readonly": True, "colour": "#d08770"},
        {"name": "lab", "context": "lab"},
        {"name": "both", "url": "tcp://x:2376", "context": "x"},
        {"name": "prod-1", "url": "unix:///x"},
        {"url": "unix:///nameless"},
        {"name": "odd\x1b]0;t\x07", "url": "unix:///y", "colour": "url(evil)", "readonly": "yes"},
        "not a table",
    ]})  # fmt: skip
    by = {e.name: e for e in entries}
    assert by["prod-1"].readonly and by["prod-1"].group == "prod" and by["prod-1"].colour == "#d08770" and not by["prod-1"].error
    assert by["lab"].context == "lab" and by["lab"].address == "context lab"
    assert by["both"].error == "give url or context, not both"
    assert len([e for e in entries if e.name == "prod-1"]) == 1
    odd = next(e for e in entries if e.name.startswith("odd"))
    assert "\x1b" not in odd.name and odd.colour == "" and odd.readonly is True
    assert any("used twice" in p for p in problems) and any("no name" in p for p in problems)
    assert any("not a table" in p for p in problems) and any("colour" in p for p in problems)
    assert parse_hosts({}) == ((), ()) and parse_hosts({"hosts": "x"})[1]


def test_on_daemon_inserts_the_flags_once():
    assert on_daemon("docker stop web", ("--context", "prod")) == "docker --context prod stop web"
    assert on_daemon("docker stop web", ("-H", "ssh://a b")) == "docker -H 'ssh://a b' stop web"
    assert on_daemon("docker stop web", ()) == "docker stop web"
    assert on_daemon("docker --context x stop web", ("--context", "prod")) == "docker --context x stop web"
    assert on_daemon("# switched", ("--context", "prod")) == "# switched"


def test_endpoint_keys_and_cli_args():
    from tui.engine.endpoint import Endpoint

    assert Endpoint("unix:///s", "DOCKER_HOST").cli_args() == ()
    assert Endpoint("unix:///s", "flag").cli_args() == ("-H", "unix:///s")
    assert Endpoint("tcp://h:2376", "flag", context="prod").cli_args() == ("--context", "prod")
    assert Endpoint("ssh://h", "config-host", name="lab").cli_args() == ("-H", "ssh://h")
    assert Endpoint("unix:///s", "flag", context="default").key == "unix:///s"
    assert Endpoint("ssh://h", "config-host", name="lab").key == "lab"
