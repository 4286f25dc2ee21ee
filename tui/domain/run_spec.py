"""What the run form asks for, parsed and checked before anything reaches the daemon. Pure.

Fields are written as on the docker command line: ports ``8080:80``, ``127.0.0.1:8443:443/tcp``;
env ``KEY=value`` (shell quoting allowed); volumes ``name:/path[:ro]`` or ``/host:/path``.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

RESTART_POLICIES = ("no", "always", "unless-stopped", "on-failure")
_NAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")


class SpecError(ValueError):
    """A field the user must correct; the message names it."""


@dataclass(frozen=True, slots=True)
class PortSpec:
    container: int
    proto: str = "tcp"
    host: int | None = None
    host_ip: str = ""

    def cli(self) -> str:
        left = ":".join(p for p in (self.host_ip, str(self.host) if self.host else "") if p)
        right = f"{self.container}/{self.proto}" if self.proto != "tcp" else str(self.container)
        return f"{left}:{right}" if left else right


@dataclass(frozen=True, slots=True)
class VolumeSpec:
    source: str  # a volume name or an absolute host path
    target: str
    read_only: bool = False

    @property
    def is_bind(self) -> bool:
        return self.source.startswith("/")

    def cli(self) -> str:
        return f"{self.source}:{self.target}" + (":ro" if self.read_only else "")


@dataclass(frozen=True, slots=True)
class RunSpec:
    image: str
    name: str = ""
    command: tuple[str, ...] = ()
    env: tuple[tuple[str, str], ...] = ()
    ports: tuple[PortSpec, ...] = ()
    volumes: tuple[VolumeSpec, ...] = ()
    network: str = ""
    restart: str = "no"
    labels: tuple[tuple[str, str], ...] = field(default=())

    def cli_args(self, *, masked: bool = False) -> list[str]:
        """``docker run`` arguments after ``docker run``; ``masked``: secret env values hidden
        (the status line and action log)."""
        from .secrets import mask_value

        args = ["-d"]
        if self.name:
            args += ["--name", self.name]
        for p in self.ports:
            args += ["-p", p.cli()]
        for k, v in self.env:
            args += ["-e", f"{k}={mask_value(k, v) if masked else v}"]
        for v in self.volumes:
            args += ["-v", v.cli()]
        if self.network:
            args += ["--network", self.network]
        if self.restart != "no":
            args += ["--restart", self.restart]
        for k, v in self.labels:
            args += ["--label", f"{k}={v}"]
        return [*args, self.image, *self.command]


def _split(text: str, what: str) -> list[str]:
    try:
        return shlex.split(text.replace(",", " ") if what != "env" else text)
    except ValueError as exc:
        raise SpecError(f"{what}: {exc}") from None


def parse_port(text: str) -> PortSpec:
    body, _, proto = text.partition("/")
    proto = proto or "tcp"
    if proto not in ("tcp", "udp", "sctp"):
        raise SpecError(f"ports: unknown protocol in {text!r}")
    parts = body.rsplit(":", 2) if body.count(":") <= 2 else None
    if not parts or not all(parts[-1:]):
        raise SpecError(f"ports: cannot read {text!r} (try 8080:80)")
    try:
        container = int(parts[-1])
        host = int(parts[-2]) if len(parts) >= 2 and parts[-2] else None
    except ValueError:
        raise SpecError(f"ports: {text!r} is not host:container") from None
    host_ip = parts[0] if len(parts) == 3 else ""
    for port in (container, host):
        if port is not None and not 0 < port < 65536:
            raise SpecError(f"ports: {port} is out of range")
    return PortSpec(container, proto, host, host_ip)


def parse_volume(text: str) -> VolumeSpec:
    parts = text.split(":")
    if len(parts) not in (2, 3) or not parts[0] or not parts[1].startswith("/"):
        raise SpecError(f"volumes: cannot read {text!r} (try name:/data or /host:/data:ro)")
    mode = parts[2] if len(parts) == 3 else "rw"
    if mode not in ("ro", "rw"):
        raise SpecError(f"volumes: mode must be ro or rw in {text!r}")
    return VolumeSpec(parts[0], parts[1], mode == "ro")


def parse_env(text: str) -> tuple[tuple[str, str], ...]:
    out = []
    for item in _split(text, "env"):
        key, sep, value = item.partition("=")
        if not key or not sep:
            raise SpecError(f"env: {item!r} is not KEY=value")
        out.append((key, value))
    return tuple(out)


def build(
    image: str,
    *,
    name: str = "",
    command: str = "",
    env: str = "",
    ports: str = "",
    volumes: str = "",
    network: str = "",
    restart: str = "no",
) -> RunSpec:
    """A RunSpec from the form's text fields; raises SpecError naming the bad field."""
    image = image.strip()
    if not image:
        raise SpecError("image: required")
    name = name.strip()
    if name and not _NAME.match(name):
        raise SpecError(f"name: {name!r} may only contain letters, digits, _ . -")
    if restart not in RESTART_POLICIES:
        raise SpecError(f"restart: one of {', '.join(RESTART_POLICIES)}")
    try:
        cmd = tuple(shlex.split(command))
    except ValueError as exc:
        raise SpecError(f"command: {exc}") from None
    return RunSpec(
        image=image,
        name=name,
        command=cmd,
        env=parse_env(env),
        ports=tuple(parse_port(p) for p in _split(ports, "ports")),
        volumes=tuple(parse_volume(v) for v in _split(volumes, "volumes")),
        network=network.strip(),
        restart=restart,
    )
