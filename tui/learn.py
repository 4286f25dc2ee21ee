"""Opening the learning views from anywhere (dashboard keys, palette, the map): one place
that knows which view applies to which kind of object."""

from __future__ import annotations

from typing import Any

# view -> kinds it applies to (None: needs no object)
VIEWS: dict[str, tuple[str, ...] | None] = {
    "arch": None,
    "events": None,
    "map": ("containers", "images", "networks", "volumes"),
    "layers": ("containers", "images"),
    "isolation": ("containers",),
    "lifecycle": ("containers",),
    "concept": None,
}


def applies(view: str, kind: str | None, obj: Any) -> bool:
    kinds = VIEWS.get(view)
    if kinds is None:
        return view in VIEWS
    return obj is not None and kind in kinds


def open_view(app, view: str, kind: str | None = None, obj: Any = None, concept: str | None = None, **facts: Any) -> None:
    """facts: what a view already read (stack=, isolation=), so a concept card need not read it again."""
    if not applies(view, kind, obj):
        return
    if view == "arch":
        from .screens.architecture import ArchitectureScreen

        app.push_screen(ArchitectureScreen())
    elif view == "events":
        from .screens.events import EventsScreen

        app.push_screen(EventsScreen())
    elif view == "map":
        from .screens.relations import RelationsScreen

        app.push_screen(RelationsScreen(kind, obj))
    elif view == "layers":
        from .screens.layers import LayersScreen

        app.push_screen(LayersScreen(kind, obj))
    elif view == "isolation":
        from .screens.isolation import IsolationScreen

        app.push_screen(IsolationScreen(obj))
    elif view == "lifecycle":
        from .screens.lifecycle import LifecycleScreen

        app.push_screen(LifecycleScreen(obj))
    elif view == "concept":
        from .screens.concept import ConceptScreen, concept_for

        app.push_screen(ConceptScreen(concept or concept_for(kind), kind, obj, **facts))
