"""A fixed State for pure and snapshot tests of the learning views (no daemon, no clock)."""

from __future__ import annotations

from types import MappingProxyType

from tui.domain.layers import Layer, LayerStack
from tui.domain.models import Attachment, Container, DaemonInfo, Image, Mount, Network, Port, Volume
from tui.domain.state import State

BASE = "sha256:" + "b" * 64
APP_A = "sha256:" + "a" * 64
APP_B = "sha256:" + "c" * 64
NET_FRONT = "f" * 64
NET_BACK = "e" * 64


def _c(cid: str, name: str, image_id: str, image: str, state: str, networks=(), mounts=(), ports=()) -> Container:
    return Container(id=cid, name=name, image=image, image_id=image_id, state=state, status=state, networks=networks, mounts=mounts, ports=ports)


def state() -> State:
    web = _c(
        "1" * 64, "web", APP_A, "shop/app:1", "running",
        networks=(Attachment("back", NET_BACK, "172.20.0.2"), Attachment("front", NET_FRONT, "172.19.0.2", aliases=("shop",))),
        mounts=(Mount("volume", "/data", "/var/lib/docker/volumes/shop-data/_data", "shop-data"), Mount("bind", "/etc/app.conf", "/srv/app.conf", rw=False)),
        ports=(Port(80, "tcp", "0.0.0.0", 8080),),
    )
    worker = _c("2" * 64, "worker", APP_A, "shop/app:1", "exited", networks=(Attachment("back", NET_BACK, ""),),
                mounts=(Mount("volume", "/data", "", "shop-data"),))
    cron = _c("3" * 64, "cron", APP_B, "shop/cron:1", "paused", networks=(Attachment("front", NET_FRONT, "172.19.0.3"),))
    images = (
        Image(BASE, tags=("busybox:latest",), size=1_984_172),
        Image(APP_A, tags=("shop/app:1",), size=1_984_174, parent_id=BASE),
        Image(APP_B, tags=("shop/cron:1",), size=1_984_174, parent_id=BASE),
    )
    networks = (
        Network(NET_FRONT, "front", "bridge", "local", ("172.19.0.0/16",)),
        Network(NET_BACK, "back", "bridge", "local", ("172.20.0.0/16",)),
        Network("9" * 64, "none", "null", "local"),
    )
    volumes = (Volume("shop-data", mountpoint="/var/lib/docker/volumes/shop-data/_data"), Volume("spare"))
    info = DaemonInfo(name="lab", engine_version="20.10.24", api_version="1.41", min_api_version="1.12", os="Debian GNU/Linux 12",
                      os_type="linux", arch="x86_64", kernel="6.1.0", storage_driver="overlay2", cgroup_driver="cgroupfs",
                      cgroup_version="1", logging_driver="json-file", ncpu=2, mem_total=4 << 30, containerd_version="1.6.20",
                      runc_version="1.1.5", registries=("127.0.0.1:5000 (insecure)", "docker.io (secure)"), plugins=(("Volume", "local"), ("Network", "bridge")))
    return State(
        containers=MappingProxyType({c.id: c for c in (web, worker, cron)}),
        images=MappingProxyType({i.id: i for i in images}),
        networks=MappingProxyType({n.id: n for n in networks}),
        volumes=MappingProxyType({v.name: v for v in volumes}),
        info=info,
        connection="live",
        synced=True,
    )


def app_stack() -> LayerStack:
    return LayerStack(
        APP_A,
        "shop/app:1",
        (
            Layer("sha256:" + "1" * 64, 1_984_172, "Imported from -", ("busybox:latest", "shop/cron:1")),
            Layer("sha256:" + "2" * 64, 2, "RUN echo a > /a"),
            Layer("sha256:" + "3" * 64, 2_048, "COPY app /app"),
        ),
        ('CMD ["sh"]',),
    )
