"""Events: who did what to whom, coded in CAMEO and PLOVER, with modality and arguments."""

from .codebook import Code, codebook, framed, lookup
from .coder import Coder, resolve_events
from .lexicon import Lexicon, load

__all__ = ["Code", "Coder", "Lexicon", "codebook", "framed", "load", "lookup", "resolve_events"]
