"""Build a test image from a Dockerfile held in memory (no context, no registry)."""

from __future__ import annotations

from tui.engine.lessons import build


def build_image(client, tag: str, dockerfile: str) -> str:
    """Build with the classic builder from an in-memory tar context (works offline); returns the image id.
    A build error raises, so nothing goes on with an image that is not there."""
    build(client, tag, dockerfile)  # the engine's own in-memory build (tui/engine/lessons.py)
    return client.inspect_image(tag)["Id"]
