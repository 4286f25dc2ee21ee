"""The teacher key of the lesson mode: do one step's operations on the daemon, and remove
every object a lesson made. Only names that start with the lesson prefix are created or
removed; everything else is refused (ValueError) before any request."""

from __future__ import annotations

import io
import tarfile

import docker

from ..domain.lessons import PREFIX


def _own(name: str) -> str:
    bare = name.rsplit("/", 1)[-1]
    if not (name.startswith(PREFIX) or bare.startswith(PREFIX)):
        raise ValueError(f"lesson objects are named {PREFIX}*: refusing {name!r}")
    return name


def build(client, tag: str, dockerfile: str) -> None:
    """Build ``tag`` from a Dockerfile held in memory (classic builder, works offline); a build error raises."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        data = dockerfile.encode()
        info = tarfile.TarInfo("Dockerfile")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    buf.seek(0)
    for chunk in client.build(fileobj=buf, custom_context=True, tag=tag, rm=True, decode=True):
        if "error" in chunk:
            raise docker.errors.BuildError(str(chunk.get("error")), [])


def do(client: docker.APIClient, ops, image: str) -> None:
    for op in ops:
        kind = op[0]
        if kind == "run":
            _, name, cmd, opts = op
            _own(name)
            hc = {}
            if opts.get("network"):
                hc["network_mode"] = opts["network"]
            if opts.get("pid"):
                hc["pid_mode"] = opts["pid"]
            if opts.get("memory"):
                hc["mem_limit"] = opts["memory"]
                hc["memswap_limit"] = opts["memory"]
            if opts.get("cpus"):
                hc["nano_cpus"] = int(float(opts["cpus"]) * 1e9)
            if opts.get("restart"):
                hc["restart_policy"] = {"Name": "on-failure", "MaximumRetryCount": int(opts["restart"])}
            if opts.get("volumes"):
                hc["binds"] = {_own(v): {"bind": d, "mode": "rw"} for v, d in opts["volumes"].items()}
            cid = client.create_container(image, cmd, name=name, host_config=client.create_host_config(**hc))["Id"]
            client.start(cid)
            if opts.get("wait"):
                client.wait(cid, timeout=120)
        elif kind == "build":
            build(client, _own(op[1]), op[2])
        elif kind == "exec":
            exec_id = client.exec_create(_own(op[1]), op[2])["Id"]
            client.exec_start(exec_id)
        elif kind == "stop":
            client.stop(_own(op[1]), timeout=op[2])
        elif kind == "rm":
            client.remove_container(_own(op[1]), force=True)
        elif kind == "network":
            client.create_network(_own(op[1]))
        elif kind == "volume":
            client.create_volume(_own(op[1]))
        elif kind == "tag":
            repo, _, tag = _own(op[2]).rpartition(":")
            client.tag(op[1], repo, tag)
        elif kind == "push":
            repo, _, tag = _own(op[1]).rpartition(":")
            for chunk in client.push(repo, tag=tag, stream=True, decode=True):
                if "error" in chunk:
                    raise docker.errors.APIError(str(chunk["error"]))
        elif kind == "rmi":
            client.remove_image(_own(op[1]))
        elif kind == "pull":
            repo, _, tag = _own(op[1]).rpartition(":")
            client.pull(repo, tag=tag)
        else:
            raise ValueError(f"unknown lesson operation {kind!r}")


def cleanup(client: docker.APIClient) -> int:
    """Remove every lesson object (containers, images, networks, volumes named lsn-*); returns how many."""
    n = 0
    for c in client.containers(all=True, filters={"name": PREFIX}):
        if any(x.lstrip("/").startswith(PREFIX) for x in c.get("Names") or ()):
            client.remove_container(c["Id"], force=True, v=True)
            n += 1
    for img in client.images():
        for tag in img.get("RepoTags") or ():
            if tag.rsplit("/", 1)[-1].startswith(PREFIX):
                try:
                    client.remove_image(tag)
                    n += 1
                except docker.errors.NotFound:
                    pass
    for net in client.networks(names=[PREFIX]):
        if net["Name"].startswith(PREFIX):
            client.remove_network(net["Id"])
            n += 1
    for vol in (client.volumes(filters={"name": PREFIX}) or {}).get("Volumes") or []:
        if vol["Name"].startswith(PREFIX):
            client.remove_volume(vol["Name"], force=True)
            n += 1
    return n
