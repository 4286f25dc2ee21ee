"""Every host the user can switch to: docker contexts (read live) and ``[[hosts]]`` entries.

``host_targets`` is cheap (a directory listing and a few small JSON files) and is called
again whenever the Hosts view refreshes, so ``docker context create`` shows up at once.
``endpoint_for`` turns a row back into an Endpoint the control layer can start a Session on.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable, Mapping

from ..domain.errors import DockerError, ErrorKind
from ..domain.host_entries import HostEntry
from ..domain.hosts import HostTarget, transport_of
from .contexts import list_contexts
from .endpoint import Endpoint, resolve


def host_targets(entries: Iterable[HostEntry] = (), env: Mapping[str, str] | None = None) -> tuple[HostTarget, ...]:
    """Configured hosts first (in the file's order), then every docker context."""
    contexts = list_contexts(env)
    by_name = {c.name: c for c in contexts}
    out: list[HostTarget] = []
    for e in entries:
        ctx = by_name.get(e.context) if e.context else None
        error = e.error or (f"no docker context named {e.context!r}" if e.context and ctx is None else "")
        address = e.url or (ctx.host if ctx else "")
        out.append(
            HostTarget(
                key=e.name, source="config", address=address, context=e.context, group=e.group, readonly=e.readonly,
                colour=e.colour, transport=ctx.transport if ctx else transport_of(address) if address else "", error=error,
            )  # fmt: skip
        )
    for c in contexts:
        out.append(
            HostTarget(
                key=c.name, source="context", address=c.host, context=c.name, description=c.description,
                current=c.current, transport=c.transport, error=c.error,
            )  # fmt: skip
        )
    return tuple(out)


def endpoint_for(target: HostTarget, env: Mapping[str, str] | None = None) -> Endpoint:
    """The Endpoint for one row. Raises DockerError(CONFIG) for an unusable one."""
    if target.error:
        raise DockerError(ErrorKind.CONFIG, f"{target.key}: {target.error}")
    if target.source == "context":
        ep = resolve(context=target.context, env=env)
        return ep
    if target.context:
        ep = resolve(context=target.context, env=env)
    else:
        ep = replace(resolve(host=target.address, env=env), source="config-host")
    return replace(ep, name=target.key, readonly=target.readonly)


def endpoint_for_entry(entry: HostEntry, env: Mapping[str, str] | None = None) -> Endpoint:
    target = next(t for t in host_targets((entry,), env) if t.source == "config")
    return endpoint_for(target, env)


def _short_name(url: str) -> str:
    """A host key from a URL: ssh://user@box -> box, tcp://h:2376 -> h:2376,
    unix:///x/host1/docker.sock -> host1, unix:///run/podman.sock -> podman.sock."""
    scheme, _, rest = url.partition("://")
    if scheme in ("unix", "npipe"):
        parts = [p for p in rest.split("/") if p]
        if len(parts) >= 2 and parts[-1] == "docker.sock":
            return parts[-2]
        return parts[-1] if parts else url
    rest = rest.split("/", 1)[0]
    return rest.rsplit("@", 1)[-1] or url


_SCHEME_AT = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def split_host_spec(spec: str) -> tuple[str, str]:
    """``-H [NAME=]URL`` as (name, url), name "" when none: the name ends at the ``=`` that
    a scheme or a socket path follows (so a name may hold ``=``: ``env=eu=ssh://h``), else at
    the first ``=`` when what precedes it is no address (``lab=h:2375``)."""
    for at, char in enumerate(spec):
        if char == "=" and at and (_SCHEME_AT.match(spec, at + 1) or spec.startswith("/", at + 1)):
            name = spec[:at]
            if "://" not in name and not name.startswith("/"):
                return name, spec[at + 1 :]
            break
    name, sep, url = spec.partition("=")
    if not sep or "://" in name or name.startswith("/") or not name:
        return "", spec
    return name, url


def fleet_sources(
    hosts: Iterable[str] = (),
    contexts: Iterable[str] = (),
    *,
    all_contexts: bool = False,
    entries: Iterable[HostEntry] = (),
    env: Mapping[str, str] | None = None,
) -> list[tuple[str, Endpoint]]:
    """(key, Endpoint) for every host given: ``-H [NAME=]URL`` (repeatable), ``-c NAME``
    (repeatable), every context (``--all-contexts``), and configured ``[[hosts]]``
    entries. Keys are unique (a repeated name gets -2, -3…). Raises DockerError(CONFIG)."""
    from ..domain.sanitize import clean_name

    out: list[tuple[str, Endpoint]] = []
    taken: set[str] = set()

    def unique(name: str) -> str:
        name = clean_name(name).strip() or "host"
        key, n = name, 2
        while key in taken:
            key, n = f"{name}-{n}", n + 1
        taken.add(key)
        return key

    for spec in hosts:
        name, url = split_host_spec(spec)
        ep = resolve(host=url, env=env)
        key = unique(name or _short_name(ep.host))
        out.append((key, replace(ep, name=key)))
    names = list(contexts)
    if all_contexts:
        names += [c.name for c in list_contexts(env) if not c.error and c.name not in names]
    for name in names:
        ep = resolve(context=name, env=env)
        key = unique(name)
        out.append((key, replace(ep, name="" if key == name else key)))
    for e in entries:
        key = unique(e.name)
        target = next(t for t in host_targets((e,), env) if t.source == "config")
        out.append((key, replace(endpoint_for(target, env), name=key)))
    return out
