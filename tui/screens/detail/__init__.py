"""The container detail screen and its tabs."""

from .screen import ContainerDetailScreen

__all__ = ["ContainerDetailScreen"]
