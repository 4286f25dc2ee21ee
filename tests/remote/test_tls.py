"""TLS to the bed's TLS dockerd: the context's CA wins over REQUESTS_CA_BUNDLE /
CURL_CA_BUNDLE, and certificate problems read as TLS problems, not as the docker group."""

from __future__ import annotations

import dataclasses

import pytest

from tests.remote.conftest import bed_var
from tui.domain import changes as ch
from tui.domain.errors import DockerError, ErrorKind

pytestmark = pytest.mark.daemon


@pytest.mark.parametrize("variable", ["REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"])
def test_context_ca_wins_over_an_unrelated_bundle_in_the_environment(variable, tls_endpoint, monkeypatch, start_session):
    from tui.engine.connection import Transport

    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):  # requests reads the first one set
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(variable, bed_var("DOCKYARD_TEST_TLS_OTHER_CA"))
    transport = Transport(tls_endpoint)
    client = transport.open()
    try:
        assert client.ping()
    finally:
        client.close()
    session, rec = start_session(tls_endpoint)
    rec.wait_resynced(timeout=20)


def test_wrong_ca_is_a_tls_message_not_the_docker_group_hint(tls_endpoint, start_session):
    from tui.engine.connection import Transport

    other = bed_var("DOCKYARD_TEST_TLS_OTHER_CA")
    endpoint = dataclasses.replace(tls_endpoint, tls=dataclasses.replace(tls_endpoint.tls, ca_cert=other))
    with pytest.raises(DockerError) as info:
        Transport(endpoint).open().ping()
    message = info.value.message
    assert message.startswith(f"TLS: cannot verify the daemon's certificate with CA {other}"), message
    assert "docker' group" not in message and info.value.kind is not ErrorKind.PERMISSION
    # The same words reach the connection status through the event pump.
    session, rec = start_session(endpoint)
    lost = rec.wait_for(lambda c: isinstance(c, ch.ConnectionChanged) and c.state == "lost", timeout=20, what="lost")
    assert lost.reason.startswith("TLS: cannot verify"), lost


def test_missing_client_certificate_says_the_daemon_wants_one(tls_endpoint):
    from tui.engine.connection import Transport

    endpoint = dataclasses.replace(tls_endpoint, tls=dataclasses.replace(tls_endpoint.tls, client_cert=None, client_key=None))
    with pytest.raises(DockerError) as info:
        Transport(endpoint).open().ping()
    assert info.value.message.startswith("TLS: the daemon wants a client certificate"), info.value.message


def test_verification_off_is_not_turned_back_on_by_the_environment(tls_endpoint):
    """Verification off must not be replaced by the environment's bundle either."""
    from tui.engine.connection import open_client

    endpoint = dataclasses.replace(tls_endpoint, tls=dataclasses.replace(tls_endpoint.tls, verify=False, ca_cert=None))
    client = open_client(endpoint)  # the env's REQUESTS_CA_BUNDLE would re-enable verification
    try:
        assert client.ping()
    finally:
        client.close()


def test_expired_daemon_certificate_says_when(tls_certs):
    """A real TLS handshake with a certificate that expired yesterday (made by the bed)."""
    import socket
    import ssl
    import threading

    from tui.engine.connection import open_client
    from tui.engine.endpoint import Endpoint, TLSSettings

    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(tls_certs / "expired-cert.pem", tls_certs / "expired-key.pem")
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            try:
                with server_ctx.wrap_socket(conn, server_side=True) as tls:
                    tls.recv(1)
            except (OSError, ssl.SSLError):
                pass

    threading.Thread(target=serve, daemon=True).start()
    try:
        endpoint = Endpoint(
            host=f"tcp://127.0.0.1:{port}", source="flag",
            tls=TLSSettings(verify=True, ca_cert=str(tls_certs / "ca.pem"), client_cert=str(tls_certs / "cert.pem"), client_key=str(tls_certs / "key.pem")),
        )  # fmt: skip
        with pytest.raises(DockerError) as info:
            open_client(endpoint, timeout=5, version="auto")
    finally:
        stop.set()
        listener.close()
    message = info.value.message
    assert message.startswith("TLS: the daemon's certificate expired on "), message
    assert "GMT" in message
