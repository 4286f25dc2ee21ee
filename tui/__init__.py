"""Dockyard: a terminal dashboard for Docker and Podman."""

__version__ = "0.1.0"
