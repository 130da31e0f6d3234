"""Actors: every mention of a political actor resolved to a CAMEO-coded identity.

The resolver (`find_mentions`, `resolve_actors`) is loaded when first asked for: a module
that needs only the gazetteer (the web server's search) does not load spaCy with it."""

from __future__ import annotations

from typing import Any

from .gazetteer import Entry, Gazetteer, load

__all__ = ["Entry", "Gazetteer", "find_mentions", "load", "resolve_actors"]


def __getattr__(name: str) -> Any:
    if name in ("find_mentions", "resolve_actors"):
        from . import resolve

        return getattr(resolve, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
