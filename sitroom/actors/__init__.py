"""Actors: every mention of a political actor resolved to a CAMEO-coded identity."""

from .gazetteer import Entry, Gazetteer, load
from .resolve import find_mentions, resolve_actors

__all__ = ["Entry", "Gazetteer", "find_mentions", "load", "resolve_actors"]
