"""sitroom: an evidence-linked situation model from a pile of news articles."""

__version__ = "0.1.0"
