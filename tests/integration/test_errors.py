"""Every failure reaches the UI as one DockerError with the right kind and a useful message."""

from __future__ import annotations

import errno
import os
import socket
import time

import docker
import pytest
import requests
import urllib3

from tests.support import proxy as proxies
from tui.engine.actions import Actions
from tui.engine.connection import open_client
from tui.engine.endpoint import resolve
from tui.engine.errors import DockerError, ErrorKind, translate


def _connect(host: str, **kwargs):
    return open_client(resolve(host=host, env={}), **kwargs)


# Unreachable


def test_missing_socket_is_unreachable(tmp_path):
    host = f"unix://{tmp_path}/nothing/docker.sock"
    with pytest.raises(DockerError) as info:
        _connect(host)
    err = info.value
    assert err.kind is ErrorKind.UNREACHABLE, err
    assert host in err.message and "no socket there" in err.message
    assert err.endpoint == host


def test_refused_socket_is_unreachable(tmp_path):
    path = tmp_path / "dead.sock"
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(str(path))  # a socket file nobody listens on: connect() is refused
    try:
        with pytest.raises(DockerError) as info:
            _connect(f"unix://{path}")
    finally:
        s.close()
    assert info.value.kind is ErrorKind.UNREACHABLE, info.value
    assert "refused" in info.value.message


def test_refused_after_connecting_is_unreachable(tmp_path, daemon_client):
    """A request on a client whose daemon went away later (not at version negotiation)."""
    proxy = proxies.start(proxies.daemon_socket())
    client = _connect(proxy.url)
    proxy.stop()
    actions = Actions(lambda: client, proxy.url)
    with pytest.raises(DockerError) as info:
        actions.df()
    client.close()
    assert info.value.kind is ErrorKind.UNREACHABLE, info.value


# Permission denied


def _requests_error(os_error: OSError) -> requests.exceptions.ConnectionError:
    """The exception chain requests raises when connect() on a unix socket fails."""
    try:
        try:
            raise os_error
        except OSError as exc:
            raise urllib3.exceptions.ProtocolError("Connection aborted.", exc) from exc
    except urllib3.exceptions.ProtocolError as exc:
        return requests.exceptions.ConnectionError(exc)


def test_permission_denied_names_the_socket_and_the_fix():
    host = "unix:///var/run/docker.sock"
    err = translate(_requests_error(PermissionError(errno.EACCES, "Permission denied")), host)
    assert err.kind is ErrorKind.PERMISSION
    assert "/var/run/docker.sock" in err.message
    assert "docker' group" in err.message and "usermod -aG docker" in err.message
    # the same chain wrapped by docker-py's version negotiation
    wrapped = docker.errors.DockerException("Error while fetching server API version: ...")
    wrapped.__cause__ = _requests_error(PermissionError(errno.EACCES, "Permission denied"))
    assert translate(wrapped, host).kind is ErrorKind.PERMISSION


def test_permission_denied_on_a_real_socket_as_an_unprivileged_user(tmp_path):
    """Root ignores file modes, so connect as 'nobody' in a forked child. The child is a
    fork of this process, with every module already loaded: it needs to read nothing from
    the checkout or the venv, so it works wherever the clone lives (even in a directory
    only root can read)."""
    import pwd

    if os.geteuid() != 0:
        pytest.skip("needs root to switch to an unprivileged user")
    import docker.errors  # noqa: F401  (loaded before the fork: translate imports them lazily)
    import requests.exceptions  # noqa: F401

    from tui.engine.connection import open_client
    from tui.engine.endpoint import resolve
    from tui.engine.errors import DockerError

    nobody = pwd.getpwnam("nobody")
    sock_dir = tmp_path / "d"
    sock_dir.mkdir()
    path = sock_dir / "docker.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(1)
    os.chmod(path, 0o600)  # owned by root: nobody may not connect
    os.chmod(tmp_path, 0o755)
    os.chmod(sock_dir, 0o755)
    endpoint = resolve(host=f"unix://{path}", env={})
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop to nobody, connect, report, leave without cleanup
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            try:
                open_client(endpoint)
                report = "CONNECTED\n"
            except DockerError as exc:
                report = f"{exc.kind.name}\n{exc.message}\n"
            os.write(write_end, report.encode())
        finally:
            os._exit(0)
    os.close(write_end)
    try:
        chunks = []
        while True:
            data = os.read(read_end, 65536)
            if not data:
                break
            chunks.append(data)
        os.waitpid(pid, 0)
    finally:
        os.close(read_end)
        server.close()
    kind, message = (b"".join(chunks).decode().splitlines() + ["", ""])[:2]
    assert kind == "PERMISSION", (kind, message)
    assert str(path) in message and "docker' group" in message


# Not found, conflict


def test_not_found(daemon_client, endpoint):
    client = open_client(endpoint)
    actions = Actions(lambda: client, endpoint.host)
    try:
        for call in (
            lambda: actions.inspect_container("dyt-no-such-container"),
            lambda: actions.start("dyt-no-such-container"),
            lambda: actions.remove_image("dyt-no-such-image:latest"),
            lambda: actions.remove_network("dyt-no-such-network"),
            lambda: actions.inspect_volume("dyt-no-such-volume"),
        ):
            with pytest.raises(DockerError) as info:
                call()
            assert info.value.kind is ErrorKind.NOT_FOUND, info.value
            assert "dyt-no-such" in info.value.message
    finally:
        client.close()


def test_conflict_removing_a_running_container(bed, endpoint):
    cid = bed.run("busy")
    client = open_client(endpoint)
    actions = Actions(lambda: client, endpoint.host)
    try:
        with pytest.raises(DockerError) as info:
            actions.remove_container(cid)
        assert info.value.kind is ErrorKind.CONFLICT, info.value
        assert "running" in info.value.message.lower()
        actions.remove_container(cid, force=True)  # and force works
    finally:
        client.close()


def test_conflict_removing_an_image_in_use(bed, endpoint, daemon_client):
    # By id, with a container using it: dockerd refuses (409) and deletes nothing.
    # Never remove the shared test image by name: that would only untag it.
    bed.run("user", start=False)
    image_id = daemon_client.inspect_image(bed.image)["Id"]
    client = open_client(endpoint)
    try:
        with pytest.raises(DockerError) as info:
            Actions(lambda: client, endpoint.host).remove_image(image_id)
        assert info.value.kind is ErrorKind.CONFLICT, info.value
    finally:
        client.close()
    assert daemon_client.inspect_image(bed.image)["Id"] == image_id


def test_readonly_refuses_before_any_request(daemon_client):
    proxy = proxies.start(proxies.daemon_socket())
    try:
        client = _connect(proxy.url)
        proxy.clear()
        actions = Actions(lambda: client, proxy.url, readonly=True)
        with pytest.raises(DockerError) as info:
            actions.remove_container("anything", force=True)
        assert info.value.kind is ErrorKind.CONFIG and "read-only" in info.value.message
        assert proxy.requests == []
        client.close()
    finally:
        proxy.stop()


# Timeout


def test_timeout_when_the_daemon_accepts_but_never_answers():
    with proxies.start(None) as hole:  # accepts, reads, never answers
        started = time.monotonic()
        with pytest.raises(DockerError) as info:
            _connect(hole.url, timeout=0.5)  # version negotiation hangs
        assert info.value.kind is ErrorKind.TIMEOUT, info.value
        assert hole.url in info.value.message
        assert time.monotonic() - started < 5

        client = _connect(hole.url, timeout=0.5, version="1.41")  # no request yet
        with pytest.raises(DockerError) as info:
            Actions(lambda: client, hole.url).inspect_container("x")
        assert info.value.kind is ErrorKind.TIMEOUT, info.value
        client.close()


def test_timeout_when_the_daemon_freezes(daemon_client):
    with proxies.start(proxies.daemon_socket()) as proxy:
        client = _connect(proxy.url, timeout=0.5)
        actions = Actions(lambda: client, proxy.url)
        assert isinstance(actions.df(), dict)
        proxy.pause()
        with pytest.raises(DockerError) as info:
            actions.df()
        assert info.value.kind is ErrorKind.TIMEOUT, info.value
        proxy.resume()
        client.close()


# API version


def test_api_version_too_new(daemon_client):
    host = os.environ["DOCKER_HOST"]
    client = docker.APIClient(base_url=host, version="9.99", timeout=10)
    try:
        with pytest.raises(docker.errors.APIError) as info:
            client.containers()
        err = translate(info.value, host)
    finally:
        client.close()
    assert err.kind is ErrorKind.API_VERSION, err
    assert "9.99" in err.message and "too new" in err.message


def test_api_version_too_old(daemon_client):
    host = os.environ["DOCKER_HOST"]
    client = docker.APIClient(base_url=host, version="1.41", timeout=10)
    try:  # docker-py refuses to speak below 1.24 itself, so ask the daemon by hand
        resp = client.get(f"{client.base_url}/v1.11/containers/json")
        with pytest.raises(docker.errors.APIError) as info:
            client._raise_for_status(resp)
        err = translate(info.value, host)
    finally:
        client.close()
    assert err.kind is ErrorKind.API_VERSION, err
    assert "too old" in err.message
    with pytest.raises(docker.errors.DockerException) as refused:
        docker.APIClient(base_url=host, version="1.5")
    assert translate(refused.value, host).kind is ErrorKind.API_VERSION


def test_open_client_with_a_pinned_too_new_version_reports_mismatch(daemon_client, endpoint):
    client = open_client(endpoint, version="9.99")
    with pytest.raises(DockerError) as info:
        Actions(lambda: client, endpoint.host).df()
    client.close()
    assert info.value.kind is ErrorKind.API_VERSION


def test_messages_are_sanitised():
    exc = docker.errors.APIError("500", explanation="bad \x1b]52;c;AAAA\x07thing\x1b[2J")
    err = translate(exc, "unix:///x")
    assert "\x1b" not in err.message and "thing" in err.message
