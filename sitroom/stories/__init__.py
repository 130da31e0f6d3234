"""Stories across sources: grouping articles, then what they agree and disagree on."""

from .cluster import (
    Clusterer,
    Item,
    Story,
    cluster,
    group_articles,
    headline,
    vectorise,
)
from .vectors import DocumentFrequencies, terms

__all__ = ["Clusterer", "DocumentFrequencies", "Item", "Story", "cluster", "group_articles",
           "headline", "terms", "vectorise"]
