"""Mutating and reading actions on daemon objects. Blocking: call from worker threads.

Every failure becomes a DockerError. In read-only mode every mutating method raises
before any request is sent, as a second line behind the UI hiding those keys.
"""

from __future__ import annotations

from typing import Any, Callable

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # docker-py loads on the first connection, in the pump's thread: not on the UI's import path
    import docker

from .errors import DockerError, ErrorKind, translate


class ReadOnlyError(DockerError):
    def __init__(self, what: str) -> None:
        super().__init__(ErrorKind.CONFIG, f"read-only mode: {what} is disabled")


def _mutating(func):
    def wrapper(self: "Actions", *args, **kwargs):
        if self.readonly:
            raise ReadOnlyError(func.__name__.replace("_", " "))
        return self._call(func, *args, **kwargs)

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    wrapper.mutating = True
    return wrapper


def _reading(func):
    def wrapper(self: "Actions", *args, **kwargs):
        return self._call(func, *args, **kwargs)

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    wrapper.mutating = False
    return wrapper


class Actions:
    def __init__(self, get_client: Callable[[], docker.APIClient | None], endpoint: str, readonly: bool = False) -> None:
        self._get_client = get_client
        self.endpoint = endpoint
        self.readonly = readonly

    def _client(self) -> docker.APIClient:
        client = self._get_client()
        if client is None:
            raise DockerError(ErrorKind.UNREACHABLE, f"not connected to {self.endpoint}", self.endpoint)
        return client

    def _call(self, func, *args, **kwargs):
        try:
            return func(self, self._client(), *args, **kwargs)
        except DockerError:
            raise
        except Exception as exc:
            raise translate(exc, self.endpoint) from None

    def call(self, func: Callable[..., Any], *args, mutating: bool = True, **kwargs):
        """Run ``func(client, ...)`` behind the same read-only guard and error translation
        as the methods below; for engine modules that add actions of their own."""
        if mutating and self.readonly:
            raise ReadOnlyError(func.__name__.replace("_", " "))
        return self._call(lambda _self, client, *a, **kw: func(client, *a, **kw), *args, **kwargs)

    # Containers
    @_mutating
    def start(self, client, cid: str) -> None:
        client.start(cid)

    @_mutating
    def stop(self, client, cid: str, timeout: int = 10) -> None:
        client.stop(cid, timeout=timeout)

    @_mutating
    def restart(self, client, cid: str, timeout: int = 10) -> None:
        client.restart(cid, timeout=timeout)

    @_mutating
    def pause(self, client, cid: str) -> None:
        client.pause(cid)

    @_mutating
    def unpause(self, client, cid: str) -> None:
        client.unpause(cid)

    @_mutating
    def kill(self, client, cid: str, signal: str = "SIGKILL") -> None:
        client.kill(cid, signal=signal)

    @_mutating
    def remove_container(self, client, cid: str, force: bool = False, volumes: bool = False) -> None:
        client.remove_container(cid, force=force, v=volumes)

    @_mutating
    def rename_container(self, client, cid: str, name: str) -> None:
        client.rename(cid, name)

    # Images, networks, volumes
    @_mutating
    def remove_image(self, client, image_id: str, force: bool = False) -> None:
        client.remove_image(image_id, force=force)

    @_mutating
    def remove_network(self, client, nid: str) -> None:
        client.remove_network(nid)

    @_mutating
    def remove_volume(self, client, name: str, force: bool = False) -> None:
        client.remove_volume(name, force=force)

    # Reading
    @_reading
    def inspect_container(self, client, cid: str) -> dict[str, Any]:
        return client.inspect_container(cid)

    @_reading
    def inspect_image(self, client, image_id: str) -> dict[str, Any]:
        return client.inspect_image(image_id)

    @_reading
    def inspect_network(self, client, nid: str) -> dict[str, Any]:
        return client.inspect_network(nid)

    @_reading
    def inspect_volume(self, client, name: str) -> dict[str, Any]:
        return client.inspect_volume(name)

    @_reading
    def top(self, client, cid: str) -> dict[str, Any]:
        return client.top(cid)

    @_reading
    def diff(self, client, cid: str) -> list[dict[str, Any]]:
        return client.diff(cid) or []

    @_reading
    def df(self, client) -> dict[str, Any]:
        return client.df()
