"""The one place where sitroom touches the network.

Only `sitroom … --allow-network` with an http(s) URL gets here. Tests pass their own
fetcher through `IngestOptions.fetcher`; no test reaches the network.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from .. import __version__
from ..errors import FetchError, InputTooLarge

TIMEOUT_SECONDS = 20


@dataclass(frozen=True)
class Fetched:
    url: str
    content: bytes
    content_type: str


class Fetcher(Protocol):
    def __call__(self, url: str, max_bytes: int) -> Fetched: ...


def fetch_url(url: str, max_bytes: int) -> Fetched:
    """GET `url` with a size cap; raise FetchError or InputTooLarge naming the URL."""
    request = urllib.request.Request(url, headers={"User-Agent": f"sitroom/{__version__}"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            content = response.read(max_bytes + 1)
            final_url = response.geturl()
            content_type = response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        raise FetchError(url, f"HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise FetchError(url, f"could not fetch ({exc})") from exc
    if len(content) > max_bytes:
        raise InputTooLarge(url, f"response larger than {max_bytes:,} bytes")
    return Fetched(final_url, content, content_type)
