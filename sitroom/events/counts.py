"""The event-counts stage (requires: events; assigns: `Event.fatalities`, `injured`,
`arrested`, `displaced`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..records import ArticleAnalysis

if TYPE_CHECKING:
    from spacy.tokens import Doc


def count_events(analysis: ArticleAnalysis, doc: Doc) -> ArticleAnalysis:
    """Pipeline stage: fill the counts of people on events (not yet built)."""
    return analysis


__all__ = ["count_events"]
