"""Storage: SQLite by default, PostgreSQL by URL. All SQL of sitroom lives in this package."""

from .core import Planned, Store, article_key, database_url

__all__ = ["Planned", "Store", "article_key", "database_url"]
