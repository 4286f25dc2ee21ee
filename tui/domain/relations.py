"""The relationship map: what an object is tied to, built from State alone (plus optional
per-container details from inspect), and what removing an image, network or volume would affect.

Pure. Labels of plain objects are their (already sanitised) names; section headings are
translation keys ("rel.*") that the screen renders with tui.i18n.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from .lookups import containers_of_image, containers_on_network, containers_with_volume, network_id_of
from .models import Container, Image, Network, Port, Volume
from .sanitize import clean_name
from .state import State


@dataclass(frozen=True, slots=True)
class Node:
    kind: str  # container, image, network, volume, bind, tmpfs, port, section; swarm, service, task
    key: str  # the object's key in State ("" for leaves that are not objects)
    label: str  # name, or a translation key for kind == "section"
    detail: str = ""  # IP, aliases, paths: shown beside the label
    children: tuple["Node", ...] = ()
    state: str = ""  # a container's state (translated by the screen)
    host: str = ""  # swarm: the Dockyard host of a task's container ("local" for the one daemon)

    @property
    def openable(self) -> bool:
        return self.kind in ("container", "image", "network", "volume") and bool(self.key)

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()


@dataclass(frozen=True, slots=True)
class ContainerDetail:
    """What the list API leaves out and inspect knows: aliases per network, configured port bindings."""

    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    bindings: tuple[Port, ...] = ()

    def aliases_on(self, network: str) -> tuple[str, ...]:
        for net, names in self.aliases:
            if net == network:
                return names
        return ()


def detail_from_inspect(raw: Mapping[str, Any]) -> ContainerDetail:
    cid = str(raw.get("Id") or "")
    aliases = []
    for net, ep in sorted(((raw.get("NetworkSettings") or {}).get("Networks") or {}).items()):
        names = tuple(clean_name(a) for a in (ep or {}).get("Aliases") or () if a and not cid.startswith(str(a)))
        aliases.append((clean_name(net), names))
    bindings = []
    for spec, hosts in sorted(((raw.get("HostConfig") or {}).get("PortBindings") or {}).items()):
        private, _, proto = spec.partition("/")
        for h in hosts or ():
            port = (h or {}).get("HostPort") or ""
            bindings.append(
                Port(
                    private=int(private or 0),
                    proto=clean_name(proto or "tcp"),
                    host_ip=clean_name((h or {}).get("HostIp") or ""),
                    public=int(port) if str(port).isdigit() else None,
                )
            )
    return ContainerDetail(tuple(aliases), tuple(bindings))


Details = Mapping[str, ContainerDetail]


# Lookups


def image_of(state: State, container: Container) -> Image | None:
    return state.images.get(container.image_id)


Chains = Mapping[str, tuple[tuple[str, ...], str]]  # image id -> (RootFS.Layers, name)


def child_images(state: State, image_id: str, chains: Chains | None = None) -> list[Image]:
    """Local images built on top of this one.

    The parent link only names the previous build step, which for a multi-step build is an
    untagged intermediate image; so an image is also built on this one when this one's layer
    chain is a strict prefix of its own (read from RootFS.Layers when ``chains`` is given)."""
    kids = {i.id: i for i in state.images.values() if i.parent_id == image_id}
    own = (chains or {}).get(image_id, ((), ""))[0]
    if own:
        for iid, (chain, _) in (chains or {}).items():
            if iid != image_id and len(chain) > len(own) and chain[: len(own)] == own and iid in state.images:
                kids[iid] = state.images[iid]
    return sorted(kids.values(), key=lambda i: i.name)


# The tree


def _ports(c: Container, details: Details) -> tuple[Port, ...]:
    published = tuple(p for p in c.ports if p.public is not None)
    if published:
        return published
    d = details.get(c.id)
    return d.bindings if d else ()


def _container_children(state: State, c: Container, details: Details, *, skip: str = "") -> tuple[Node, ...]:
    d = details.get(c.id, ContainerDetail())
    children: list[Node] = []
    if skip != "image":
        img = image_of(state, c)
        children.append(Node("image", c.image_id if img else "", img.name if img else c.image, _short(c.image_id)))
    nets = []
    for a in c.networks:
        nets.append(Node("network", network_id_of(state, a), a.network, _attachment_detail(a, d)))
    if nets:
        children.append(Node("section", "", "rel.networks", "", tuple(nets)))
    mounts = []
    for m in c.mounts:
        access = "rw" if m.rw else "ro"
        if m.type == "volume":
            mounts.append(Node("volume", m.name if m.name in state.volumes else "", m.name or m.source, f"→ {m.destination} ({access})"))
        else:
            mounts.append(Node(m.type or "bind", "", m.source or m.type, f"→ {m.destination} ({access})"))
    if mounts:
        children.append(Node("section", "", "rel.mounts", "", tuple(mounts)))
    ports = [Node("port", "", str(p), "") for p in _ports(c, details)]
    if ports:
        children.append(Node("section", "", "rel.ports", "", tuple(ports)))
    return tuple(children)


def _attachment_detail(a, d: ContainerDetail) -> str:
    parts = []
    if a.ip:
        parts.append(a.ip)
    aliases = a.aliases or d.aliases_on(a.network)
    if aliases:
        parts.append("aka " + ", ".join(aliases))
    return "  ".join(parts)


def _container_node(state: State, c: Container, details: Details, *, skip: str = "") -> Node:
    return Node("container", c.id, c.name, "", _container_children(state, c, details, skip=skip), c.state)


def _short(image_id: str) -> str:
    return image_id.split(":", 1)[-1][:12]


def build(state: State, kind: str, key: str, details: Details | None = None, chains: Chains | None = None) -> Node | None:
    """The relationship tree rooted at one object, or None if it is gone."""
    details = details or {}
    if kind == "containers":
        c = state.containers.get(key)
        return _container_node(state, c, details) if c else None
    if kind == "images":
        img = state.images.get(key)
        if img is None:
            return None
        users = tuple(_container_node(state, c, details, skip="image") for c in containers_of_image(state, key))
        children = [Node("section", "", "rel.containers", str(len(users)), users)]
        kids = tuple(Node("image", i.id, i.name, _short(i.id)) for i in child_images(state, key, chains))
        if kids:
            children.append(Node("section", "", "rel.children", "", kids))
        return Node("image", img.id, img.name, _short(img.id), tuple(children))
    if kind == "networks":
        net = state.networks.get(key)
        if net is None:
            return None
        users = []
        for c in containers_on_network(state, key):
            d = details.get(c.id, ContainerDetail())
            att = next(a for a in c.networks if network_id_of(state, a) == key)
            img = image_of(state, c)
            kids = (Node("image", c.image_id if img else "", img.name if img else c.image, _short(c.image_id)),)
            users.append(Node("container", c.id, c.name, _attachment_detail(att, d), kids, c.state))
        detail = " ".join(x for x in (net.driver, ", ".join(net.subnets)) if x)
        return Node("network", net.id, net.name, detail, (Node("section", "", "rel.containers", str(len(users)), tuple(users)),))
    if kind == "volumes":
        vol = state.volumes.get(key)
        if vol is None:
            return None
        users = []
        for c in containers_with_volume(state, key):
            dest = ", ".join(f"{m.destination} ({'rw' if m.rw else 'ro'})" for m in c.mounts if m.name == key)
            img = image_of(state, c)
            kids = (Node("image", c.image_id if img else "", img.name if img else c.image, _short(c.image_id)),)
            users.append(Node("container", c.id, c.name, f"→ {dest}", kids, c.state))
        return Node("volume", vol.name, vol.name, vol.mountpoint, (Node("section", "", "rel.containers", str(len(users)), tuple(users)),))
    return None


# Removal impact


@dataclass(frozen=True, slots=True)
class Impact:
    kind: str
    key: str
    name: str
    containers: tuple[tuple[str, str, str], ...]  # (id, name, state) tied to the object
    images: tuple[tuple[str, str], ...] = ()  # (id, name): child images
    notes: tuple[str, ...] = ()  # translation keys, in order
    blocked: bool = False  # the plain `docker … rm` would fail

    @property
    def running(self) -> int:
        return sum(1 for _, _, s in self.containers if s in ("running", "paused", "restarting"))


def removal_impact(state: State, kind: str, key: str, chains: Chains | None = None) -> Impact | None:
    if kind == "images":
        img = state.images.get(key)
        if img is None:
            return None
        users = containers_of_image(state, key)
        kids = child_images(state, key, chains)
        notes = []
        if users:
            notes.append("impact.image.in_use")
        if len(img.tags) > 1:
            notes.append("impact.image.tags")
        if kids:
            notes.append("impact.image.children")
        if not users and not kids:
            notes.append("impact.image.free")
        return Impact(kind, key, img.name, _triples(users), tuple((i.id, i.name) for i in kids), tuple(notes), bool(users or kids))
    if kind == "networks":
        net = state.networks.get(key)
        if net is None:
            return None
        users = containers_on_network(state, key)
        notes = []
        if net.builtin:
            notes.append("impact.network.builtin")
        if users:
            notes.append("impact.network.in_use")
        else:
            notes.append("impact.network.free")
        blocked = net.builtin or any(c.state in ("running", "paused", "restarting") for c in users)
        return Impact(kind, key, net.name, _triples(users), (), tuple(notes), blocked)
    if kind == "volumes":
        vol = state.volumes.get(key)
        if vol is None:
            return None
        users = containers_with_volume(state, key)
        notes = ["impact.volume.in_use" if users else "impact.volume.free", "impact.volume.data"]
        return Impact(kind, key, vol.name, _triples(users), (), tuple(notes), bool(users))
    return None


def _triples(cs) -> tuple[tuple[str, str, str], ...]:
    return tuple((c.id, c.name, c.state) for c in cs)


def describe_kind(obj: Container | Image | Network | Volume) -> str:
    return {Container: "containers", Image: "images", Network: "networks", Volume: "volumes"}[type(obj)]


# Swarm: service -> tasks -> containers on nodes

TASK_LABEL = "com.docker.swarm.task.id"


def task_containers(containers_of_host: Mapping[str, Any]) -> dict[str, tuple[str, Container]]:
    """task id -> (Dockyard host, container): every container a node's own daemon runs for a
    swarm task carries the task's id in its ``com.docker.swarm.task.id`` label."""
    out: dict[str, tuple[str, Container]] = {}
    for host, containers in containers_of_host.items():
        for c in containers:
            tid = c.label(TASK_LABEL)
            if tid:
                out[tid] = (host, c)
    return out


def swarm_tree(snapshot, host_of_node: Mapping[str, str], linked: Mapping[str, tuple[str, Container]], service_id: str = "") -> Node | None:
    """The swarm as a tree: each service (or only ``service_id``), its current tasks (slot or
    node, node name, state) and, for each running task, the container it runs. The container
    is the node's own (found by its task-id label) when the node is one of Dockyard's hosts
    (``host_of_node``: node id -> host); otherwise the container id the manager reports,
    which cannot be opened from here. None when ``service_id`` is gone."""
    services = [s for s in snapshot.services if not service_id or s.id == service_id]
    if service_id and not services:
        return None
    names = {n.id: n.name for n in snapshot.nodes}
    roots = []
    for s in services:
        tasks = []
        for t in snapshot.tasks_of(s.id, current_only=True):
            node = names.get(t.node_id, t.node_id[:12])
            where = f"slot {t.slot} · {node}" if t.slot else node
            if t.error:
                where += f" · {t.error[:80]}"
            kids: tuple[Node, ...] = ()
            if t.state == "running":
                found = linked.get(t.id)
                if t.node_id in host_of_node and found is not None:
                    host, c = found
                    kids = (Node("container", c.id, c.name, f"@ {node} · host {host or 'local'}", (), c.state, host=host or "local"),)
                elif t.container_id:
                    kids = (Node("container", "", t.container_id[:12], f"@ {node} (as the manager reports it)", (), "running"),)
            tasks.append(Node("task", t.id, t.name, where, kids, t.state))
        detail = f"{s.mode} {s.replicas}" + (f" · {s.image}" if s.image else "")
        roots.append(Node("service", s.id, s.name, detail, (Node("section", "", "rel.tasks", str(len(tasks)), tuple(tasks)),)))
    if service_id:
        return roots[0]
    return Node("swarm", snapshot.cluster_id, "swarm", f"{len(snapshot.nodes)} nodes", tuple(roots))
