"""Attribution: quotes and reported speech, claims with certainty, cause → effect links."""

from .quotes import find_quotes, resolve_quotes

__all__ = ["find_quotes", "resolve_quotes"]
