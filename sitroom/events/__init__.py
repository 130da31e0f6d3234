"""Events: who did what to whom, coded in CAMEO and PLOVER, with modality and arguments.

The coder (`Coder`, `resolve_events`) is loaded when first asked for: a module that needs
only, say, `events.arguments` (a brief's figures, in the web server) does not load spaCy."""

from __future__ import annotations

from typing import Any

from .codebook import Code, codebook, framed, lookup
from .lexicon import Lexicon, load

__all__ = ["Code", "Coder", "Lexicon", "codebook", "framed", "load", "lookup", "resolve_events"]


def __getattr__(name: str) -> Any:
    if name in ("Coder", "resolve_events"):
        from . import coder

        return getattr(coder, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
