"""Frozen snapshots of daemon objects. Every string in them is already sanitised."""

from __future__ import annotations

from dataclasses import dataclass, field

Pairs = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Port:
    private: int
    proto: str
    host_ip: str = ""
    public: int | None = None

    def __str__(self) -> str:
        if self.public is None:
            return f"{self.private}/{self.proto}"
        ip = self.host_ip if self.host_ip not in ("", "0.0.0.0", "::") else ""
        host = f"{ip}:{self.public}" if ip else str(self.public)
        return f"{host}→{self.private}/{self.proto}"


@dataclass(frozen=True, slots=True)
class Mount:
    type: str  # volume, bind, tmpfs, npipe
    destination: str
    source: str = ""
    name: str = ""  # volume name for type=volume
    mode: str = ""
    rw: bool = True


@dataclass(frozen=True, slots=True)
class Attachment:
    """A container's endpoint on one network."""

    network: str
    network_id: str = ""
    ip: str = ""
    ipv6: str = ""
    mac: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Container:
    id: str
    name: str
    image: str
    image_id: str = ""
    command: str = ""
    created: float = 0.0
    state: str = "created"  # created, running, paused, restarting, removing, exited, dead
    status: str = ""
    health: str | None = None  # starting, healthy, unhealthy
    ports: tuple[Port, ...] = ()
    labels: Pairs = ()
    networks: tuple[Attachment, ...] = ()
    mounts: tuple[Mount, ...] = ()
    host: str = ""  # the fleet host it lives on ("" with one host: tui/domain/fleet_state.py)

    @property
    def short_id(self) -> str:
        return self.id[:12]

    def label(self, key: str, default: str = "") -> str:
        for k, v in self.labels:
            if k == key:
                return v
        return default

    @property
    def compose_project(self) -> str:
        return self.label("com.docker.compose.project")

    @property
    def compose_service(self) -> str:
        return self.label("com.docker.compose.service")

    @property
    def is_running(self) -> bool:
        return self.state == "running"

    @property
    def is_up(self) -> bool:
        """Running or paused: its uptime counts (docker ps: "Up 25 seconds (Paused)")."""
        return self.state in ("running", "paused")


@dataclass(frozen=True, slots=True)
class Image:
    id: str
    tags: tuple[str, ...] = ()
    digests: tuple[str, ...] = ()
    size: int = 0
    shared_size: int = -1
    created: float = 0.0
    parent_id: str = ""
    labels: Pairs = ()
    host: str = ""  # the fleet host (see Container.host)

    @property
    def short_id(self) -> str:
        raw = self.id.split(":", 1)[-1]
        return raw[:12]

    @property
    def dangling(self) -> bool:
        return not self.tags

    @property
    def name(self) -> str:
        if self.tags:
            return self.tags[0]
        if self.digests:
            return self.digests[0].split("@", 1)[0] + ":<none>"
        return "<none>:<none>"


@dataclass(frozen=True, slots=True)
class Network:
    id: str
    name: str
    driver: str = ""
    scope: str = ""
    subnets: tuple[str, ...] = ()
    gateways: tuple[str, ...] = ()
    internal: bool = False
    attachable: bool = False
    ipv6: bool = False
    created: str = ""
    labels: Pairs = ()
    options: Pairs = ()
    host: str = ""  # the fleet host (see Container.host)

    @property
    def short_id(self) -> str:
        return self.id[:12]

    @property
    def builtin(self) -> bool:
        return self.name in ("bridge", "host", "none")


@dataclass(frozen=True, slots=True)
class Volume:
    name: str
    driver: str = "local"
    mountpoint: str = ""
    scope: str = "local"
    created: str = ""
    labels: Pairs = ()
    options: Pairs = ()
    host: str = ""  # the fleet host (see Container.host)

    @property
    def id(self) -> str:
        return self.name

    @property
    def short_id(self) -> str:
        return self.name[:12]

    @property
    def anonymous(self) -> bool:
        return len(self.name) == 64 and all(c in "0123456789abcdef" for c in self.name)


@dataclass(frozen=True, slots=True)
class DaemonInfo:
    name: str = ""
    engine_version: str = ""
    api_version: str = ""
    min_api_version: str = ""
    os: str = ""
    os_type: str = ""
    arch: str = ""
    kernel: str = ""
    storage_driver: str = ""
    cgroup_driver: str = ""
    cgroup_version: str = ""
    logging_driver: str = ""
    ncpu: int = 0
    mem_total: int = 0
    containerd_version: str = ""
    runc_version: str = ""
    product: str = "Docker Engine"  # or Podman Engine
    registries: tuple[str, ...] = ()
    plugins: Pairs = ()  # (kind, name)
    security_options: tuple[str, ...] = ()
    docker_root: str = ""
    # The daemon's clock when it answered, epoch seconds (0: not said). A reading, not a fact
    # of the daemon: two answers that differ only in it are equal.
    system_time: float = field(default=0.0, compare=False)


@dataclass(frozen=True, slots=True)
class StatsSample:
    """One container's resource use at one moment; None where it is not known yet."""

    id: str
    cpu_percent: float | None = None
    mem_usage: int | None = None
    mem_limit: int | None = None
    net_rx: int | None = None
    net_tx: int | None = None
    blk_read: int | None = None
    blk_write: int | None = None
    pids: int | None = None
    at: float = 0.0


@dataclass(frozen=True, slots=True)
class Snapshot:
    containers: tuple[Container, ...] = ()
    images: tuple[Image, ...] = ()
    networks: tuple[Network, ...] = ()
    volumes: tuple[Volume, ...] = ()
    info: DaemonInfo = field(default_factory=DaemonInfo)
