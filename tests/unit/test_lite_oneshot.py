"""The first listing's HTTP/1.0 reads (LiteClient(oneshot=True)) against answers a daemon
could send: identity with or without a length, chunked, cut short, an error status, not HTTP.
The real daemons' answers: tests/integration/test_lite_client.py."""

from __future__ import annotations

import json
import socket
import threading

import pytest

from tui.engine.lite_client import ApiError, LiteClient, NotFound


def _serve(tmp_path, answer: bytes) -> tuple[str, list[bytes]]:
    """A unix socket that reads one request per connection, sends ``answer`` and closes."""
    path = str(tmp_path / "d.sock")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(8)
    requests: list[bytes] = []

    def run() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            with conn:
                data = b""
                while b"\r\n\r\n" not in data:
                    data += conn.recv(4096)
                requests.append(data)
                conn.sendall(answer)

    threading.Thread(target=run, daemon=True).start()
    return path, requests


def _client(path: str) -> LiteClient:
    return LiteClient(path, version="1.41", oneshot=True, timeout=5)


BODY = json.dumps([{"Id": "abc", "Names": ["/x"]}]).encode()


@pytest.mark.parametrize("framing", ["length", "close", "chunked"])
def test_the_body_whatever_its_framing(tmp_path, framing):
    if framing == "length":
        answer = b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(BODY) + BODY
    elif framing == "close":
        answer = b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n" + BODY
    else:
        half = len(BODY) // 2
        answer = (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + b"%x\r\n" % half + BODY[:half] + b"\r\n"
                  + b"%x\r\n" % (len(BODY) - half) + BODY[half:] + b"\r\n0\r\n\r\n")
    path, requests = _serve(tmp_path, answer)
    assert _client(path).containers(all=True) == json.loads(BODY)
    assert requests[0].startswith(b"GET /v1.41/containers/json?limit=-1&all=1&size=0&trunc_cmd=0 HTTP/1.0\r\n")


@pytest.mark.parametrize("answer", [
    b"HTTP/1.0 200 OK\r\nContent-Length: 500\r\n\r\n" + BODY,  # cut short
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nff\r\n" + BODY,  # chunks cut short
    b"SSH-2.0-OpenSSH_9.2\r\n",  # not HTTP
    b"",  # closed at once
])
def test_a_broken_answer_is_an_error(tmp_path, answer):
    path, _ = _serve(tmp_path, answer)
    with pytest.raises(ApiError):
        _client(path).containers(all=True)


def test_an_error_status_says_what_the_daemon_said(tmp_path):
    path, _ = _serve(tmp_path, b'HTTP/1.0 404 Not Found\r\n\r\n{"message": "No such container: x"}')
    with pytest.raises(NotFound) as caught:
        _client(path).inspect_container("x")
    assert caught.value.explanation == "No such container: x"


def test_an_error_status_without_a_message_gets_its_reason(tmp_path):
    path, _ = _serve(tmp_path, b"HTTP/1.0 503 Service Unavailable\r\n\r\n")
    with pytest.raises(ApiError) as caught:
        _client(path).info()
    assert caught.value.status_code == 503 and caught.value.explanation == "Service Unavailable"
