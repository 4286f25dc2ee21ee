"""Build a test image from a Dockerfile held in memory (no context, no registry)."""

from __future__ import annotations

import io
import tarfile


def build_image(client, tag: str, dockerfile: str) -> str:
    """Build with the classic builder from an in-memory tar context (works offline); returns the image id.
    A build error raises, so nothing goes on with an image that is not there."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        data = dockerfile.encode()
        info = tarfile.TarInfo("Dockerfile")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    buf.seek(0)
    for chunk in client.build(fileobj=buf, custom_context=True, tag=tag, rm=True, decode=True):
        if "error" in chunk:
            raise RuntimeError(f"building {tag} failed: {chunk}")
    return client.inspect_image(tag)["Id"]
