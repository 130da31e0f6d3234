"""Where events happened: places named in the text resolved to coordinates in an offline
gazetteer (`gazetteer.py`), chosen for each event by `locate.py`.

Public: `locate_events` (the pipeline stage), `country_place(code)` (the country-precision
place of an ISO alpha-3 code) and `admin1_code(place)` (GDELT-style ADM1 code)."""

from __future__ import annotations

from .gazetteer import admin1_code, country_place
from .locate import locate_events

__all__ = ["admin1_code", "country_place", "locate_events"]
