"""The event-places stage (requires: actors, events; assigns: `Event.place`, and
`Event.location` where the place gives a country and the event had none)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..records import ArticleAnalysis

if TYPE_CHECKING:
    from spacy.tokens import Doc


def locate_events(analysis: ArticleAnalysis, doc: Doc) -> ArticleAnalysis:
    """Pipeline stage: fill `place` on events (not yet built: leaves them as they are)."""
    return analysis


__all__ = ["locate_events"]
