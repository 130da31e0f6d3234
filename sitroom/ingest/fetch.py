"""The one place where sitroom touches the network.

Only `sitroom … --allow-network` with an http(s) URL gets here. Tests pass their own
fetcher through `IngestOptions.fetcher`; no test reaches the network.

The guard (docs/commands.md, "URLs"): http and https only; the host is resolved once and
refused when any of its addresses is not a global one (loopback, private, link-local,
multicast, reserved, …; IPv4 inside IPv6 is unwrapped first) unless `--allow-private`;
the connection goes to an address that was checked, never to a second lookup (a
`_PinnedConnection` connects to the checked IP and still sends the URL's host in the Host
header and as the TLS server name, so certificates are verified against the name); every
redirect goes through the same checks; a fetch has one wall-clock deadline, whatever the
server drips, and a byte cap. Proxies from the environment are not used: through a proxy
the address check would mean nothing.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urljoin, urlsplit

from .. import __version__
from ..errors import FetchError, InputTooLarge, UnsafeInput

DEADLINE_SECONDS = 30.0
MAX_REDIRECTS = 5
SCHEMES = ("http", "https")
REDIRECTS = (301, 302, 303, 307, 308)
CHUNK = 65536
# What makes an address not global, in the order a reason names it (ipaddress attributes).
NOT_GLOBAL = (
    ("is_unspecified", "an unspecified"), ("is_loopback", "a loopback"),
    ("is_link_local", "a link-local"), ("is_multicast", "a multicast"),
    ("is_private", "a private"), ("is_site_local", "a site-local"),
    ("is_reserved", "a reserved"),
)
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")

Resolver = Callable[[str, int], Sequence[str]]


@dataclass(frozen=True)
class Fetched:
    url: str
    content: bytes
    content_type: str
    status: int = 200  # 304: not modified since the validators sent (`FetchPolicy.headers`)
    etag: str | None = None
    last_modified: str | None = None


class Fetcher(Protocol):
    def __call__(self, url: str, max_bytes: int) -> Fetched: ...


# -- addresses ---------------------------------------------------------------------------

def _translated_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv4-mapped or NAT64 address stands for: it is judged alone."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _tunnelled_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses a 6to4 or Teredo address reaches besides the IPv6 address itself."""
    return [a for a in (ip.sixtofour, *(ip.teredo or ())) if a is not None]


def address_problem(address: str) -> str | None:
    """Why `address` is not a global address ("a private address", …), or None if it is."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address):
        translated = _translated_ipv4(ip)
        for inner in [translated] if translated else _tunnelled_ipv4(ip):
            problem = address_problem(str(inner))
            if problem:
                return f"{problem} ({address} carries IPv4 {inner})"
        if translated:
            return None
    for attribute, words in NOT_GLOBAL:
        if getattr(ip, attribute, False):
            return f"{words} address"
    if not ip.is_global:
        return "not a global address"
    return None


def resolve_host(host: str, port: int) -> list[str]:
    """Every address `host` resolves to for a TCP connection (an IP literal is itself)."""
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _resolve_within(resolve: Resolver, host: str, port: int, seconds: float) -> list[str]:
    """`resolve(host, port)` in a daemon thread, given up after `seconds`."""
    box: dict[str, object] = {}

    def work() -> None:
        try:
            box["addresses"] = list(resolve(host, port))
        except (OSError, UnicodeError, ValueError) as exc:
            box["error"] = exc

    thread = threading.Thread(target=work, name="sitroom-resolve", daemon=True)
    thread.start()
    thread.join(max(seconds, 0.0))
    if thread.is_alive():
        raise TimeoutError(f"resolving {host} took over the deadline")
    if "error" in box:
        raise LookupError(f"could not resolve {host} ({box['error']})")
    return box["addresses"]  # type: ignore[return-value]


def _refusal(url: str, hop: str, reason: str) -> UnsafeInput:
    where = "" if hop == url else f"redirect to {_shown(hop)}: "
    return UnsafeInput(url, f"refused: {where}{reason}")


def _shown(text: str) -> str:
    return text if text.isprintable() and len(text) <= 300 else ascii(text[:300])


def checked_addresses(url: str, hop: str, host: str, addresses: Sequence[str],
                      allow_private: bool) -> list[str]:
    """The addresses of `host` to connect to, or UnsafeInput naming the first bad one."""
    if not addresses:
        raise FetchError(url, f"{host} resolves to no address")
    if allow_private:
        return list(addresses)
    for address in addresses:
        problem = address_problem(address)
        if problem is None:
            continue
        literal = host.strip("[]").lower() == address.lower()
        said = f"{address} is {problem}" if literal else f"{host} resolves to {address}, {problem}"
        raise _refusal(url, hop, f"{said} (use --allow-private)")
    return list(addresses)


# -- one request -------------------------------------------------------------------------

@dataclass
class _Watchdog:
    """Cuts every connection of one fetch at its wall-clock deadline, whatever phase it is in."""

    deadline: float
    fired: bool = False
    sockets: list[socket.socket] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def watch(self, sock: socket.socket) -> None:
        with self.lock:
            # A duplicate shares the connection, so shutting it down ends reads on the
            # original even after TLS has taken the original over.
            self.sockets.append(sock.dup())
            if self.fired:
                self._cut()

    def fire(self) -> None:
        with self.lock:
            self.fired = True
            self._cut()

    def _cut(self) -> None:
        for sock in self.sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def close(self) -> None:
        with self.lock:
            for sock in self.sockets:
                sock.close()
            self.sockets.clear()


class _PinnedConnection:
    """Mixin: connect to the checked addresses instead of resolving the host again."""

    addresses: Sequence[str] = ()
    watchdog: _Watchdog | None = None

    def pin(self, addresses: Sequence[str], watchdog: _Watchdog) -> None:
        self.addresses, self.watchdog = addresses, watchdog
        self._create_connection = self._connect_pinned

    def _connect_pinned(self, where: tuple[str, int], timeout: float | None = None,
                        source_address: object = None) -> socket.socket:
        error: OSError = OSError("no address to connect to")
        for address in self.addresses:
            try:
                sock = socket.create_connection((address, where[1]), timeout)
            except OSError as exc:
                error = exc
                continue
            assert self.watchdog is not None
            self.watchdog.watch(sock)
            return sock
        raise error


class _PinnedHTTP(_PinnedConnection, http.client.HTTPConnection):
    pass


class _PinnedHTTPS(_PinnedConnection, http.client.HTTPSConnection):
    pass


def _open(scheme: str, host: str, port: int, path: str, addresses: Sequence[str],
          watchdog: _Watchdog, headers: Sequence[tuple[str, str]] = ()
          ) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse]:
    """Send GET `path` to the pinned addresses; the response with its headers read."""
    timeout = max(watchdog.left(), 0.001)
    conn: http.client.HTTPConnection
    if scheme == "https":
        conn = _PinnedHTTPS(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        conn = _PinnedHTTP(host, port, timeout=timeout)
    conn.pin(addresses, watchdog)  # type: ignore[attr-defined]
    conn.request("GET", path, headers={"User-Agent": f"sitroom/{__version__}",
                                       "Accept-Encoding": "identity", **dict(headers)})
    return conn, conn.getresponse()


def _read_body(url: str, response: http.client.HTTPResponse, max_bytes: int) -> bytes:
    """The body, refused as soon as it is over `max_bytes` (declared or received)."""
    declared = response.getheader("Content-Length", "")
    if declared.strip().isdigit() and int(declared) > max_bytes:
        raise InputTooLarge(url, f"response of {int(declared):,} bytes is over the "
                                 f"{max_bytes:,}-byte limit per input (--max-mb)")
    parts: list[bytes] = []
    size = 0
    while chunk := response.read1(CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise InputTooLarge(url, f"response is over the {max_bytes:,}-byte limit per "
                                     "input (--max-mb)")
        parts.append(chunk)
    return b"".join(parts)


# -- a fetch -----------------------------------------------------------------------------

@dataclass(frozen=True)
class FetchPolicy:
    """How URLs are fetched; calling it fetches (it is a `Fetcher`)."""

    allow_private: bool = False
    deadline_s: float = DEADLINE_SECONDS
    max_redirects: int = MAX_REDIRECTS
    resolve: Resolver = resolve_host
    # sent with every request: the validators of a conditional GET (If-None-Match,
    # If-Modified-Since), whose 304 answer is then a `Fetched` with status 304 and no content
    headers: tuple[tuple[str, str], ...] = ()

    def __call__(self, url: str, max_bytes: int) -> Fetched:
        return fetch_url(url, max_bytes, self)


def _target(url: str, hop: str, policy: FetchPolicy, watchdog: _Watchdog
            ) -> tuple[str, str, int, str, list[str]]:
    """Scheme, host, port, path and checked addresses of one hop, or the refusal."""
    try:
        parts = urlsplit(hop)
        port = parts.port
    except ValueError as exc:
        raise FetchError(url, f"malformed URL {_shown(hop)} ({exc})") from exc
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise _refusal(url, hop, "only http and https URLs are fetched")
    host = parts.hostname or ""
    if not host:
        raise FetchError(url, f"no host in {_shown(hop)}")
    port = port or (443 if scheme == "https" else 80)
    try:
        resolved = _resolve_within(policy.resolve, host, port, watchdog.left())
    except LookupError as exc:
        raise FetchError(url, str(exc)) from exc
    addresses = checked_addresses(url, hop, host, resolved, policy.allow_private)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return scheme, host, port, path, addresses


def _follow(url: str, max_bytes: int, policy: FetchPolicy, watchdog: _Watchdog) -> Fetched:
    hop = url
    for _ in range(policy.max_redirects + 1):
        scheme, host, port, path, addresses = _target(url, hop, policy, watchdog)
        conn, response = _open(scheme, host, port, path, addresses, watchdog, policy.headers)
        try:
            location = response.getheader("Location")
            if response.status in REDIRECTS and location:
                hop = urljoin(hop, location.strip())
                continue
            if response.status == 304 and _conditional(policy.headers):
                return Fetched(hop, b"", "", 304, *_validators(response))
            if not 200 <= response.status < 300:
                raise FetchError(url, f"HTTP {response.status} {response.reason}")
            content = _read_body(url, response, max_bytes)
            content_type = response.getheader("Content-Type", "")
        finally:
            conn.close()
        if watchdog.fired:  # a close-delimited body cut at the deadline looks complete
            raise TimeoutError("deadline")
        return Fetched(hop, content, content_type, response.status, *_validators(response))
    raise FetchError(url, f"refused: more than {policy.max_redirects} redirects")


def _conditional(headers: Sequence[tuple[str, str]]) -> bool:
    return any(name.lower() in ("if-none-match", "if-modified-since") for name, _ in headers)


def _validators(response: http.client.HTTPResponse) -> tuple[str | None, str | None]:
    """The response's ETag and Last-Modified, for the next conditional GET."""
    return response.getheader("ETag"), response.getheader("Last-Modified")


def fetch_url(url: str, max_bytes: int, policy: FetchPolicy | None = None) -> Fetched:
    """GET `url` under `policy`; raise UnsafeInput, FetchError or InputTooLarge naming it."""
    policy = policy or FetchPolicy()
    watchdog = _Watchdog(time.monotonic() + policy.deadline_s)
    timer = threading.Timer(policy.deadline_s, watchdog.fire)
    timer.daemon = True
    timer.start()
    try:
        return _follow(url, max_bytes, policy, watchdog)
    except (OSError, http.client.HTTPException, ValueError) as exc:
        if watchdog.fired or isinstance(exc, TimeoutError) or watchdog.left() <= 0:
            raise FetchError(url, f"no complete response within the {policy.deadline_s:g} s "
                                  "deadline per fetch") from exc
        raise FetchError(url, f"could not fetch ({exc})") from exc
    finally:
        timer.cancel()
        watchdog.close()
