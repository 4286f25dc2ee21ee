"""Translating an error must not load docker-py (the dashboard's reads go without it:
engine/lite_client.py), and must still tell the kinds apart (issue 20: memory)."""

from __future__ import annotations

import json
import subprocess
import sys

_CODE = r"""
import errno, json, socket, sys
from tui.engine import lite_client
from tui.engine.errors import is_not_found, translate
out = {
    "not_found": translate(lite_client.NotFound(404, "No such container: x"), "unix:///s").kind.name,
    "conflict": translate(lite_client.ApiError(409, "in use"), "unix:///s").kind.name,
    "permission": translate(lite_client.ApiError(403, "no"), "unix:///s").kind.name,
    "refused": translate(ConnectionRefusedError(errno.ECONNREFUSED, "refused"), "unix:///s").kind.name,
    "timeout": translate(socket.timeout("timed out"), "unix:///s").kind.name,
    "is_not_found": [is_not_found(lite_client.NotFound(404, "x")), is_not_found(lite_client.ApiError(500, "x"))],
    "loaded": sorted(m for m in ("docker", "requests", "urllib3", "ssl", "http.client") if m in sys.modules),
}
print(json.dumps(out))
"""


def test_translate_knows_the_lite_errors_without_loading_docker_py():
    out = json.loads(subprocess.run([sys.executable, "-c", _CODE], capture_output=True, text=True, check=True).stdout)
    assert out["loaded"] == []
    assert (out["not_found"], out["conflict"], out["permission"], out["refused"], out["timeout"]) == (
        "NOT_FOUND", "CONFLICT", "PERMISSION", "UNREACHABLE", "TIMEOUT")
    assert out["is_not_found"] == [True, False]
