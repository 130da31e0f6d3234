"""Ingestion: files, directories, stdin, feeds and URLs to normalised `Article`s.

    paths ─▶ expand_inputs ─▶ read_input (bytes → format → records) ─▶ make_article
          (normalise text + metadata) ─▶ language check ─▶ Article | InputError
"""

from .dedup import Deduplicator, minhash_of
from .readers import FORMATS, IngestOptions, expand_inputs, read_input, read_inputs

__all__ = [
    "FORMATS", "Deduplicator", "IngestOptions", "expand_inputs", "minhash_of", "read_input",
    "read_inputs",
]
