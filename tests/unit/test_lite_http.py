"""LiteClient's own HTTP (no http.client): the first listing's HTTP/1.0 reads (``oneshot``) and
the others' HTTP/1.1 reads and streams, against answers a daemon could send: identity with or
without a length, chunked, cut short, an error status, not HTTP, no body.
The real daemons' answers: tests/integration/test_lite_client.py."""

from __future__ import annotations

import json
import socket
import threading

import pytest

from tui.engine.lite_client import ApiError, LiteClient, NotFound


def _listen(path: str, serve, threaded: bool = False) -> None:
    """A unix socket at ``path``; each accepted connection goes to ``serve`` (on a thread of
    its own when ``threaded``)."""
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(8)

    def run() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            if threaded:
                threading.Thread(target=serve, args=(conn,), daemon=True).start()
            else:
                serve(conn)

    threading.Thread(target=run, daemon=True).start()


def _serve(tmp_path, answer: bytes) -> tuple[str, list[bytes]]:
    """A unix socket that reads one request per connection, sends ``answer`` and closes."""
    path = str(tmp_path / "d.sock")
    requests: list[bytes] = []

    def serve(conn: socket.socket) -> None:
        with conn:
            data = b""
            while b"\r\n\r\n" not in data:
                data += conn.recv(4096)
            requests.append(data)
            conn.sendall(answer)

    _listen(path, serve)
    return path, requests


@pytest.fixture(params=["oneshot", "lite"])
def mode(request) -> str:
    return request.param


def _client(path: str, mode: str = "oneshot") -> LiteClient:
    return LiteClient(path, version="1.41", oneshot=mode == "oneshot", timeout=5)


BODY = json.dumps([{"Id": "abc", "Names": ["/x"]}]).encode()


@pytest.mark.parametrize("framing", ["length", "close", "chunked"])
def test_the_body_whatever_its_framing(tmp_path, framing, mode):
    if framing == "length":
        answer = b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(BODY) + BODY
    elif framing == "close":
        answer = b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n" + BODY
    else:
        half = len(BODY) // 2
        answer = (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + b"%x\r\n" % half + BODY[:half] + b"\r\n"
                  + b"%x\r\n" % (len(BODY) - half) + BODY[half:] + b"\r\n0\r\n\r\n")
    path, requests = _serve(tmp_path, answer)
    assert _client(path, mode).containers(all=True) == json.loads(BODY)
    version = b"1.0" if mode == "oneshot" else b"1.1"
    assert requests[0].startswith(b"GET /v1.41/containers/json?limit=-1&all=1&size=0&trunc_cmd=0 HTTP/" + version + b"\r\n")
    # The first listing's reads close their connection; the others ask to keep it (keep-alive).
    assert (b"\r\nConnection: close\r\n" in requests[0]) == (mode == "oneshot")


@pytest.mark.parametrize("answer", [
    b"HTTP/1.0 200 OK\r\nContent-Length: 500\r\n\r\n" + BODY,  # cut short
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nff\r\n" + BODY,  # chunks cut short
    b"SSH-2.0-OpenSSH_9.2\r\n",  # not HTTP
    b"",  # closed at once
])
def test_a_broken_answer_is_an_error(tmp_path, answer, mode):
    path, _ = _serve(tmp_path, answer)
    with pytest.raises(ApiError):
        _client(path, mode).containers(all=True)


def test_an_error_status_says_what_the_daemon_said(tmp_path, mode):
    path, _ = _serve(tmp_path, b'HTTP/1.0 404 Not Found\r\n\r\n{"message": "No such container: x"}')
    with pytest.raises(NotFound) as caught:
        _client(path, mode).inspect_container("x")
    assert caught.value.explanation == "No such container: x"


def test_an_error_status_without_a_message_gets_its_reason(tmp_path, mode):
    path, _ = _serve(tmp_path, b"HTTP/1.0 503 Service Unavailable\r\n\r\n")
    with pytest.raises(ApiError) as caught:
        _client(path, mode).info()
    assert caught.value.status_code == 503 and caught.value.explanation == "Service Unavailable"


def _hold(tmp_path, answer: bytes) -> tuple[str, threading.Event]:
    """A unix socket that sends ``answer`` and keeps the connection open until told."""
    path = str(tmp_path / "h.sock")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(1)
    done = threading.Event()

    def run() -> None:
        conn, _ = server.accept()
        with conn:
            data = b""
            while b"\r\n\r\n" not in data:
                data += conn.recv(4096)
            conn.sendall(answer)
            done.wait(10)

    threading.Thread(target=run, daemon=True).start()
    return path, done


def test_an_answer_without_a_body_does_not_wait_for_the_socket_to_close(tmp_path):
    path, done = _hold(tmp_path, b"HTTP/1.1 204 No Content\r\n\r\n")
    try:
        assert _client(path, "lite")._lite_request("/x") == b""
    finally:
        done.set()


def test_the_event_stream_reads_its_chunks_as_they_come_and_closes_from_another_thread(tmp_path):
    events = [{"Type": "container", "Action": "start", "id": str(i)} for i in range(3)]
    payload = b"".join(json.dumps(e).encode() + b"\n" for e in events)
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    # the second event cut across two chunks, the chunks across the socket's writes
    body = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (payload[:70], payload[70:]))
    path, done = _hold(tmp_path, head + body)
    try:
        stream = _client(path, "lite").events(decode=True)
        assert stream.chunked
        got = []
        for event in stream:
            got.append(event)
            if len(got) == len(events):
                threading.Timer(0.2, stream.close).start()  # while the next read waits on the socket
        assert got == events
    finally:
        done.set()


def test_a_stream_gives_its_body_raw_with_the_chunk_framing(tmp_path):
    body = b"5\r\nhello\r\n0\r\n\r\n"
    path, done = _hold(tmp_path, b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + body)
    try:
        stream = _client(path, "lite").log_stream("c", {"follow": 1})
        raw = b""
        while not raw.endswith(b"0\r\n\r\n"):
            raw += stream.raw_read1(3)
        assert raw == body
        stream.close()
    finally:
        done.set()


def _keep_serving(tmp_path, answers: list[bytes]) -> tuple[str, list[list[bytes]]]:
    """A unix socket that answers requests in turn (``answers`` cycled) on each connection as
    long as the client keeps it open: the requests, per connection."""
    path = str(tmp_path / "k.sock")
    conns: list[list[bytes]] = []
    turn = iter(range(1 << 30))

    def serve(conn: socket.socket) -> None:
        seen: list[bytes] = []
        conns.append(seen)
        with conn:
            data = b""
            while True:
                while b"\r\n\r\n" not in data:
                    more = conn.recv(4096)
                    if not more:
                        return
                    data += more
                request, _, data = data.partition(b"\r\n\r\n")
                seen.append(request)
                conn.sendall(answers[next(turn) % len(answers)])

    _listen(path, serve, threaded=True)
    return path, conns


LENGTH = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(BODY) + BODY
CHUNKED = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n0\r\n\r\n" % (len(BODY), BODY)


@pytest.mark.parametrize("answer", [LENGTH, CHUNKED], ids=["length", "chunked"])
def test_reads_keep_their_connection_for_the_next(tmp_path, answer):
    path, conns = _keep_serving(tmp_path, [answer])
    client = _client(path, "lite")
    for _ in range(5):
        assert client.containers(all=True) == json.loads(BODY)
    assert len(conns) == 1 and len(conns[0]) == 5, conns


@pytest.mark.parametrize("answer", [
    b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: %d\r\n\r\n" % len(BODY) + BODY,  # the daemon says close
    b"HTTP/1.0 200 OK\r\nContent-Length: %d\r\n\r\n" % len(BODY) + BODY,  # HTTP/1.0: no keep-alive
], ids=["connection-close", "http-1.0"])
def test_a_connection_the_daemon_will_close_is_not_kept(tmp_path, answer):
    path, conns = _keep_serving(tmp_path, [answer])
    client = _client(path, "lite")
    for _ in range(3):
        assert client.containers(all=True) == json.loads(BODY)
    assert len(conns) == 3


def test_a_kept_connection_closed_by_the_daemon_is_asked_again_on_a_new_one(tmp_path):
    """The daemon answers one request per connection and closes (a restart between reads)."""
    path, requests = _serve(tmp_path, LENGTH)
    client = _client(path, "lite")
    for _ in range(3):
        assert client.containers(all=True) == json.loads(BODY)
    assert len(requests) == 3


def test_an_error_answer_on_a_kept_connection_is_still_the_daemons_error(tmp_path):
    missing = b'HTTP/1.1 404 Not Found\r\nContent-Length: 34\r\n\r\n{"message": "No such container: x"}'
    path, conns = _keep_serving(tmp_path, [LENGTH, missing])
    client = _client(path, "lite")
    client.containers(all=True)
    with pytest.raises(NotFound):
        client.inspect_container("x")
    assert client.containers(all=True) == json.loads(BODY)


@pytest.mark.parametrize("keep", [None, 2], ids=["default", "dial-stdio's"])
def test_at_most_keep_idle_connections_stay_open_and_close_closes_them(tmp_path, keep):
    from tui.engine import lite_client

    path, conns = _keep_serving(tmp_path, [LENGTH])
    client = LiteClient(path, version="1.41", timeout=5, **({} if keep is None else {"keep_idle": keep}))
    most = lite_client.KEEP_IDLE if keep is None else keep
    start = threading.Barrier(most + 3)

    def read() -> None:
        start.wait(5)
        client.containers(all=True)

    threads = [threading.Thread(target=read) for _ in range(most + 3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert 0 < len(client._idle) <= most
    kept = list(client._idle)
    client.close()
    assert kept and all(s.fileno() == -1 for s in kept)
    assert client._idle == []


def test_a_stats_sweep_fits_in_the_kept_connections():
    """A sweep asks SWEEP_WORKERS one-shot stats side by side: with fewer kept, every sweep
    would open new ones (over dial-stdio, an ssh child and a docker process each)."""
    from tui.engine import lite_client, stats

    assert lite_client.KEEP_IDLE >= stats.SWEEP_WORKERS


def test_close_idle_closes_the_kept_connections_and_keeps_no_more(tmp_path):
    path, conns = _keep_serving(tmp_path, [LENGTH])
    client = _client(path, "lite")
    client.containers(all=True)
    kept = list(client._idle)
    client.close_idle()
    assert kept and all(s.fileno() == -1 for s in kept)
    client.containers(all=True)  # still reads, on a connection of its own
    assert client._idle == [] and len(conns) == 2
