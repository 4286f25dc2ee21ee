"""Reads for the union filesystem: GraphDriver.Data and Mounts from inspect and, when the daemon
runs on this machine and we may read its data root, the layer directories themselves.

Blocking: call from worker threads. Walks are bounded (MAX_ENTRIES per layer) so a huge image
never stalls the view; a bounded walk says so (UnionFs.truncated).
"""

from __future__ import annotations

import json
import os
import stat
from typing import TYPE_CHECKING

from ..domain import layers as layer_model, unionfs as model
from ..domain.sanitize import clean
from .endpoint import Endpoint
from .introspect import _guard

if TYPE_CHECKING:
    import docker

MAX_ENTRIES = 50_000
_OPAQUE = ("trusted.overlay.opaque", "user.overlay.opaque")


def read_layer_dir(root: str, limit: int = MAX_ENTRIES) -> model.LayerFiles:
    """Regular files (path -> size) and whiteouts of one overlay2 layer directory.

    A whiteout is a character device 0/0 (overlayfs) or a `.wh.<name>` file (the tar form a
    layer takes in a registry); `.wh..wh..opq` or the overlay xattr marks an opaque directory.
    """
    files: dict[str, int] = {}
    whiteouts: list[model.Whiteout] = []
    count = 0
    truncated = False
    for dirpath, dirnames, filenames in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        rel_dir = "/" if rel == "." else "/" + rel
        if rel_dir != "/" and _is_opaque(dirpath, filenames):
            whiteouts.append(model.Whiteout(clean(rel_dir), opaque=True))
        for name in filenames + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
            count += 1
            if count > limit:
                truncated = True
                break
            full = os.path.join(dirpath, name)
            path = clean((rel_dir.rstrip("/") + "/" + name))
            if name == ".wh..wh..opq":
                continue
            if name.startswith(".wh."):
                whiteouts.append(model.Whiteout(clean(rel_dir.rstrip("/") + "/" + name[4:])))
                continue
            try:
                st = os.lstat(full)
            except OSError:
                continue
            if stat.S_ISCHR(st.st_mode) and st.st_rdev == 0:
                whiteouts.append(model.Whiteout(path))
            elif stat.S_ISREG(st.st_mode):
                files[path] = st.st_size
        if truncated:
            break
    return model.LayerFiles(files, tuple(sorted(whiteouts, key=lambda w: w.path)), truncated)


def _is_opaque(dirpath: str, filenames: list[str]) -> bool:
    if ".wh..wh..opq" in filenames:
        return True
    for attr in _OPAQUE:
        try:
            if os.getxattr(dirpath, attr, follow_symlinks=False) == b"y":
                return True
        except (OSError, AttributeError):
            continue
    return False


def _compressed(root_dir: str, driver: str, diff_ids) -> dict[str, tuple[model.CompressedDigest, ...]]:
    base = os.path.join(root_dir, "image", driver, "distribution", "v2metadata-by-diffid")
    out = {}
    for diff_id in diff_ids:
        algo, _, hexpart = diff_id.partition(":")
        try:
            with open(os.path.join(base, algo, hexpart)) as f:
                out[diff_id] = model.v2metadata(json.load(f))
        except (OSError, ValueError):
            continue
    return out


def union_fs(client: docker.APIClient, endpoint: Endpoint, kind: str, ident: str) -> model.UnionFs:
    """For a container: its overlay dirs, mounts and the whiteouts in its upper dir; for its image
    (or an image): the deleted-but-stored bytes per layer and the compressed digests the daemon knows."""
    if kind == "containers":
        raw = _guard(endpoint, client.inspect_container, ident)
        image_raw = _guard(endpoint, client.inspect_image, raw.get("Image") or "")
    else:
        raw = None
        image_raw = _guard(endpoint, client.inspect_image, ident)
    dirs = model.overlay_dirs((raw or image_raw).get("GraphDriver"))
    mounts = model.mounts_from_inspect(raw) if raw else ()
    result = model.UnionFs(dirs=dirs, mounts=mounts)
    if not endpoint.is_local:
        return _replace(result, why_not="union.why.remote")
    if dirs is None or dirs.driver not in ("overlay2", "overlay"):
        return _replace(result, why_not="union.why.driver")
    probe = dirs.upper or (dirs.lower[0] if dirs.lower else "")
    if not probe or not os.access(probe, os.R_OK | os.X_OK):
        return _replace(result, why_not="union.why.unreadable")
    whiteouts: tuple[model.Whiteout, ...] = ()
    truncated = False
    if raw is not None:
        upper = read_layer_dir(dirs.upper)
        whiteouts, truncated = upper.whiteouts, upper.truncated
    diff_ids = layer_model.rootfs_layers(image_raw)
    image_dirs = model.image_layer_dirs(model.overlay_dirs(image_raw.get("GraphDriver")) or model.OverlayDirs(""), len(diff_ids))
    waste: tuple[model.StoredWaste, ...] = ()
    if image_dirs:
        layers = [read_layer_dir(d) for d in image_dirs]
        truncated = truncated or any(layer.truncated for layer in layers)
        waste = model.stored_waste(layers)
    try:
        root_dir = str(_guard(endpoint, client.info).get("DockerRootDir") or "")
    except Exception:
        root_dir = ""
    compressed = _compressed(root_dir, dirs.driver, diff_ids) if root_dir else {}
    return _replace(result, whiteouts=whiteouts, waste=waste, compressed=compressed, read_local=True, truncated=truncated)


def _replace(result: model.UnionFs, **changes) -> model.UnionFs:
    from dataclasses import replace

    return replace(result, **changes)
