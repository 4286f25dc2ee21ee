"""The run form: a new container from an image, with the fields ``docker run`` users reach for."""

from __future__ import annotations

from ...domain import run_spec
from ...domain.models import Network
from .forms import Field, FormScreen


def build_spec(values: dict) -> run_spec.RunSpec:
    """The RunSpec for the form's values; SpecError (a ValueError) names the bad field."""
    return run_spec.build(
        values["image"],
        name=values["name"],
        command=values["command"],
        env=values["env"],
        ports=values["ports"],
        volumes=values["volumes"],
        network=values["network"] or "",
        restart=values["restart"] or "no",
    )


def run_form(image: str, networks: list[Network]) -> FormScreen:
    nets = [("default", "")] + [(n.name, n.name) for n in sorted(networks, key=lambda n: (n.builtin, n.name))]
    return FormScreen(
        f"Run a container from {image}",
        [
            Field("image", "Image", value=image),
            Field("name", "Name (optional)", placeholder="web"),
            Field("command", "Command (optional; shell quoting)", placeholder="sh -c 'httpd -f -p 80'"),
            Field("env", "Environment", placeholder="KEY=value OTHER='with spaces'"),
            Field("ports", "Ports", placeholder="8080:80 127.0.0.1:8443:443/tcp", help="host:container[/proto]; a user-defined network is needed to publish ports on daemons without the default bridge"),
            Field("volumes", "Volumes", placeholder="data:/data /srv/www:/www:ro"),
            Field("network", "Network", "select", "", choices=tuple(nets)),
            Field("restart", "Restart policy", "select", "no", choices=tuple((p, p) for p in run_spec.RESTART_POLICIES)),
        ],
        build_spec,
        verb="Run",
    )
