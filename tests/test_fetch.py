"""The URL guard of sitroom/ingest/fetch.py: addresses, redirects, deadline and byte cap.

Every request goes to a server these tests start on 127.0.0.1; an autouse fixture fails any
test whose code tries to connect anywhere else.
"""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from typer.testing import CliRunner

from sitroom.cli import app
from sitroom.errors import FetchError, InputTooLarge, MalformedInput, UnsafeInput
from sitroom.ingest import IngestOptions, fetch, read_inputs
from sitroom.ingest.fetch import FetchPolicy, address_problem, fetch_url
from sitroom.records import Article

ARTICLE = ("The foreign ministers of both countries met in the capital on Monday and agreed "
           "to reopen the border crossing, officials said after the talks.\n") * 3
BIG = 5000
CAP = 1000


class Handler(BaseHTTPRequestHandler):
    seen: list[str] = []

    def log_message(self, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes = b"", sized: bool = True, **headers: str) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        if sized:
            self.send_header("Content-Length", str(len(body)))
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def _drip(self, data: bytes) -> None:
        """A byte a second, 8 bytes in all: a fetch without a deadline fails, not hangs."""
        try:
            for byte in data[:8]:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(1.0)
        except OSError:
            pass

    def do_GET(self) -> None:  # noqa: N802
        self.seen.append(self.path)
        routes = {
            "/ok": lambda: self._send(200, ARTICLE.encode(), Content_Type="text/plain"),
            "/host": lambda: self._send(200, self.headers["Host"].encode()),
            "/to-ok": lambda: self._send(302, Location="/ok"),
            "/to-ftp": lambda: self._send(302, Location="ftp://127.0.0.1/ok"),
            "/to-private": lambda: self._send(301, Location="http://10.0.0.5/ok"),
            "/loop": lambda: self._send(302, Location="/loop"),
            "/big": lambda: self._send(200, b"x" * BIG),
            "/big-unsized": lambda: self._send(200, b"x" * BIG, sized=False),
            "/missing": lambda: self._send(404),
        }
        if self.path in routes:
            routes[self.path]()
        elif self.path == "/drip-body":
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            self.wfile.flush()
            self._drip(b"x" * 100)
        elif self.path == "/drip-head":
            self._drip(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + b"x" * 100)


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.create_connection

    def guarded(address, *args, **kwargs):  # type: ignore[no-untyped-def]
        assert address[0] == "127.0.0.1", f"a test tried to connect to {address}"
        return real(address, *args, **kwargs)

    monkeypatch.setattr(fetch.socket, "create_connection", guarded)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def loopback_counts_as_public(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the test server stand in for a public host, so that what follows it is judged."""
    real = address_problem
    monkeypatch.setattr(fetch, "address_problem",
                        lambda address: None if address == "127.0.0.1" else real(address))


LOCAL = FetchPolicy(allow_private=True)


# -- addresses ---------------------------------------------------------------------------

@pytest.mark.parametrize(("address", "expected"), [
    ("127.0.0.1", "a loopback address"),
    ("127.8.9.10", "a loopback address"),
    ("10.0.0.5", "a private address"),
    ("172.16.0.1", "a private address"),
    ("192.168.1.1", "a private address"),
    ("169.254.169.254", "a link-local address"),
    ("0.0.0.0", "an unspecified address"),
    ("224.0.0.1", "a multicast address"),
    ("240.0.0.1", "a private address"),
    ("100.64.0.1", "not a global address"),
    ("::1", "a loopback address"),
    ("::", "an unspecified address"),
    ("fe80::1", "a link-local address"),
    ("fc00::1", "a private address"),
    ("ff02::1", "a multicast address"),
    ("fec0::1", "a site-local address"),
    ("::ffff:127.0.0.1", "a loopback address (::ffff:127.0.0.1 carries IPv4 127.0.0.1)"),
    ("::ffff:10.0.0.5", "a private address (::ffff:10.0.0.5 carries IPv4 10.0.0.5)"),
    ("2002:7f00:1::", "a loopback address (2002:7f00:1:: carries IPv4 127.0.0.1)"),
    ("64:ff9b::a9fe:a9fe", "a link-local address (64:ff9b::a9fe:a9fe carries IPv4 "
                           "169.254.169.254)"),
    ("93.184.216.34", None),
    ("8.8.8.8", None),
    ("2606:4700:4700::1111", None),
    ("::ffff:93.184.216.34", None),
    ("64:ff9b::5db8:d822", None),
    ("2002:5db8:d822::1", None),
    ("2001:0:4136:e378:8000:63bf:a247:27dd", "a private address"),
])
def test_fetch_address_problem_names_the_range(address, expected):
    assert address_problem(address) == expected


def test_fetch_refuses_a_host_when_any_address_is_private(monkeypatch):
    policy = FetchPolicy(resolve=lambda host, port: ["93.184.216.34", "10.0.0.5"])
    with pytest.raises(UnsafeInput) as caught:
        fetch_url("http://news.example/a", CAP, policy)
    assert caught.value.reason == ("refused: news.example resolves to 10.0.0.5, a private "
                                   "address (use --allow-private)")


def test_fetch_connects_to_the_address_it_checked(monkeypatch):
    calls: list[tuple[str, int]] = []
    connected: list[tuple[str, int]] = []

    def resolve(host, port):  # type: ignore[no-untyped-def]
        calls.append((host, port))
        return ["93.184.216.34"]

    def refuse(address, *args, **kwargs):  # type: ignore[no-untyped-def]
        connected.append(address)
        raise ConnectionRefusedError("not in tests")

    monkeypatch.setattr(fetch.socket, "create_connection", refuse)
    with pytest.raises(FetchError):
        fetch_url("http://news.example:8080/a", CAP, FetchPolicy(resolve=resolve))
    assert calls == [("news.example", 8080)]
    assert connected == [("93.184.216.34", 8080)]


# -- the test server ---------------------------------------------------------------------

def test_fetch_local_server_refused_by_default(server):
    Handler.seen.clear()
    with pytest.raises(UnsafeInput) as caught:
        fetch_url(server + "/ok", CAP * 10)
    assert caught.value.reason == "refused: 127.0.0.1 is a loopback address (use --allow-private)"
    assert Handler.seen == []


def test_fetch_local_server_fetched_with_allow_private(server):
    fetched = fetch_url(server + "/ok", CAP * 10, LOCAL)
    assert fetched.content == ARTICLE.encode()
    assert fetched.content_type == "text/plain"


def test_fetch_pinned_address_keeps_the_host_header(server):
    port = server.rsplit(":", 1)[1]
    calls: list[str] = []

    def resolve(host, port):  # type: ignore[no-untyped-def]
        calls.append(host)
        return ["127.0.0.1"]

    policy = FetchPolicy(allow_private=True, resolve=resolve)
    fetched = fetch_url(f"http://news.example:{port}/host", CAP, policy)
    assert fetched.content == f"news.example:{port}".encode()
    assert calls == ["news.example"]


@pytest.mark.parametrize(("path", "reason"), [
    ("/to-ftp", "refused: redirect to ftp://127.0.0.1/ok: only http and https URLs are "
                "fetched"),
    ("/to-private", "refused: redirect to http://10.0.0.5/ok: 10.0.0.5 is a private address "
                    "(use --allow-private)"),
])
def test_fetch_redirect_rechecked(server, loopback_counts_as_public, path, reason):
    with pytest.raises(UnsafeInput) as caught:
        fetch_url(server + path, CAP * 10)
    assert caught.value.reason == reason


def test_fetch_redirect_to_ftp_refused_even_with_allow_private(server):
    with pytest.raises(UnsafeInput, match="only http and https"):
        fetch_url(server + "/to-ftp", CAP * 10, LOCAL)


def test_fetch_redirect_followed_when_allowed(server):
    fetched = fetch_url(server + "/to-ok", CAP * 10, LOCAL)
    assert fetched.url == server + "/ok"
    assert fetched.content == ARTICLE.encode()


def test_fetch_redirect_loop_stops(server):
    Handler.seen.clear()
    with pytest.raises(FetchError, match="more than 3 redirects"):
        fetch_url(server + "/loop", CAP, FetchPolicy(allow_private=True, max_redirects=3))
    assert Handler.seen == ["/loop"] * 4


def test_fetch_http_error_named(server):
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_url(server + "/missing", CAP, LOCAL)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/a", "gopher://x/"])
def test_fetch_scheme_refused(url):
    with pytest.raises(UnsafeInput, match="only http and https"):
        fetch_url(url, CAP, LOCAL)


@pytest.mark.parametrize("path", ["/drip-body", "/drip-head"])
def test_fetch_dripping_server_cut_at_deadline(server, path):
    policy = FetchPolicy(allow_private=True, deadline_s=2.0)
    started = time.monotonic()
    with pytest.raises(FetchError, match="within the 2 s deadline"):
        fetch_url(server + path, CAP, policy)
    assert time.monotonic() - started < 3.0


@pytest.mark.parametrize("path", ["/big", "/big-unsized"])
def test_fetch_body_over_cap_refused(server, path):
    with pytest.raises(InputTooLarge, match=f"{CAP:,}-byte limit"):
        fetch_url(server + path, CAP, LOCAL)


# -- through the readers and the command line --------------------------------------------

@pytest.mark.parametrize(("allow_private", "outcome"), [(False, UnsafeInput), (True, Article)])
def test_fetch_readers_pass_allow_private(server, allow_private, outcome):
    options = IngestOptions(allow_network=True, allow_private=allow_private)
    results = list(read_inputs([server + "/ok"], options))
    assert [type(r) for r in results] == [outcome]


@pytest.mark.parametrize("command", ["ingest", "analyze", "extract", "cluster", "brief"])
def test_fetch_cli_commands_take_allow_private(command):
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "--allow-private" in result.output


@pytest.mark.parametrize(("flags", "stored"), [([], False), (["--allow-private"], True)])
def test_fetch_cli_ingest_refuses_then_fetches(server, tmp_path, flags, stored):
    db = str(tmp_path / "t.db")
    result = CliRunner().invoke(app, ["ingest", server + "/ok", "--allow-network",
                                      "--db", db, *flags])
    refused = (f"{server}/ok: refused: 127.0.0.1 is a loopback address "
               "(use --allow-private)")
    assert (refused in result.output) is not stored
    assert (result.exit_code == 0) is stored


def test_fetch_feed_content_naming_a_file_is_not_opened(tmp_path):
    secret = tmp_path / "secret.rss"
    secret.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>S</title>'
                      "<item><title>Secret</title><description>" + ARTICLE +
                      "</description></item></channel></rss>")
    pointer = tmp_path / "pointer.rss"
    pointer.write_text(str(secret))
    results = list(read_inputs([str(pointer)], IngestOptions(input_format="feed")))
    assert [type(r) for r in results] == [MalformedInput]


# -- https: the pinned connection still verifies the URL's host ---------------------------

@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make the test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = str(folder / "cert.pem"), str(folder / "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-keyout", key, "-out", cert, "-subj", "/CN=news.example",
                    "-addext", "subjectAltName=DNS:news.example"],
                   check=True, capture_output=True)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield str(httpd.server_address[1]), cert
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize(("host", "verified"), [("news.example", True),
                                                ("other.example", False)])
def test_fetch_https_pinned_checks_the_certificate_of_the_host(tls_server, monkeypatch,
                                                               host, verified):
    port, cert = tls_server
    trusting = ssl.create_default_context(cafile=cert)
    monkeypatch.setattr(fetch.ssl, "create_default_context", lambda: trusting)
    policy = FetchPolicy(allow_private=True, resolve=lambda host, port: ["127.0.0.1"])
    url = f"https://{host}:{port}/host"
    if verified:
        assert fetch_url(url, CAP, policy).content == f"{host}:{port}".encode()
    else:
        with pytest.raises(FetchError, match="certificate verify failed"):
            fetch_url(url, CAP, policy)


def test_fetch_unresolvable_host_named():
    def fail(host, port):  # type: ignore[no-untyped-def]
        raise socket.gaierror(-2, "Name or service not known")

    with pytest.raises(FetchError) as caught:
        fetch_url("http://nowhere.example/a", CAP, FetchPolicy(resolve=fail))
    assert caught.value.reason == ("could not resolve nowhere.example ([Errno -2] Name or "
                                   "service not known)")


def test_fetch_hanging_resolver_cut_at_deadline():
    started = time.monotonic()
    policy = FetchPolicy(deadline_s=1.0, resolve=lambda host, port: time.sleep(5) or [])
    with pytest.raises(FetchError, match="within the 1 s deadline"):
        fetch_url("http://slow-dns.example/a", CAP, policy)
    assert time.monotonic() - started < 2.0
