"""Image actions: pull and push with per-layer progress, tag, prune, run a container.

Pull and push are generators of frozen progress facts (tui.domain.transfer): the
caller iterates in a worker thread and posts each fact to the UI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..domain.sanitize import clean_name
from ._ops import label_filters, mutating, reading
from .actions import Actions, ReadOnlyError
from .errors import DockerError, ErrorKind, translate

if TYPE_CHECKING:  # loaded on first use, not on the start-up path (issue 20)
    from ..domain import transfer as tr
    from ..domain.prune import PrunePreview, PruneResult
    from ..domain.run_spec import RunSpec


def split_reference(reference: str) -> tuple[str, str]:
    """("127.0.0.1:5000/app", "1") from "127.0.0.1:5000/app:1"; a digest stays in the name."""
    if "@" in reference:
        return reference, ""
    slash = reference.rfind("/")
    colon = reference.rfind(":")
    if colon > slash:
        return reference[:colon], reference[colon + 1 :]
    return reference, "latest"


def _registry(repository: str) -> str:
    first = repository.split("/", 1)[0]
    return first if "/" in repository and ("." in first or ":" in first or first == "localhost") else "docker.io"


def _transfer(actions: Actions, verb: str, reference: str) -> Iterator[tr.Fact]:
    from ..domain import transfer as tr
    if actions.readonly:
        raise ReadOnlyError(verb)
    repository, tag = split_reference(reference.strip())
    if not repository:
        raise DockerError(ErrorKind.CONFIG, f"{verb}: no image reference given")

    def open_stream(client):
        method = client.pull if verb == "pull" else client.push
        return method(repository, tag=tag or None, stream=True, decode=True)

    try:
        stream = actions.call(open_stream, mutating=True)
    except DockerError as exc:
        raise DockerError(exc.kind, f"cannot {verb} {reference} (registry {_registry(repository)}): {exc.message}", exc.endpoint) from None
    digest = ""
    try:
        for raw in stream:
            fact = tr.fact_from_stream(raw)
            if fact is None:
                continue
            if isinstance(fact, tr.TransferFailed):
                raise DockerError(ErrorKind.DAEMON, f"cannot {verb} {reference} (registry {_registry(repository)}): {fact.message}", actions.endpoint)
            if isinstance(fact, tr.TransferStatus):
                digest = _digest(fact.message) or digest
            yield fact
    except DockerError:
        raise
    except Exception as exc:
        raise translate(exc, actions.endpoint) from None
    yield tr.TransferFinished(reference, digest)


def _digest(message: str) -> str:
    for word in message.split():
        if word.startswith("sha256:"):
            return word
    return ""


def pull(actions: Actions, reference: str) -> Iterator[tr.Fact]:
    """Pull ``reference``; yields LayerProgress/TransferStatus facts, then TransferFinished.
    Raises DockerError with the registry named, e.g. when it cannot be reached."""
    return _transfer(actions, "pull", reference)


def push(actions: Actions, reference: str) -> Iterator[tr.Fact]:
    return _transfer(actions, "push", reference)


@mutating
def tag(client, image: str, reference: str) -> None:
    repository, tag_ = split_reference(reference)
    if not client.tag(image, repository, tag_ or "latest"):
        raise DockerError(ErrorKind.DAEMON, f"could not tag {image} as {reference}")


@reading
def prune_preview(client, all: bool = False, filters: dict | None = None) -> PrunePreview:
    """What ``docker image prune [-a] --filter ...`` would remove, with the space it frees:
    images no container uses (and, without ``all``, only dangling ones)."""
    from ..domain.prune import PruneItem, PrunePreview
    wanted = label_filters(filters)
    listing = {i["Id"] for i in client.images(all=False, filters={**wanted, **({} if all else {"dangling": ["true"]})})}
    items = []
    for raw in client.df().get("Images") or ():
        if raw.get("Id") not in listing or int(raw.get("Containers") or 0) > 0:
            continue
        tags = [t for t in raw.get("RepoTags") or () if t != "<none>:<none>"]
        shared = int(raw.get("SharedSize") or 0)
        size = int(raw.get("Size") or 0) - max(0, shared)
        items.append(PruneItem("images", raw["Id"], clean_name(", ".join(tags) or raw["Id"].split(":")[-1][:12]), size))
    return PrunePreview(
        "images",
        tuple(sorted(items, key=lambda i: i.name)),
        filters=tuple((k, v) for k, vs in wanted.items() for v in vs),
        options=(("all", all),),
        note="Space is an estimate: layers shared with other images stay.",
    )


@mutating
def prune(client, all: bool = False, filters: dict | None = None) -> PruneResult:
    from ..domain.prune import PruneResult
    wanted = label_filters(filters)
    wanted["dangling"] = ["false" if all else "true"]
    result = client.prune_images(filters=wanted) or {}
    removed = tuple(d.get("Deleted") or d.get("Untagged") for d in result.get("ImagesDeleted") or () if d.get("Deleted"))
    return PruneResult("images", removed, int(result.get("SpaceReclaimed") or 0))


def _port_bindings(spec: RunSpec) -> dict:
    out = {}
    for p in spec.ports:
        key = f"{p.container}/{p.proto}"
        value = (p.host_ip, p.host) if p.host_ip else p.host
        out.setdefault(key, []).append(value)
    return {k: v[0] if len(v) == 1 else v for k, v in out.items()}


@mutating
def run(client, spec: RunSpec) -> str:
    """Create and start a container as ``docker run -d`` would; returns its id.
    A container that was created but failed to start is left, as the CLI leaves it."""
    network = spec.network
    special = network in ("host", "none", "bridge", "") or network.startswith("container:")
    host_config = client.create_host_config(
        port_bindings=_port_bindings(spec) or None,
        binds=[v.cli() for v in spec.volumes] or None,
        network_mode=network or None,
        restart_policy={"Name": spec.restart} if spec.restart != "no" else None,
    )
    networking = None if special else client.create_networking_config({network: client.create_endpoint_config()})
    created = client.create_container(
        spec.image,
        command=list(spec.command) or None,
        name=spec.name or None,
        environment=[f"{k}={v}" for k, v in spec.env] or None,
        ports=[(p.container, p.proto) for p in spec.ports] or None,
        volumes=[v.target for v in spec.volumes] or None,
        labels=dict(spec.labels) or None,
        host_config=host_config,
        networking_config=networking,
        detach=True,
    )
    client.start(created["Id"])
    return created["Id"]


@reading
def history(client, image: str) -> list[dict]:
    return client.history(image)
