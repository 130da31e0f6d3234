"""sitroom: an evidence-linked situation model from a pile of news articles.

    import sitroom
    for analysis in sitroom.analyze(sitroom.read_articles(["news/"])):
        print(analysis.article.title, len(analysis.sentences))
    db = sitroom.open("sitroom.db")
    db.events(actor="PRK")          # a pandas DataFrame
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

from .errors import InputError, NotFound, SitroomError  # noqa: E402
from .ingest import IngestOptions, read_inputs  # noqa: E402
from .pipeline import analyze, analyze_text  # noqa: E402
from .records import (  # noqa: E402
    Actor,
    Article,
    ArticleAnalysis,
    CausalLink,
    Claim,
    Event,
    Mention,
    Quote,
    Span,
)
from .store import Store  # noqa: E402

if TYPE_CHECKING:
    from .notebook import Database


def read_articles(paths: list[str], options: IngestOptions | None = None) -> list[Article]:
    """The articles of `paths`, skipping (not raising on) inputs that cannot be read."""
    return [a for a in read_inputs(paths, options or IngestOptions()) if isinstance(a, Article)]


def open(db: str = "sitroom.db") -> Database:  # noqa: A001 - `sitroom.open` reads naturally
    """Open (creating and migrating if needed) a sitroom database: a path or a URL. Its
    listings (`events()`, `actors()`, `quotes()`, `claims()`, `stories()`) are DataFrames;
    the rest of `Store` is there too."""
    from .notebook import Database

    return Database(db)


__all__ = [
    "Actor", "Article", "ArticleAnalysis", "CausalLink", "Claim", "Event", "IngestOptions",
    "InputError", "Mention", "NotFound", "Quote", "SitroomError", "Span", "Store",
    "__version__", "analyze", "analyze_text", "open", "read_articles", "read_inputs",
]
