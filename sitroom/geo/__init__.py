"""Where events happened: places named in the text resolved to coordinates in an offline
gazetteer (see `locate.py`)."""

from __future__ import annotations

from .locate import locate_events

__all__ = ["locate_events"]
