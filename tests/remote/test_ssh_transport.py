"""Dockyard's own SSH transport against the bed's sshd (loopback) and its dockerd.

The user's real ``ssh`` with the bed's ssh_config (``DOCKYARD_SSH_COMMAND=ssh -F …``): one
ControlMaster child per host, a forwarded private unix socket, a plain unix client.
"""

from __future__ import annotations

import os
import threading
import time

import pytest

from tests.remote.conftest import ssh_children
from tests.support.pty_io import open_terminal, wait_quietly
from tests.support.daemon import wait_for
from tui.domain import changes as ch
from tui.domain.errors import DockerError, ErrorKind
from tui.domain.logbuffer import LogBatch
from tui.domain import transfer as tr

pytestmark = pytest.mark.daemon


def _names(resynced: ch.Resynced) -> set[str]:
    return {c.name for c in resynced.snapshot.containers}


def test_lists_over_the_tunnel_as_a_remote_daemon(ssh_endpoint, start_session, bed):
    bed.run("listed")
    session, rec = start_session(ssh_endpoint)
    snapshot = rec.wait_resynced(timeout=20)
    assert bed.name("listed") in _names(snapshot)
    assert session.transport.describe() == "ssh (forward)"
    # A tunnelled daemon is still remote: no local /proc or cgroup reads.
    assert not ssh_endpoint.is_local
    assert session.client.base_url.startswith("http+docker://")  # a plain unix-socket client
    assert "ssh" not in type(session.client.get_adapter(session.client.base_url)).__name__.lower()


def test_a_container_created_appears_by_event(ssh_endpoint, start_session, bed):
    session, rec = start_session(ssh_endpoint)
    rec.wait_resynced(timeout=20)
    mark = rec.mark()
    name = bed.name("by-event")
    bed.run("by-event")
    rec.wait_for(lambda c: isinstance(c, ch.DaemonEvent) and c.type == "container", after=mark, what="a container event")
    rec.wait_for(lambda c: isinstance(c, ch.ContainerChanged) and c.container.name == name and c.container.state == "running", after=mark, what="the new container, running")


def test_log_follow_stats_and_pull(ssh_endpoint, start_session, bed, daemon_client, registry):
    from tui.engine import images
    from tui.engine.logs import LogPump

    cid = bed.run("chatty", "i=0; while true; do echo line-$i; i=$((i+1)); sleep 0.1; done")
    session, rec = start_session(ssh_endpoint)
    rec.wait_resynced(timeout=20)

    # Log follow: lines keep arriving after the first batch.
    holder: list[LogPump] = []
    lines: list[str] = []
    seen = threading.Event()

    def on_log(change):
        if isinstance(change, LogBatch):
            lines.extend(line.text for line in change.lines)
            if any(t.startswith("line-") and int(t[5:]) >= 15 for t in lines):
                seen.set()
            holder[0].ack()

    pump = LogPump(lambda: session.client, cid, on_log, tail=5, interval=0.05)
    holder.append(pump)
    pump.start()
    try:
        assert seen.wait(20), f"log lines did not keep coming over the tunnel: {lines[-5:]}"
    finally:
        pump.close()
        pump.join()

    # Stats: through the API (the daemon is remote), for the containers asked for.
    mark = rec.mark()
    session.want_stats([cid])
    batch = rec.wait_for(
        lambda c: isinstance(c, ch.StatsBatch) and any(s.id == cid for s in c.samples), after=mark, timeout=20, what="a stats sample"
    )
    assert batch

    # Pull from the bed's loopback registry, through the tunnel.
    ref = f"{registry}/{bed.prefix}pulled:1"
    daemon_client.tag(bed.image, f"{registry}/{bed.prefix}pulled", "1")
    for _ in daemon_client.push(f"{registry}/{bed.prefix}pulled", tag="1", stream=True):
        pass
    daemon_client.remove_image(ref)
    facts = list(images.pull(session.actions, ref))
    assert isinstance(facts[-1], tr.TransferFinished), facts[-3:]
    try:
        assert any(ref in (i.get("RepoTags") or []) for i in daemon_client.images())
    finally:
        daemon_client.remove_image(ref, force=True)


@pytest.mark.parametrize("which", ["ssh_endpoint", "nofwd_endpoint"], ids=["forward", "dial-stdio"])
def test_exec_and_attach_with_a_pty(which, request, start_session, bed):
    from tui.engine.exec_shell import run_attach, run_exec

    session, rec = start_session(request.getfixturevalue(which))
    rec.wait_resynced(timeout=20)
    cid = bed.run("shell")

    master, slave, out = open_terminal()

    def type_in(text: bytes, after: bytes | None = None) -> None:
        if after is not None:
            wait_for(lambda: after in out, timeout=15, what=f"{after!r} from the container")
        os.write(master, text)

    def retype(text: bytes, until: bytes) -> None:
        """Keys typed before the attach went raw are flushed: type again until they land."""
        for _ in range(30):
            os.write(master, text)
            if wait_quietly(lambda: until in out, 0.5):
                return

    # Type only once the shell prompts: the terminal goes raw (TCSAFLUSH) when the exec starts.
    typist = threading.Thread(target=lambda: (type_in(b"echo exec-$((6*7))\r", after=b"# "), type_in(b"exit 3\r", after=b"exec-42")), daemon=True)
    typist.start()
    try:
        code = run_exec(session.client, cid, command=["sh"], stdin_fd=slave, stdout_fd=slave)
        assert b"exec-42" in out
        assert code == 3

        tty_cid = bed.run("tty", ["sh"], tty=True, stdin_open=True)
        out.clear()
        typist = threading.Thread(
            target=lambda: (retype(b"echo attach-$((6*7))\r", until=b"attach-42"), type_in(b"\x10\x11")), daemon=True
        )
        typist.start()
        run_attach(session.client, tty_cid, stdin_fd=slave, stdout_fd=slave)
        assert b"attach-42" in out
        assert bed.client.inspect_container(tty_cid)["State"]["Running"], "detaching must leave the container running"
    finally:
        os.close(slave)
        os.close(master)


def test_over_dial_stdio_a_steady_dashboard_opens_no_new_connection(nofwd_endpoint, start_session, bed):
    """Each connection over dial-stdio is an ssh child here and a docker process on the host:
    the stats sweeps' reads keep their connections (they opened one per read: ~4 a second for
    20 containers at a 2 s interval). Kept: KEEP_IDLE_DIAL_STDIO, under sshd's MaxSessions."""
    from tui.domain import changes as ch
    from tui.engine.lite_client import KEEP_IDLE_DIAL_STDIO

    ids = [bed.run(f"kept{i}") for i in range(KEEP_IDLE_DIAL_STDIO)]
    session, rec = start_session(nofwd_endpoint, stats_interval=0.5)
    rec.wait_resynced(timeout=20)
    assert session.transport.describe() == "ssh (dial-stdio)"
    session.want_stats(ids)

    def batches(n: int) -> None:
        for _ in range(n):
            mark = rec.mark()
            rec.wait_for(lambda c: isinstance(c, ch.StatsBatch) and len(c.samples) == len(ids), timeout=60, after=mark, what="a full stats batch")

    batches(3)  # the sweeps' connections are open and kept
    before = session.transport.tunnel.dialled()
    batches(6)
    opened = session.transport.tunnel.dialled() - before
    assert opened <= 3, f"{opened} new dial-stdio connections for 6 sweeps of {len(ids)} reads"
    # Open now: the event stream and the kept ones (the client's, the watchdog's), well under 10.
    assert len(session.transport.tunnel._relay.procs()) <= 1 + KEEP_IDLE_DIAL_STDIO + 1


def test_one_ssh_child_per_host_and_none_after_close(ssh_endpoint, start_session):
    session, rec = start_session(ssh_endpoint)
    rec.wait_resynced(timeout=20)
    session.want_stats([])
    # Events stream, re-reads, watchdog pings and the stats sampler all share the one child.
    wait_for(lambda: session._ping_client is not None, timeout=15, what="a watchdog ping")
    children = ssh_children()
    assert children == session.transport.children() and len(children) == 1, children
    session.close()
    wait_for(lambda: not ssh_children(), timeout=5, what="no ssh child left after close()")


def test_forwarding_refused_falls_back_to_dial_stdio(nofwd_endpoint, start_session, bed):
    bed.run("via-dial")
    session, rec = start_session(nofwd_endpoint)
    snapshot = rec.wait_resynced(timeout=20)
    assert bed.name("via-dial") in _names(snapshot)
    assert session.transport.describe() == "ssh (dial-stdio)"
    session.close()
    wait_for(lambda: not ssh_children(), timeout=5, what="no ssh child left after close()")


def test_auth_failure_is_a_clean_ssh_message(ssh_env):
    from tui.engine.connection import Transport
    from tui.engine.endpoint import resolve

    transport = Transport(resolve(host="ssh://root@dockyard-bed", env={}))
    try:
        with pytest.raises(DockerError) as info:
            transport.open()
    finally:
        transport.close()
    err = info.value
    assert err.message.startswith("ssh: ") and "Permission denied (publickey)" in err.message, err.message
    assert err.kind is ErrorKind.PERMISSION
    assert "\x1b" not in err.message and "Traceback" not in err.message


def test_auth_failure_reaches_the_session_as_connection_lost(ssh_env, start_session):
    from tui.engine.endpoint import resolve

    session, rec = start_session(resolve(host="ssh://root@dockyard-bed", env={}))
    lost = rec.wait_for(lambda c: isinstance(c, ch.ConnectionChanged) and c.state == "lost", timeout=20, what="lost")
    assert "Permission denied (publickey)" in lost.reason, lost


def test_per_host_readonly_refuses_mutations_before_any_request(ssh_endpoint, start_session, bed):
    import dataclasses

    from tui.engine.actions import ReadOnlyError

    cid = bed.run("keep")
    endpoint = dataclasses.replace(ssh_endpoint, readonly=True)
    session, rec = start_session(endpoint)
    assert session.readonly and session.actions.readonly
    # Not even connected yet: the refusal comes before any request (else "not connected").
    with pytest.raises(ReadOnlyError):
        session.actions.stop(cid)
    rec.wait_resynced(timeout=20)
    for call in (lambda: session.actions.stop(cid), lambda: session.actions.remove_container(cid, force=True), lambda: session.actions.kill(cid)):
        with pytest.raises(ReadOnlyError):
            call()
    assert bed.client.inspect_container(cid)["State"]["Running"]
    assert session.actions.inspect_container(cid)["Id"] == cid  # reads still work


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.1, 0.15, 0.2, 0.3])
def test_close_while_connecting_leaves_no_ssh_child(ssh_endpoint, delay):
    """close() from another thread at any moment of the connect (spawn, login, probe, forward)."""
    from tui.engine.session import Session
    from tests.support.pump import Recorder

    session = Session(ssh_endpoint, Recorder())
    session.start()
    time.sleep(delay)
    session.close()
    session.join(5)
    wait_for(lambda: not ssh_children(), timeout=5, what=f"no ssh child after close() at {delay}s")
    private = session.transport.tunnel._dir
    assert private is None or not os.path.exists(private), "the private socket directory is removed"


def test_nothing_from_ssh_reaches_our_own_stdout_or_stderr(ssh_env, tmp_path):
    """The ssh children never write to the terminal: in a child Python whose stdout/stderr we
    capture, a failing login, a working tunnel and the dial-stdio fallback print nothing."""
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(
        """
        from tests.support.pump import Recorder
        from tui.domain import changes as ch
        from tui.engine.endpoint import resolve
        from tui.engine.session import Session

        for host in ("ssh://root@dockyard-bed", "ssh://dockyard-bed", "ssh://dockyard-bed-nofwd"):
            rec = Recorder()
            session = Session(resolve(host=host, env={}), rec)
            session.start()
            rec.wait_for(lambda c: isinstance(c, (ch.Resynced,)) or (isinstance(c, ch.ConnectionChanged) and c.state == "lost"), timeout=20)
            session.close()
            session.join(5)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120, cwd=os.getcwd(), env=os.environ.copy())
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    assert done.stdout == b"" and done.stderr == b"", (done.stdout[-500:], done.stderr[-500:])


@pytest.mark.parametrize("which", ["forward", "nofwd"])
def test_the_quick_first_listing_goes_through_the_tunnel(which, ssh_endpoint, nofwd_endpoint, start_session, bed):
    """The dashboard's session (quick_start) lists through the ssh child's local socket without
    docker-py, then opens its client there once the UI has painted."""
    bed.run("quick")
    endpoint = ssh_endpoint if which == "forward" else nofwd_endpoint
    session, rec = start_session(endpoint, quick_start=True)
    first = rec.wait_resynced(timeout=20)
    assert bed.name("quick") in _names(first)
    assert session.pump.client is None  # not opened before the UI says the rows are painted
    mark = rec.mark()
    session.first_painted()
    second = rec.wait_for(lambda c: isinstance(c, ch.Resynced), after=mark, timeout=20, what="the second listing")
    assert bed.name("quick") in _names(second)
    assert session.client is not None and session.transport.describe().startswith("ssh")
    assert ssh_children()  # the one ssh child served both the quick listing and the client
