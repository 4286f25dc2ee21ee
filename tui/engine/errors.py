"""One error type for everything the daemon or the transport can say."""

from __future__ import annotations

import errno
import os
import socket

from ..domain.errors import DockerError, ErrorKind

__all__ = ["DockerError", "ErrorKind", "translate"]


def _socket_path(endpoint: str) -> str:
    return endpoint[len("unix://"):] if endpoint.startswith("unix://") else endpoint


def translate(exc: BaseException, endpoint: str = "") -> DockerError:
    """Map docker SDK, requests and OS errors to a DockerError."""
    if isinstance(exc, DockerError):
        return exc
    import docker.errors
    import requests.exceptions

    if isinstance(exc, docker.errors.NotFound):
        return DockerError(ErrorKind.NOT_FOUND, _explanation(exc), endpoint)
    if isinstance(exc, docker.errors.APIError):
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
        return translate(exc.__cause__, endpoint)
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
    import requests.exceptions

    return any(isinstance(e, requests.exceptions.Timeout | socket.timeout | TimeoutError) for e in _chain(exc))


def _caused_by_transport(exc: BaseException) -> bool:
    import requests.exceptions

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
