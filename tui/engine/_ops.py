"""Decorators that turn ``func(client, ...)`` into ``func(actions, ...)``: read-only guard,
error translation and the client all come from Actions."""

from __future__ import annotations

import functools

from .actions import Actions


def mutating(func):
    @functools.wraps(func)
    def wrapper(actions: Actions, *args, **kwargs):
        return actions.call(func, *args, mutating=True, **kwargs)

    wrapper.mutating = True
    return wrapper


def reading(func):
    @functools.wraps(func)
    def wrapper(actions: Actions, *args, **kwargs):
        return actions.call(func, *args, mutating=False, **kwargs)

    wrapper.mutating = False
    return wrapper


def label_filters(filters: dict | None) -> dict:
    """Copy filters, turning single values into lists as the API expects."""
    return {k: list(v) if isinstance(v, (list, tuple)) else [v] for k, v in (filters or {}).items()}
