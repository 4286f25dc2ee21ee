"""Helpers for the Hosts view and fleet tests: clients on the bed's other daemons, the
test image copied onto a daemon that lacks it, objects cleaned up by name prefix."""

from __future__ import annotations

import io
import os
import tarfile

from tests.support.daemon import TEST_IMAGE, Bed


def engine_client(endpoint):
    """A low-level client through Dockyard's own transport (TLS that ignores REQUESTS_CA_BUNDLE)."""
    from tui.engine.connection import open_client

    return open_client(endpoint, timeout=30)


def ensure_image(source, target, image: str = TEST_IMAGE) -> None:
    """Copy ``image`` from the ``source`` daemon to ``target`` (docker save | docker load)."""
    try:
        target.inspect_image(image)
        return
    except Exception:
        pass
    data = b"".join(source.get_image(image))
    target.load_image(data)


def bed_on(client, prefix: str) -> Bed:
    return Bed(client, prefix)
