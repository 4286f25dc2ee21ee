"""The pure parts of the ssh transport: addresses, DOCKYARD_SSH_COMMAND, stderr to a message."""

from __future__ import annotations

import pytest

from tui.domain.errors import DockerError
from tui.engine.ssh_command import ssh_command
from tui.engine.ssh_tunnel import SshTarget, _kind, _message, parse_target


def test_parse_target_user_host_port():
    assert parse_target("ssh://me@box:2222") == SshTarget("box", "me", 2222)
    assert parse_target("ssh://box").args() == ["--", "box"]
    assert parse_target("ssh://me@box:2222").args() == ["-p", "2222", "-l", "me", "--", "box"]


@pytest.mark.parametrize("url", ["ssh://", "ssh://box/var/run/docker.sock", "tcp://box:2375", "ssh://box:notaport"])
def test_parse_target_refuses_what_the_docker_cli_refuses(url):
    with pytest.raises(DockerError):
        parse_target(url)


def test_ssh_command_from_the_environment_is_split_like_a_shell():
    assert ssh_command({}) == ["ssh"]
    assert ssh_command({"DOCKYARD_SSH_COMMAND": "  "}) == ["ssh"]
    assert ssh_command({"DOCKYARD_SSH_COMMAND": "ssh -F '/tmp/my config'"}) == ["ssh", "-F", "/tmp/my config"]
    with pytest.raises(DockerError):
        ssh_command({"DOCKYARD_SSH_COMMAND": "ssh -F 'unclosed"})


def test_stderr_becomes_one_clean_ssh_message():
    lines = ["Warning: Permanently added '[127.0.0.1]:22' (ED25519) to the list of known hosts.", "me@box: Permission denied (publickey).\x1b]0;owned\x07"]
    message = _message(lines, "fallback")
    assert message.startswith("ssh: me@box: Permission denied (publickey).")
    assert "\x1b" not in message and "\x07" not in message  # shown, never obeyed
    assert "Permanently added" not in message
    assert _message([], "ssh to box exited (255)") == "ssh: ssh to box exited (255)"
    assert _kind(message).name == "PERMISSION"
    assert _kind("ssh: Host key verification failed.").name == "CONFIG"
    assert _kind("ssh: connect to host box port 22: Connection refused").name == "UNREACHABLE"


def test_a_missing_ssh_program_is_a_clear_message():
    from tui.engine.connection import Transport
    from tui.engine.endpoint import Endpoint

    transport = Transport(Endpoint("ssh://me@box", "flag"), env={"DOCKYARD_SSH_COMMAND": "/nonexistent/ssh -F x"})
    with pytest.raises(DockerError) as info:
        transport.open()
    transport.close()
    assert info.value.kind.name == "CONFIG"
    assert info.value.message.startswith("ssh: /nonexistent/ssh not found")


def test_ssh_command_from_config_toml_unless_the_environment_names_one():
    from tui.engine import ssh_command as command

    try:
        command.set_configured_command(("ssh", "-F", "/etc/work config"))
        assert ssh_command({}) == ["ssh", "-F", "/etc/work config"]
        assert ssh_command({"DOCKYARD_SSH_COMMAND": "ssh -v"}) == ["ssh", "-v"]  # the environment wins
    finally:
        command.set_configured_command(("ssh",))
    assert ssh_command({}) == ["ssh"]
