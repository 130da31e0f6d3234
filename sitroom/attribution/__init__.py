"""Attribution: quotes and reported speech, claims with certainty, cause → effect links."""

from .causal import find_links
from .claims import resolve_claims
from .hedges import certainty_of, find_hedges
from .quotes import find_quotes, resolve_quotes

__all__ = ["certainty_of", "find_hedges", "find_links", "find_quotes", "resolve_claims",
           "resolve_quotes"]
