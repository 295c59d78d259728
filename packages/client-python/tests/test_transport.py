"""The bounded attempt against a hostile gateway on 127.0.0.1:0 (the shared scenarios prove the
same against the reference mock; these cover what it does not send): a redirect is never
followed, answers are capped as received and once decoded, one deadline bounds the whole
attempt (a trickled body, and trickled headers), and an unusable 2xx is an API error."""

from __future__ import annotations

import gzip
import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from cec_cobrowse import ApiError, CobrowseClient, InternalServerError, ResponseTooLargeError, TimeoutError
from cec_cobrowse import generated as spec

MiB = 1024 * 1024
BOMB = gzip.compress(b"\0" * (32 * MiB), compresslevel=9)  # about 32 KiB, 32 MiB once decoded


class Hostile(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    answer: Callable[[Hostile], None]
    hits: list[str]

    def log_message(self, *_: Any) -> None:
        pass

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.hits.append(self.path)
        try:
            if self.path.endswith(spec.TOKEN_OPERATION):
                self.json(
                    200,
                    {
                        "AccessToken": "tok-hostile-0123456789",
                        "ApplyType": "Bearer",
                        "CreateTime": str(int(time.time())),
                        "Expires": "600",
                    },
                )
            else:
                type(self).answer(self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading: what these tests want

    def json(self, status: int, body: Any, headers: dict[str, str] = {}) -> None:  # noqa: B006
        data = json.dumps(body).encode()
        self.send_response(status)
        for k, v in {"Content-Type": "application/json", "Content-Length": str(len(data)), **headers}.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def slowly(self, data: bytes, every: float = 0.05) -> None:
        end = time.time() + 10
        for i in range(len(data)):
            if time.time() > end:
                return
            self.wfile.write(data[i : i + 1])
            self.wfile.flush()
            time.sleep(every)


@pytest.fixture()
def gateway() -> Iterator[Callable[..., CobrowseClient]]:
    servers: list[ThreadingHTTPServer] = []

    def start(answer: Callable[[Hostile], None], hits: list[str]) -> int:
        handler = type("Handler", (Hostile,), {"answer": staticmethod(answer), "hits": hits})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(server)
        return server.server_address[1]

    def client(answer: Callable[[Hostile], None], hits: list[str] | None = None, **options: Any) -> CobrowseClient:
        port = start(answer, hits if hits is not None else [])
        options = {"max_retries": 0, "timeout": 2.0, **options}
        return CobrowseClient(
            base_url=f"http://127.0.0.1:{port}",
            app_key="k",
            app_secret="app-secret-for-tests",
            tenant_space_id="t",
            **options,
        )

    client.start = start  # type: ignore[attr-defined]
    yield client
    for server in servers:
        server.shutdown()
        server.server_close()


def test_a_redirect_is_an_error_naming_its_location_and_is_not_followed(gateway: Any) -> None:
    elsewhere: list[str] = []
    other = gateway.start(lambda h: h.json(200, {}), elsewhere)

    def redirect(h: Hostile) -> None:
        h.send_response(307)
        h.send_header("Location", f"http://localhost:{other}{h.path}")
        h.send_header("Content-Length", "0")
        h.end_headers()

    with pytest.raises(ApiError) as caught:
        gateway(redirect, max_retries=2).get_connection_info("recorder", "room-1")
    assert caught.value.status == 307 and type(caught.value) is ApiError
    assert f"http://localhost:{other}/" in (caught.value.error_reason or "")
    assert elsewhere == []  # neither the token nor the app key went there


def test_an_answer_larger_than_the_cap_as_received(gateway: Any) -> None:
    def flood(h: Hostile) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(8 * MiB))
        h.end_headers()
        for _ in range(128):
            h.wfile.write(b" " * (64 * 1024))

    hits: list[str] = []
    with pytest.raises(ResponseTooLargeError) as caught:
        gateway(flood, hits, max_response_bytes=MiB, max_retries=2).get_connection_info("recorder", "room-1")
    assert (caught.value.limit, caught.value.decoded, caught.value.status) == (MiB, False, 200)
    assert len(hits) == 2  # the token request, one attempt: not retried


def test_a_gzip_bomb_is_stopped_once_decoded_past_the_cap(gateway: Any) -> None:
    def bomb(h: Hostile) -> None:
        h.send_response(200)
        for k, v in {
            "Content-Type": "application/json",
            "Content-Encoding": "gzip",
            "Content-Length": str(len(BOMB)),
        }.items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(BOMB)

    with pytest.raises(ResponseTooLargeError) as caught:
        gateway(bomb, max_response_bytes=MiB).get_connection_info("recorder", "room-1")
    assert caught.value.decoded is True
    assert "max_response_bytes (1048576 bytes) once decoded" in str(caught.value)


@pytest.mark.parametrize("what", ["body", "headers"])
def test_one_deadline_bounds_the_whole_attempt(gateway: Any, what: str) -> None:
    def trickle(h: Hostile) -> None:
        if what == "body":
            h.send_response(200)
            h.send_header("Content-Type", "application/json")
            h.send_header("Content-Length", "1000")
            h.end_headers()
            h.wfile.flush()
            h.slowly(b"{" + b" " * 999)
        else:
            h.slowly(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Padding: " + b"x" * 1000)

    client = gateway(trickle, timeout=0.5)
    client.get_token()
    started = time.monotonic()
    with pytest.raises(TimeoutError) as caught:
        client.get_connection_info("recorder", "room-1")
    elapsed = time.monotonic() - started
    assert caught.value.timeout == 0.5
    assert elapsed < 3.0, f"the attempt lasted {elapsed:.1f} s"  # generous: 0.5 s on an idle machine


@pytest.mark.parametrize(
    "content_type, body",
    [
        ("application/json", b'{"success": t'),
        ("text/html", b"<html>maintenance</html>"),
        ("application/octet-stream", b"\x00\x01"),
    ],
)
def test_not_json_on_a_200_is_an_api_error_with_the_status_and_request_id(
    gateway: Any, content_type: str, body: bytes
) -> None:
    def broken(h: Hostile) -> None:
        h.send_response(200)
        for k, v in {
            "Content-Type": content_type,
            "Content-Length": str(len(body)),
            "x-request-id": "req-broken",
        }.items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(body)

    hits: list[str] = []
    with pytest.raises(ApiError) as caught:
        gateway(broken, hits, max_retries=2).get_connection_info("recorder", "room-1")
    assert (type(caught.value), caught.value.status, caught.value.request_id) == (ApiError, 200, "req-broken")
    assert f"not JSON (Content-Type: {content_type})" in str(caught.value)
    assert caught.value.__context__ is None  # no raw JSONDecodeError behind it
    assert len(hits) == 2  # the token request, one attempt: not retried


def test_a_success_without_a_connection_is_an_api_error(gateway: Any) -> None:
    with pytest.raises(ApiError) as caught:
        gateway(
            lambda h: h.json(200, {"success": True, "errorCode": None, "errorReason": None, "data": {"roomId": "r"}})
        ).get_connection_info("recorder", "r")
    assert caught.value.status == 200
    assert "connectParam" in str(caught.value) and "wssUrl or wssUrlOut" in str(caught.value)


def test_an_echoed_token_never_shows(gateway: Any) -> None:
    def echo(h: Hostile) -> None:
        auth = h.headers.get("Authorization", "")
        h.json(
            503,
            {
                "success": False,
                "errorCode": 50300,
                "errorReason": f"busy (token: {auth})",
                "details": [{"in": "header", "name": "Authorization", "message": auth}],
            },
            {"X-Echo-Authorization": auth},
        )

    with pytest.raises(InternalServerError) as caught:
        gateway(echo, max_retries=1, retry_base_delay=0, retry_max_delay=0).get_connection_info("recorder", "r")
    error = caught.value
    shown = "\n".join([str(error), repr(error), repr(vars(error))])
    assert "tok-hostile" not in shown and "app-secret-for-tests" not in shown
    assert "busy (token: Bearer [REDACTED])" in shown
    assert error.details == [{"in": "header", "name": "Authorization", "message": "Bearer [REDACTED]"}]
    assert error.headers["X-Echo-Authorization"] == "Bearer [REDACTED]"
