"""F1: a short card explaining the concept under the cursor, tied to the live object
("this image has 3 layers; 2 are shared with …"). The text is built by ``card_lines``,
a pure function, so cards are easy to test in both languages."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ...domain.format import size as human_size
from ...domain.isolation import Isolation
from ...domain.layers import LayerStack
from ...domain.relations import containers_of_image, containers_on_network, containers_with_volume
from ...domain.state import State
from ...i18n import app_lang, tr, translated_binding

CONCEPTS = ("image", "container", "network", "volume", "layer", "registry", "daemon", "client", "namespace", "cgroup", "port", "bind", "tmpfs", "service", "task", "node")
_RELATED = {
    "image": ("layer", "container", "registry"),
    "container": ("image", "namespace", "cgroup"),
    "network": ("container", "namespace"),
    "volume": ("container", "layer"),
    "layer": ("image", "container"),
    "registry": ("image", "daemon"),
    "daemon": ("client", "container"),
    "client": ("daemon",),
    "namespace": ("cgroup", "container"),
    "cgroup": ("namespace", "container"),
    "service": ("task", "node"),
    "task": ("service", "container", "node"),
    "node": ("daemon", "task"),
    "port": ("network", "container"),
    "bind": ("volume", "tmpfs"),
    "tmpfs": ("volume", "bind", "cgroup"),
}


def concept_for(kind: str | None) -> str:
    return {"containers": "container", "images": "image", "networks": "network", "volumes": "volume"}.get(kind or "", "daemon")


def network_dns(net: Any) -> str:
    """Whether containers on this network find each other by name: only on user-defined networks."""
    driver = (getattr(net, "driver", "") or "").lower()
    if driver == "host" or net.name == "host":
        return "host"
    if driver == "null" or net.name == "none":
        return "none"
    if net.name == "bridge" and driver == "bridge":
        return "default"  # the default bridge: no embedded DNS, only IPs and legacy --link
    return "user"


def card_lines(
    concept: str,
    obj: Any,
    state: State,
    lang: str,
    *,
    stack: LayerStack | None = None,
    isolation: Isolation | None = None,
    host: str = "",
    ports: tuple | None = None,
    mounts: tuple | None = None,
) -> list[str]:
    """Paragraphs of the card: the general idea, then what it means for this live object."""
    lines = [tr(f"card.{concept}", lang, host=host)]
    if concept == "image" and obj is not None:
        users = len(containers_of_image(state, obj.id))
        lines.append(tr("card.image.live", lang, name=obj.name, size=human_size(obj.size), users=users))
    if concept in ("image", "layer") and stack is not None:
        shared = [layer for layer in stack.layers if layer.shared_with]
        if shared:
            others = sorted({n for layer in shared for n in layer.shared_with})
            lines.append(tr("card.image.layers", lang, n=len(stack.layers), shared=len(shared), others=", ".join(others)))
        else:
            lines.append(tr("card.image.layers_own", lang, n=len(stack.layers)))
    if concept == "namespace" and isolation is not None and isolation.pid > 0:
        def names(verdict: str) -> str:
            return ", ".join(ns.name for ns in isolation.namespaces if ns.verdict == verdict) or tr("none", lang)

        lines.append(tr("card.namespace.live", lang, name=isolation.name, private=names("private"), host=names("host"), shared=names("shared")))
    if concept == "cgroup" and isolation is not None and isolation.pid > 0:
        mem, pids = isolation.limit("memory"), isolation.limit("pids")
        lines.append(tr("card.cgroup.live", lang, name=isolation.name,
                        memory=human_size(mem.limit) if mem and mem.limit else tr("unlimited", lang),
                        used=human_size(mem.used) if mem and mem.used is not None else "?",
                        pids=f"{pids.used:g}" if pids and pids.used is not None else "?"))
    if concept == "container" and obj is not None:
        lines.append(
            tr("card.container.live", lang, name=obj.name, image=obj.image, state=tr(f"state.{obj.state}", lang),
               nets=len(obj.networks), mounts=len(obj.mounts))
        )
    elif concept == "network" and obj is not None:
        lines.append(tr("card.network.live", lang, name=obj.name, driver=obj.driver or "?", users=len(containers_on_network(state, obj.id))))
        lines.append(tr(f"card.network.dns.{network_dns(obj)}", lang, name=obj.name))
    elif concept == "volume" and obj is not None:
        lines.append(tr("card.volume.live", lang, name=obj.name, driver=obj.driver, users=len(containers_with_volume(state, obj.name)),
                        mountpoint=obj.mountpoint or "?"))
    elif concept == "daemon" and state.info.engine_version:
        info = state.info
        lines.append(tr("card.daemon.live", lang, product=info.product, version=info.engine_version, os=info.os or info.os_type,
                        containers=len(state.containers), images=len(state.images)))
    lines += _swarm_lines(concept, obj, lang)
    if concept == "port" and obj is not None and ports is not None:
        lines.extend(port_lines(obj.name, ports, lang))
    if concept in ("bind", "tmpfs") and obj is not None and mounts is not None:
        lines.extend(mount_lines(concept, obj.name, mounts, lang))
    related = ", ".join(tr(f"concept.{c}", lang) for c in _RELATED.get(concept, ()))
    if related:
        lines.append(tr("card.more", lang, keys=related))
    return lines


def _swarm_lines(concept: str, obj: Any, lang: str) -> list[str]:
    """The live line of a swarm card (obj: a Service, Task or Node of tui/domain/swarm.py)."""
    if obj is None:
        return []
    if concept == "service" and hasattr(obj, "desired"):
        return [tr("card.service.live", lang, name=obj.name, running=obj.running, desired=obj.desired, mode=obj.mode, update=obj.update_state or "-")]
    if concept == "task" and hasattr(obj, "slot"):
        return [tr("card.task.live", lang, name=obj.name, node=obj.node_id[:12], desired=obj.desired_state,
                   state=obj.state, container=obj.container_id[:12] or "-")]
    if concept == "node" and hasattr(obj, "availability"):
        return [tr("card.node.live", lang, name=obj.name, role=obj.role, availability=obj.availability, status=obj.status)]
    return []


def port_lines(name: str, ports, lang: str) -> list[str]:
    """One paragraph per published port: the hops a packet takes, as read from /proc and /sys."""
    if not ports:
        return [tr("card.port.none", lang, name=name)]
    out = []
    for p in ports:
        host = p.host_ip if p.host_ip and p.host_ip not in ("0.0.0.0", "::") else "0.0.0.0"
        if p.nat == "remote":
            out.append(tr("card.port.remote", lang, hport=p.host_port, cport=p.container_port))
            continue
        proxy = tr("card.port.proxy", lang, pid=p.proxy_pid) if p.proxy_pid else tr("card.port.no_proxy", lang)
        unknown = tr("unknown", lang)
        para = [tr("card.port.path", lang, host=host, hport=p.host_port, proxy=proxy, bridge=p.bridge or unknown, veth=p.veth or unknown,
                   ip=p.container_ip or unknown, cport=p.container_port, network=p.network or unknown)]
        if p.proxy_pid:
            para.append(tr("card.port.proxy_args", lang, pid=p.proxy_pid, args=p.proxy_args))
        para.append(tr(f"card.port.nat.{p.nat}", lang, rule=p.nat_rule))
        if p.netns:  # its rules, bridge and veth live in dockerd's namespace, not the one Dockyard runs in
            para.append(tr("card.port.netns", lang, path=p.netns))
        if p.userland_proxy is False:
            para.append(tr("card.port.userland.off", lang))
        elif p.userland_proxy and p.nat != "disabled":  # with --iptables=false the proxy alone carries it (said above)
            para.append(tr("card.port.userland.on", lang, hport=p.host_port))
        para.append(tr("card.port.try", lang, host="127.0.0.1" if host == "0.0.0.0" else host, hport=p.host_port))
        out.append("\n".join(para))
    return out


def mount_lines(kind: str, name: str, mounts, lang: str) -> list[str]:
    """The container's mounts of this kind, from inspect, and what the kernel says about each."""
    mine = [m for m in mounts if m.kind == kind]
    if not mine:
        return [tr("card.mount.none", lang, name=name)]
    out = []
    for m in mine:
        if kind == "bind":
            line = tr("card.mount.bind", lang, dest=m.destination, source=m.source, access=tr("card.mount.rw" if m.rw else "card.mount.ro", lang),
                      uid=m.owner_uid if m.owner_uid is not None else "?")
        else:
            line = tr("card.mount.tmpfs", lang, dest=m.destination, options=m.options or tr("unlimited", lang))
        if m.seen:
            line += "\n" + tr("card.mount.kernel", lang, pid=m.pid or "<pid>", fstype=m.fstype, source=m.mount_source, options=m.mount_options)
        else:
            line += "\n" + tr("card.mount.configured", lang)
        out.append(line)
    return out


class ConceptScreen(ModalScreen):
    BINDINGS = [Binding("escape,q,f1", "app.pop_screen", "Close", id="concept.close", tooltip="Close the card")]

    def __init__(
        self,
        concept: str,
        kind: str | None = None,
        obj: Any = None,
        *,
        stack: LayerStack | None = None,
        isolation: Isolation | None = None,
        ports: tuple | None = None,
        mounts: tuple | None = None,
    ) -> None:
        super().__init__(classes="concept")
        self.concept = concept if concept in CONCEPTS else "daemon"
        self.kind = kind
        self.obj = obj
        self.stack = stack
        self.isolation = isolation
        self.ports = ports
        self.mounts = mounts

    @property
    def lang(self) -> str:
        return app_lang(self.app)

    @property
    def active_bindings(self):
        """As LearnScreen's: the descriptions in the app's language."""
        active = super().active_bindings
        if self.lang == "en":
            return active
        return {key: ab._replace(binding=translated_binding(self, ab.binding, self.lang)) for key, ab in active.items()}

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="concept-card"):
            yield Static(Text(tr("title.concept", self.lang, concept=tr(f"concept.{self.concept}", self.lang)), style="bold"), id="concept-title")
            yield Static(self._text(), id="concept-body")
            yield Static(Text(tr("keys.concept", self.lang)), classes="learn-keys")

    def on_mount(self) -> None:
        if self.concept == "image" and self.obj is not None and self.stack is None:
            self._read_stack(self.obj.id)
        if self.kind == "containers" and self.obj is not None:
            cid = self.obj.id
            if self.concept == "port" and self.ports is None:
                self.read(lambda session: session.port_paths(cid), lambda ports: self._got("ports", ports), failed=lambda message: None)
            elif self.concept in ("bind", "tmpfs") and self.mounts is None:
                self.read(lambda session: session.mount_facts(cid), lambda mounts: self._got("mounts", mounts), failed=lambda message: None)

    def _got(self, what: str, value) -> None:
        setattr(self, what, value)
        if self.is_attached:
            self._paint()

    def card(self) -> str:
        """The card's plain text (tests)."""
        return self._text().plain

    def _text(self) -> Text:
        host = getattr(getattr(self.app, "endpoint", None), "host", "")
        lines = card_lines(self.concept, self.obj, self.app.control.store.state, self.lang, stack=self.stack, isolation=self.isolation, host=host,
                           ports=self.ports, mounts=self.mounts)
        return Text("\n\n".join(lines))

    def _paint(self) -> None:
        self.query_one("#concept-body", Static).update(self._text())

    def read(self, call, done, failed=None) -> None:
        """As LearnScreen.read: one daemon read through app.control.ops, applied while open."""
        self.app.control.ops.read(call, done=done, failed=failed, owner=self, group="learn-concept")

    def _read_stack(self, image_id: str) -> None:
        self.read(lambda session: session.image_stack(image_id)[0], self._got_stack, failed=lambda message: None)

    def _got_stack(self, stack: LayerStack) -> None:
        self.stack = stack
        if self.is_attached:
            self._paint()
