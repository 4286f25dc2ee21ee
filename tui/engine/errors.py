"""One error type for everything the daemon or the transport can say."""

from __future__ import annotations

import errno
import os
import socket
import sys
from types import SimpleNamespace
from typing import TYPE_CHECKING

from ..domain.errors import DockerError, ErrorKind
from . import lite_client

if TYPE_CHECKING:
    import ssl

__all__ = ["DockerError", "ErrorKind", "translate"]


def _socket_path(endpoint: str) -> str:
    return endpoint[len("unix://"):] if endpoint.startswith("unix://") else endpoint


def translate(exc: BaseException, endpoint: str = "", *, tls=None) -> DockerError:
    """Map docker SDK, requests and OS errors to a DockerError.

    ``tls`` (the endpoint's TLSSettings, when known) lets TLS messages name the CA and
    client certificate in use."""
    if isinstance(exc, DockerError):
        return exc
    docker, requests = _loaded()

    if isinstance(exc, docker.errors.NotFound | lite_client.NotFound):
        return DockerError(ErrorKind.NOT_FOUND, _explanation(exc), endpoint)
    if isinstance(exc, docker.errors.APIError | lite_client.ApiError):
        status = exc.status_code or 0
        text = _explanation(exc)
        if status == 409:
            return DockerError(ErrorKind.CONFLICT, text, endpoint)
        if status == 400 and "version" in text.lower() and "api" in text.lower():
            return DockerError(ErrorKind.API_VERSION, text, endpoint)
        if status == 403:
            return DockerError(ErrorKind.PERMISSION, text, endpoint)
        return DockerError(ErrorKind.DAEMON, text, endpoint)
    if isinstance(exc, docker.errors.TLSParameterError | docker.errors.ContextNotFound):
        return DockerError(ErrorKind.CONFIG, str(exc), endpoint)
    if isinstance(exc, docker.errors.InvalidVersion):
        return DockerError(ErrorKind.API_VERSION, str(exc), endpoint)
    if isinstance(exc, docker.errors.DockerException) and exc.__cause__ is not None:
        # docker-py wraps whatever failed during version negotiation ("Error while
        # fetching server API version: …"): the cause says what really happened.
        return translate(exc.__cause__, endpoint, tls=tls)
    # Before the errno mapping: an SSL error is an OSError with errno 1 (EPERM), which would
    # otherwise read as "add your user to the docker group".
    # ssl loads with the first TLS connection (tui/tls_later.py): before it, no error is one.
    ssl = sys.modules.get("ssl")
    tls_error = next((e for e in _chain(exc) if isinstance(e, ssl.SSLError)), None) if ssl else None
    if tls_error is not None:
        return DockerError(ErrorKind.CONFIG, tls_message(tls_error, endpoint, tls), endpoint)
    if isinstance(exc, requests.exceptions.Timeout | socket.timeout | TimeoutError) or _find_timeout(exc):
        return DockerError(ErrorKind.TIMEOUT, f"{endpoint} did not answer in time", endpoint)
    os_error = _find_os_error(exc)
    if os_error is not None:
        if os_error.errno in (errno.EACCES, errno.EPERM):
            path = _socket_path(endpoint)
            return DockerError(
                ErrorKind.PERMISSION,
                f"permission denied on {path}: add your user to the 'docker' group "
                f"(sudo usermod -aG docker $USER, then log in again) or run with sudo",
                endpoint,
            )
        if os_error.errno in (errno.ENOENT, errno.ECONNREFUSED, errno.ECONNRESET, errno.EPIPE, errno.ENOTCONN):
            reason = "no socket there" if os_error.errno == errno.ENOENT else os.strerror(os_error.errno).lower()
            return DockerError(ErrorKind.UNREACHABLE, f"cannot reach {endpoint}: {reason}", endpoint)
    if isinstance(exc, requests.exceptions.ConnectionError | ConnectionError | OSError):
        return DockerError(ErrorKind.UNREACHABLE, f"cannot reach {endpoint}: {_short(exc)}", endpoint)
    if isinstance(exc, docker.errors.DockerException) and "version" in str(exc).lower() and not _caused_by_transport(exc):
        return DockerError(ErrorKind.API_VERSION, str(exc), endpoint)
    if _caused_by_transport(exc):
        return DockerError(ErrorKind.UNREACHABLE, f"cannot reach {endpoint}: {_short(_root(exc))}", endpoint)
    if isinstance(exc, docker.errors.DockerException):
        return DockerError(ErrorKind.UNREACHABLE if "connection" in str(exc).lower() else ErrorKind.DAEMON, _short(exc), endpoint)
    return DockerError(ErrorKind.DAEMON, _short(exc), endpoint)



_CLIENT_CERT_ALERTS = ("SSLV3_ALERT_BAD_CERTIFICATE", "TLSV13_ALERT_CERTIFICATE_REQUIRED", "SSLV3_ALERT_HANDSHAKE_FAILURE")
_CERT_HAS_EXPIRED = 10  # X509_V_ERR_CERT_HAS_EXPIRED


def tls_message(err: ssl.SSLError, endpoint: str, tls=None) -> str:
    """What a TLS failure means for the user, naming the files involved."""
    import ssl

    ca = getattr(tls, "ca_cert", None)
    client_cert = getattr(tls, "client_cert", None)
    if isinstance(err, ssl.SSLCertVerificationError):
        if err.verify_code == _CERT_HAS_EXPIRED:
            when = _certificate_expiry(endpoint)
            return f"TLS: the daemon's certificate expired on {when}" if when else "TLS: the daemon's certificate has expired"
        with_ca = f"with CA {ca}" if ca else "with the system's CA certificates"
        detail = err.verify_message or "verification failed"
        return f"TLS: cannot verify the daemon's certificate {with_ca} ({detail})"
    reason = err.reason or ""
    if reason in _CLIENT_CERT_ALERTS:
        if not client_cert:
            return "TLS: the daemon wants a client certificate (cert.pem and key.pem in DOCKER_CERT_PATH or the context)"
        return f"TLS: the daemon refused the client certificate {client_cert} ({reason.lower().replace('_', ' ')})"
    if reason == "WRONG_VERSION_NUMBER":
        return f"TLS: {endpoint} does not speak TLS (a plain tcp:// daemon? then unset DOCKER_TLS_VERIFY / DOCKER_CERT_PATH)"
    return f"TLS: {reason.lower().replace('_', ' ') if reason else _short(err)}"


def _certificate_expiry(endpoint: str) -> str | None:
    """The daemon certificate's notAfter, read in an unverified handshake (only after the
    verified one failed as expired)."""
    if not endpoint.startswith("tcp://"):
        return None
    import ssl
    import tempfile

    try:
        hostport = endpoint[len("tcp://"):].split("/", 1)[0]
        host, _, port = hostport.rpartition(":")
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        with socket.create_connection((host.strip("[]"), int(port)), timeout=2) as raw:
            with ctx.wrap_socket(raw, server_hostname=host.strip("[]")) as conn:
                der = conn.getpeercert(binary_form=True)
        with tempfile.NamedTemporaryFile("w", suffix=".pem") as f:
            f.write(ssl.DER_cert_to_PEM_cert(der))
            f.flush()
            return ssl._ssl._test_decode_cert(f.name).get("notAfter")  # type: ignore[attr-defined]
    except Exception:
        return None


class _NotLoaded(Exception):
    """Stands for docker-py's and requests' exception classes while they are not loaded: no
    exception is one of those then, and translating an error must not load ~8 MB of them
    (the dashboard's reads go without docker-py: lite_client.py)."""


_NO_DOCKER = SimpleNamespace(errors=SimpleNamespace(
    NotFound=_NotLoaded, APIError=_NotLoaded, TLSParameterError=_NotLoaded, ContextNotFound=_NotLoaded,
    InvalidVersion=_NotLoaded, DockerException=_NotLoaded))
_NO_REQUESTS = SimpleNamespace(exceptions=SimpleNamespace(Timeout=_NotLoaded, ConnectionError=_NotLoaded))


def _loaded():
    """(docker, requests) as far as they are loaded: their exception classes, or stand-ins (also
    for a class not defined yet while another thread is importing the module)."""
    docker_errors = sys.modules.get("docker.errors")
    requests_exceptions = sys.modules.get("requests.exceptions")
    docker = _NO_DOCKER
    if docker_errors is not None:
        docker = SimpleNamespace(errors=SimpleNamespace(**{
            name: getattr(docker_errors, name, _NotLoaded) for name in vars(_NO_DOCKER.errors)}))
    requests = _NO_REQUESTS
    if requests_exceptions is not None:
        requests = SimpleNamespace(exceptions=SimpleNamespace(**{
            name: getattr(requests_exceptions, name, _NotLoaded) for name in vars(_NO_REQUESTS.exceptions)}))
    return docker, requests


def is_not_found(exc: BaseException) -> bool:
    """The daemon said 404 (docker-py's NotFound or the LiteClient's)."""
    docker, _ = _loaded()
    return isinstance(exc, docker.errors.NotFound | lite_client.NotFound)


def _chain(exc: BaseException):
    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        for nxt in (current.__cause__, current.__context__, getattr(current, "reason", None)):
            if isinstance(nxt, BaseException):
                stack.append(nxt)
        for arg in getattr(current, "args", ()):
            if isinstance(arg, BaseException):
                stack.append(arg)


def _find_timeout(exc: BaseException) -> bool:
    _, requests = _loaded()
    return any(isinstance(e, requests.exceptions.Timeout | socket.timeout | TimeoutError) for e in _chain(exc))


def _caused_by_transport(exc: BaseException) -> bool:
    _, requests = _loaded()
    return any(isinstance(e, requests.exceptions.ConnectionError | ConnectionError | OSError) for e in _chain(exc) if e is not exc)


def _root(exc: BaseException) -> BaseException:
    last = exc
    for e in _chain(exc):
        last = e
    return last


def _explanation(exc) -> str:
    explanation = getattr(exc, "explanation", None)
    if isinstance(explanation, bytes):
        explanation = explanation.decode("utf-8", "replace")
    return str(explanation or exc)


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) < 300 else text[:300] + "…"


def _find_os_error(exc: BaseException) -> OSError | None:
    """The OSError at the bottom of the cause/context/args chain (urllib3 nests them)."""
    for e in _chain(exc):
        if isinstance(e, OSError) and e.errno is not None:
            return e
    return None
