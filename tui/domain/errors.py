"""The one error type the UI shows: what went wrong (kind), a sanitised message, the endpoint.

The engine turns every docker SDK, requests and OS error into a DockerError
(tui.engine.errors.translate); everything above the engine only ever sees this type.
"""

from __future__ import annotations

import enum

from .sanitize import clean


class ErrorKind(enum.Enum):
    UNREACHABLE = "unreachable"
    PERMISSION = "permission denied"
    NOT_FOUND = "not found"
    CONFLICT = "conflict"
    API_VERSION = "API version mismatch"
    TIMEOUT = "timeout"
    CONFIG = "configuration"
    DAEMON = "daemon error"


class DockerError(Exception):
    """An error the UI can show as it is: kind, a sanitised message, the endpoint."""

    def __init__(self, kind: ErrorKind, message: str, endpoint: str = "") -> None:
        self.kind = kind
        self.message = clean(message)
        self.endpoint = clean(endpoint)
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message
