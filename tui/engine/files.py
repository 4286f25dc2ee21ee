"""A container's files: list a directory, read a small file, copy out and in with the
archive API (``docker cp`` semantics). Blocking: call from worker threads.

Copy out streams ``GET /containers/{id}/archive`` into a temporary tar beside the target,
then extracts it with tarfile's ``data`` filter (no absolute paths, no links out of the
tree, no device files). Copy in builds a tar of the local path in a temporary file and
streams it with ``PUT /containers/{id}/archive``; the daemon refuses on a read-only root
filesystem, and that refusal is said plainly.
"""

from __future__ import annotations

import base64
import io
import json
import os
import posixpath
import shutil
import tarfile
import tempfile
from typing import Iterator

import docker
import docker.errors

from ..domain.errors import DockerError, ErrorKind
from ..domain.exec_spec import ExecSpec
from ..domain.files import LIST_SCRIPT, CopyDone, CopyProgress, FileEntry, parse_listing
from .errors import translate
from .exec_once import run_once

CHUNK = 256 * 1024
VIEW_MAX = 2 * 1024 * 1024


def _refusal(exc: docker.errors.APIError, verb: str) -> DockerError:
    text = str(getattr(exc, "explanation", "") or exc)
    if "read-only" in text or "read only" in text:
        return DockerError(ErrorKind.CONFLICT, f"{verb} refused: the container's root filesystem is read-only")
    return translate(exc)


def list_dir(client: docker.APIClient, cid: str, path: str) -> list[FileEntry]:
    result = run_once(client, cid, ExecSpec(("sh", "-c", LIST_SCRIPT, "sh", path)))
    if result.exit_code == 2:
        raise DockerError(ErrorKind.NOT_FOUND, f"cannot open {path!r} in the container")
    if result.exit_code not in (0, None) and not result.output:
        raise DockerError(ErrorKind.CONFIG, "listing needs sh and stat in the container (copy out still works)")
    return parse_listing(result.output.decode("utf-8", errors="surrogateescape"))


def stat(client: docker.APIClient, cid: str, path: str) -> dict:
    try:
        res = client._get(client._url("/containers/{0}/archive", cid), params={"path": path}, stream=True)
        client._raise_for_status(res)
        header = res.headers.get("X-Docker-Container-Path-Stat", "")
        res.close()
    except docker.errors.APIError as exc:
        raise translate(exc) from None
    return json.loads(base64.b64decode(header)) if header else {}


def read_file(client: docker.APIClient, cid: str, path: str, limit: int = VIEW_MAX) -> tuple[bytes, bool]:
    """The first ``limit`` bytes of a file (True when cut)."""
    try:
        stream, info = client.get_archive(cid, path, chunk_size=CHUNK)
        if info.get("mode", 0) & (1 << 31):
            raise DockerError(ErrorKind.CONFIG, "a folder: open it instead")
        buf = io.BytesIO()
        for chunk in stream:
            buf.write(chunk)
            if buf.tell() > limit + 1024 * 1024:
                break
    except docker.errors.APIError as exc:
        raise translate(exc) from None
    buf.seek(0)
    try:
        with tarfile.open(fileobj=buf, mode="r|") as tar:
            for member in tar:
                if not member.isfile():
                    raise DockerError(ErrorKind.CONFIG, "not a regular file")
                f = tar.extractfile(member)
                data = f.read(limit + 1) if f else b""
                return data[:limit], len(data) > limit
    except tarfile.ReadError:
        pass
    return b"", False


def copy_out(client: docker.APIClient, cid: str, path: str, dest: str) -> Iterator[CopyProgress | CopyDone]:
    """``docker cp CID:path dest``: into ``dest`` when it is a directory, else as ``dest``."""
    name = posixpath.basename(posixpath.normpath(path)) or "root"
    target = os.path.join(dest, name) if os.path.isdir(dest) else dest
    parent = os.path.dirname(os.path.abspath(target))
    if not os.path.isdir(parent):
        raise DockerError(ErrorKind.NOT_FOUND, f"no local folder {parent}")
    try:
        stream, info = client.get_archive(cid, path, chunk_size=CHUNK)
    except docker.errors.APIError as exc:
        raise translate(exc) from None
    is_dir = bool(info.get("mode", 0) & (1 << 31))
    total = None if is_dir else int(info.get("size") or 0) or None
    work = tempfile.mkdtemp(prefix=".dockyard-cp-", dir=parent)
    try:
        tar_path = os.path.join(work, "archive.tar")
        done = 0
        with open(tar_path, "wb") as out:
            try:
                for chunk in stream:
                    out.write(chunk)
                    done += len(chunk)
                    yield CopyProgress(min(done, total) if total else done, total)
            except docker.errors.APIError as exc:
                raise translate(exc) from None
        extracted = os.path.join(work, "x")
        os.mkdir(extracted)
        with tarfile.open(tar_path) as tar:
            tar.extractall(extracted, filter="data")
        produced = os.path.join(extracted, os.listdir(extracted)[0]) if os.listdir(extracted) else None
        if produced is None:
            raise DockerError(ErrorKind.NOT_FOUND, "the archive was empty")
        if os.path.isdir(target) and os.path.isdir(produced):
            shutil.copytree(produced, target, dirs_exist_ok=True)
        else:
            if os.path.lexists(target) and os.path.isdir(target):
                raise DockerError(ErrorKind.CONFIG, f"{target} is a folder")
            os.replace(produced, target)
        size = os.path.getsize(target) if os.path.isfile(target) else done
    finally:
        shutil.rmtree(work, ignore_errors=True)
    yield CopyDone(target, size)


class _Counting(io.RawIOBase):
    """A file read by requests while the copy reports how far it got."""

    def __init__(self, f, report, total: int) -> None:
        self._f = f
        self._report = report
        self._total = total
        self.done = 0

    def __len__(self) -> int:  # requests sends Content-Length, not chunks
        return self._total

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        data = self._f.read(CHUNK if n is None or n < 0 else min(n, CHUNK))
        self.done += len(data)
        self._report(self.done)
        return data


def copy_in(client: docker.APIClient, cid: str, local: str, dest_dir: str) -> Iterator[CopyProgress | CopyDone]:
    """``docker cp local CID:dest_dir/``: the file or folder lands inside ``dest_dir``."""
    if not os.path.lexists(local):
        raise DockerError(ErrorKind.NOT_FOUND, f"no local file {local}")
    with tempfile.TemporaryFile() as tmp:
        with tarfile.open(fileobj=tmp, mode="w") as tar:
            tar.add(local, arcname=os.path.basename(os.path.normpath(local)))
        total = tmp.tell()
        tmp.seek(0)
        # requests reads the body on this thread: progress is read from the counter in
        # between; a generator body would lose Content-Length, so a file-like one is used.
        import queue
        import threading

        q: queue.Queue = queue.Queue()
        outcome: dict = {}
        body = _Counting(tmp, lambda n: q.put(n), total)

        def send() -> None:
            try:
                res = client._put(client._url("/containers/{0}/archive", cid), params={"path": dest_dir}, data=body, headers={"Content-Type": "application/x-tar"})
                client._raise_for_status(res)
            except docker.errors.APIError as exc:
                outcome["error"] = _refusal(exc, "copy")
            except Exception as exc:  # connection errors
                outcome["error"] = translate(exc) if isinstance(exc, docker.errors.DockerException) else DockerError(ErrorKind.UNREACHABLE, str(exc))
            q.put(None)

        thread = threading.Thread(target=send, name="dockyard-copy-in", daemon=True)
        thread.start()
        last = -1
        while True:
            n = q.get()
            if n is None:
                break
            if n - last >= CHUNK or n == total:
                last = n
                yield CopyProgress(n, total)
        thread.join()
        if "error" in outcome:
            raise outcome["error"]
    yield CopyDone(posixpath.join(dest_dir, os.path.basename(os.path.normpath(local))), total)
