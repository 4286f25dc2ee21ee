"""The application layer: the one road between the screens and the daemon.

``Control`` owns the session (the engine), the store (what the UI knows), the operations
runner (every daemon call from the UI), navigation (every ``open_*``) and the dialog flows.
Screens reach it as ``self.app.control``; it talks back through the store's signals and
imports no screen at module level.
"""

from .control import Control

__all__ = ["Control"]
