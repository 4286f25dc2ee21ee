"""Turn the Engine API's JSON into frozen models, sanitising every string on the way.

This is the engine boundary for text: nothing the daemon sends leaves here raw.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Mapping

from .models import Attachment, Container, DaemonInfo, Image, Mount, Network, Pairs, Port, Snapshot, Volume
from .sanitize import clean, clean_name

_HEALTH = re.compile(r"\((healthy|unhealthy|health: starting)\)")


def _s(value: Any) -> str:
    return clean_name(value if isinstance(value, (str, bytes)) else ("" if value is None else str(value)))


def _pairs(mapping: Mapping[str, Any] | None) -> Pairs:
    if not mapping:
        return ()
    return tuple(sorted((_s(k), _s(v)) for k, v in mapping.items()))


_STAMP = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?([Zz]|[+-]\d\d:?\d\d)?$")


def parse_time(value: Any) -> float:
    """Seconds since the epoch from a number or an RFC 3339 string (nanoseconds, ``Z`` or an
    offset, "+01:00" or "+0100"); 0.0 for Docker's zero time ("0001-01-01T00:00:00Z"), for
    nothing and for anything unreadable."""
    if isinstance(value, (int, float)):
        return float(value)
    found = _STAMP.match(value.strip()) if isinstance(value, str) else None
    if not found or found.group(1).startswith("0001-"):
        return 0.0
    zone = found.group(3) or "Z"
    zone = "+00:00" if zone in ("Z", "z") else (zone if ":" in zone else f"{zone[:3]}:{zone[3:]}")
    try:
        seconds = datetime.fromisoformat(found.group(1) + zone).timestamp()
    except ValueError:
        return 0.0
    return seconds + (float("0." + found.group(2)) if found.group(2) else 0.0)


def container_from_list(raw: Mapping[str, Any]) -> Container:
    """From one entry of GET /containers/json (the cheap, single-request listing)."""
    names = raw.get("Names") or []
    name = names[0].lstrip("/") if names else raw.get("Id", "")[:12]
    status = _s(raw.get("Status"))
    health = None
    m = _HEALTH.search(status)
    if m:
        health = "starting" if m.group(1) == "health: starting" else m.group(1)
    ports = []
    seen = set()
    for p in raw.get("Ports") or []:
        port = Port(
            private=int(p.get("PrivatePort") or 0),
            proto=_s(p.get("Type") or "tcp"),
            host_ip=_s(p.get("IP") or ""),
            public=int(p["PublicPort"]) if p.get("PublicPort") else None,
        )
        if port not in seen:
            seen.add(port)
            ports.append(port)
    networks = []
    for net_name, net in ((raw.get("NetworkSettings") or {}).get("Networks") or {}).items():
        net = net or {}
        networks.append(
            Attachment(
                network=_s(net_name),
                network_id=_s(net.get("NetworkID")),
                ip=_s(net.get("IPAddress")),
                ipv6=_s(net.get("GlobalIPv6Address")),
                mac=_s(net.get("MacAddress")),
                aliases=tuple(_s(a) for a in net.get("Aliases") or ()),
            )
        )
    mounts = tuple(
        Mount(
            type=_s(m.get("Type")),
            destination=_s(m.get("Destination")),
            source=_s(m.get("Source")),
            name=_s(m.get("Name")),
            mode=_s(m.get("Mode")),
            rw=bool(m.get("RW", True)),
        )
        for m in raw.get("Mounts") or ()
    )
    return Container(
        id=_s(raw.get("Id")),
        name=_s(name),
        image=_s(raw.get("Image")),
        image_id=_s(raw.get("ImageID")),
        command=clean(raw.get("Command") or ""),
        created=parse_time(raw.get("Created")),
        state=_s(raw.get("State") or "").lower() or "created",
        status=status,
        health=health,
        ports=tuple(sorted(ports, key=lambda p: (p.private, p.proto, p.public or 0, p.host_ip))),
        labels=_pairs(raw.get("Labels")),
        networks=tuple(sorted(networks, key=lambda a: a.network)),
        mounts=mounts,
    )


def image_from_list(raw: Mapping[str, Any]) -> Image:
    tags = tuple(_s(t) for t in raw.get("RepoTags") or () if t and t != "<none>:<none>")
    digests = tuple(_s(d) for d in raw.get("RepoDigests") or () if d and d != "<none>@<none>")
    return Image(
        id=_s(raw.get("Id")),
        tags=tags,
        digests=digests,
        size=int(raw.get("Size") or 0),
        shared_size=int(raw.get("SharedSize") if raw.get("SharedSize") is not None else -1),
        created=parse_time(raw.get("Created")),
        parent_id=_s(raw.get("ParentId")),
        labels=_pairs(raw.get("Labels")),
    )


def network_from_api(raw: Mapping[str, Any]) -> Network:
    ipam = (raw.get("IPAM") or {}).get("Config") or []
    return Network(
        id=_s(raw.get("Id")),
        name=_s(raw.get("Name")),
        driver=_s(raw.get("Driver")),
        scope=_s(raw.get("Scope")),
        subnets=tuple(_s(c.get("Subnet")) for c in ipam if c.get("Subnet")),
        gateways=tuple(_s(c.get("Gateway")) for c in ipam if c.get("Gateway")),
        internal=bool(raw.get("Internal")),
        attachable=bool(raw.get("Attachable")),
        ipv6=bool(raw.get("EnableIPv6")),
        created=_s(raw.get("Created")),
        labels=_pairs(raw.get("Labels")),
        options=_pairs(raw.get("Options")),
    )


def volume_from_api(raw: Mapping[str, Any]) -> Volume:
    return Volume(
        name=_s(raw.get("Name")),
        driver=_s(raw.get("Driver") or "local"),
        mountpoint=_s(raw.get("Mountpoint")),
        scope=_s(raw.get("Scope") or "local"),
        created=_s(raw.get("CreatedAt")),
        labels=_pairs(raw.get("Labels")),
        options=_pairs(raw.get("Options")),
    )


def info_from_api(info: Mapping[str, Any], version: Mapping[str, Any]) -> DaemonInfo:
    components = {(_s(c.get("Name"))).lower(): _s(c.get("Version")) for c in version.get("Components") or ()}
    platform = _s((version.get("Platform") or {}).get("Name"))
    podman = "podman" in platform.lower() or any("podman" in name for name in components)
    product = "Podman Engine" if podman else "Docker Engine"
    registries = []
    for name, reg in ((info.get("RegistryConfig") or {}).get("IndexConfigs") or {}).items():
        kind = "secure" if (reg or {}).get("Secure") else "insecure"
        registries.append(f"{_s(name)} ({kind})")
    for cidr in (info.get("RegistryConfig") or {}).get("InsecureRegistryCIDRs") or ():
        registries.append(f"{_s(cidr)} (insecure)")
    plugins = []
    for kind, names in (info.get("Plugins") or {}).items():
        for name in names or ():
            plugins.append((_s(kind), _s(name)))
    runc = (info.get("RuncCommit") or {}).get("ID") or ""
    return DaemonInfo(
        name=_s(info.get("Name")),
        engine_version=_s(version.get("Version") or info.get("ServerVersion")),
        api_version=_s(version.get("ApiVersion")),
        min_api_version=_s(version.get("MinAPIVersion")),
        os=_s(info.get("OperatingSystem")),
        os_type=_s(info.get("OSType") or version.get("Os")),
        arch=_s(info.get("Architecture") or version.get("Arch")),
        kernel=_s(info.get("KernelVersion") or version.get("KernelVersion")),
        storage_driver=_s(info.get("Driver")),
        cgroup_driver=_s(info.get("CgroupDriver")),
        cgroup_version=_s(info.get("CgroupVersion")),
        logging_driver=_s(info.get("LoggingDriver")),
        ncpu=int(info.get("NCPU") or 0),
        mem_total=int(info.get("MemTotal") or 0),
        containerd_version=components.get("containerd", ""),
        runc_version=components.get("runc", "") or _s(runc),
        product=product,
        registries=tuple(registries),
        plugins=tuple(plugins),
        security_options=tuple(_s(o) for o in info.get("SecurityOptions") or ()),
        docker_root=_s(info.get("DockerRootDir")),
        system_time=parse_time(info.get("SystemTime")),
    )


def snapshot(containers, images, networks, volumes, info: DaemonInfo) -> Snapshot:
    return Snapshot(
        containers=tuple(container_from_list(c) for c in containers),
        images=tuple(image_from_list(i) for i in images),
        networks=tuple(network_from_api(n) for n in networks),
        volumes=tuple(volume_from_api(v) for v in volumes),
        info=info,
    )
