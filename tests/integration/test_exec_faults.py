"""An interactive exec or attach whose connection fails on the way, against the real
daemon behind a proxy that closes chosen requests' connections unanswered (what a
transport's new connection failing looks like: over ssh dial-stdio each connection is a
new ``ssh`` child)."""

from __future__ import annotations

import os
import threading

import pytest

from tests.support.daemon import wait_for
from tests.support.pty_io import open_terminal, wait_quietly
from tests.support.daemon_proxy import DaemonProxy, upstream_from_env
from tui.domain.errors import DockerError, ErrorKind
from tui.engine.connection import open_client
from tui.engine.endpoint import resolve
from tui.engine.exec_shell import run_attach, run_exec

pytestmark = pytest.mark.daemon


def test_a_resize_whose_connection_drops_does_not_end_the_exec(bed):
    cid = bed.run("resized")
    master, slave, out = open_terminal()
    with DaemonProxy(upstream_from_env()).start() as proxy:
        client = open_client(resolve(host=proxy.url))
        proxy.drop(r"^/exec/[^/]+/resize$")
        try:
            code = run_exec(client, cid, command=["sh", "-c", "echo exec-$((6*7)); exit 3"], stdin_fd=slave, stdout_fd=slave)
        finally:
            client.close()
        assert len(proxy.dropped) == 1, "the proxy dropped no resize"
        assert proxy.count(r"^/exec/[^/]+/resize$") == 2, "the size did not get through on a second connection"
    wait_for(lambda: b"exec-42" in out, timeout=10, what="the command's output")
    assert code == 3
    os.close(slave)
    os.close(master)


def test_an_attach_resize_whose_connection_drops_does_not_end_the_attach(bed):
    cid = bed.run("attached", ["sh", "-c", "read line; echo got-$line"], tty=True, stdin_open=True)
    master, slave, out = open_terminal()
    with DaemonProxy(upstream_from_env()).start() as proxy:
        client = open_client(resolve(host=proxy.url))
        proxy.drop(r"^/containers/[^/]+/resize$")

        def typist() -> None:  # keys typed before the terminal goes raw are flushed: type again
            for _ in range(60):
                os.write(master, b"hello\r")
                if wait_quietly(lambda: b"got-" in out, 0.5):
                    return

        threading.Thread(target=typist, daemon=True).start()
        try:
            run_attach(client, cid, stdin_fd=slave, stdout_fd=slave)
        finally:
            client.close()
        assert len(proxy.dropped) == 1, "the proxy dropped no resize"
        assert proxy.count(r"^/containers/[^/]+/resize$") == 2, "the size did not get through on a second connection"
    wait_for(lambda: b"got-hello" in out, timeout=10, what="the container's answer")
    os.close(slave)
    os.close(master)


@pytest.mark.parametrize("what", ["exec", "attach", "exec with options"])
def test_a_connection_lost_when_a_shell_opens_is_a_docker_error(what, bed, request):
    """Not an exception the UI thread dies of: the dashboard shows it and goes on."""
    from tests.support.pump import Recorder
    from tui.domain.exec_spec import ExecSpec
    from tui.engine.session import Session

    cid = bed.run("lost", ["sh"], tty=True, stdin_open=True)
    with DaemonProxy(upstream_from_env()).start() as proxy:
        recorder = Recorder()
        session = Session(resolve(host=proxy.url), recorder)
        request.addfinalizer(session.close)
        session.start()
        recorder.wait_resynced(timeout=20)
        proxy.drop(r"^/containers/[^/]+/(exec|attach)$")
        with pytest.raises(DockerError) as info:
            if what == "exec with options":
                session.exec_interactive(cid, ExecSpec(command=("sh",)))
            else:
                session.interactive(what, cid)
        assert info.value.kind is ErrorKind.UNREACHABLE, info.value
        assert proxy.url in info.value.message or "cannot reach" in info.value.message, info.value.message
        assert proxy.dropped
