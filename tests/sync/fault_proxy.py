"""A fault-injecting HTTP/1.1 proxy on loopback, between a kiosk and the real server.

It reads each request and each response as HTTP messages (``Content-Length`` or chunked
bodies), so it can misbehave per exchange, as a bad mobile line or a failing load balancer
would:

* ``drop_request``   — closes the kiosk's connection before the request reaches the server;
* ``drop_response``  — forwards the request (the server applies it), then closes without an answer;
* ``delay``          — waits ``delay_s`` before forwarding;
* ``error_500``      — answers 500 itself, the server never sees the request;
* ``error_500_after``— forwards the request (applied), then answers 500 instead of the answer;
* ``truncate``       — forwards, then sends only part of the answer and closes;
* ``duplicate``      — forwards, then sends the answer twice on the kept-alive connection;
* ``throttle``       — answers 429 with ``Retry-After: retry_after_s`` itself.

Faults are drawn from a seeded RNG, per exchange, with the given probabilities; ``counts``
records what happened, so a test can prove each fault really occurred. Each kiosk
connection gets its own upstream connection, kept alive like the kiosk's. With ``record``
it keeps every request it forwards (head and body as framed), as a snooping proxy would.
"""

from __future__ import annotations

import contextlib
import random
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass

FAULTS = (
    "drop_request",
    "drop_response",
    "delay",
    "error_500",
    "error_500_after",
    "truncate",
    "duplicate",
    "throttle",
)


@dataclass
class FaultPlan:
    drop_request: float = 0.0
    drop_response: float = 0.0
    delay: float = 0.0
    error_500: float = 0.0
    error_500_after: float = 0.0
    truncate: float = 0.0
    duplicate: float = 0.0
    throttle: float = 0.0
    delay_s: float = 0.05
    retry_after_s: int = 0
    paths: tuple[str, ...] = ("/v1/",)
    """Only requests whose path starts with one of these are faulted."""

    def draw(self, rng: random.Random) -> str | None:
        roll = rng.random()
        for name in FAULTS:
            probability = float(getattr(self, name))
            if roll < probability:
                return name
            roll -= probability
        return None


class HttpMessageError(Exception):
    """The peer closed the connection or sent something that is not HTTP/1.1."""


class _Reader:
    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buffer = b""

    def _fill(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise HttpMessageError("connection closed")
        self.buffer += chunk

    def until(self, marker: bytes) -> bytes:
        while marker not in self.buffer:
            if len(self.buffer) > 1_000_000:
                raise HttpMessageError("header too long")
            self._fill()
        head, _, self.buffer = self.buffer.partition(marker)
        return head + marker

    def exactly(self, size: int) -> bytes:
        while len(self.buffer) < size:
            self._fill()
        data, self.buffer = self.buffer[:size], self.buffer[size:]
        return data

    def message(self, *, response_to: str | None = None) -> tuple[bytes, bytes]:
        """One message: (head, raw body as framed on the wire)."""
        head = self.until(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        status = lines[0].split(" ")[1] if response_to is not None else ""
        if response_to == "HEAD" or status in ("204", "304") or status.startswith("1"):
            return head, b""
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while True:
                size_line = self.until(b"\r\n")
                size = int(size_line.split(b";")[0].strip(), 16)
                body += size_line + self.exactly(size + 2)
                if size == 0:
                    return head, body
        return head, self.exactly(int(headers.get("content-length", "0")))


class FaultProxy:
    """``url`` forwards to ``upstream`` (``host:port``) with faults drawn from ``plan``."""

    def __init__(
        self, upstream_host: str, upstream_port: int, plan: FaultPlan, *, seed: int = 0, record: bool = False
    ) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.record = record
        self.recorded: list[tuple[bytes, bytes]] = []
        """With ``record``: (head, body) of every request forwarded upstream."""
        self.plan = plan
        self.rng = random.Random(seed)
        self.counts: Counter[str] = Counter()
        self.connections = 0
        self._lock = threading.Lock()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port: int = self._listener.getsockname()[1]
        self._stopping = threading.Event()
        self._open: set[socket.socket] = set()
        self._thread = threading.Thread(target=self._accept, name="fault-proxy", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        _close(self._listener)  # shutdown() wakes the thread blocked in accept()
        with self._lock:
            for sock in list(self._open):
                _close(sock)
        self._thread.join(timeout=5)

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    def set_plan(self, plan: FaultPlan) -> None:
        with self._lock:
            self.plan = plan

    def _draw(self, path: str) -> str | None:
        with self._lock:
            if not any(path.startswith(prefix) for prefix in self.plan.paths):
                return None
            fault = self.plan.draw(self.rng)
            self.counts["exchanges"] += 1
            if fault is not None:
                self.counts[fault] += 1
            return fault

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                self.connections += 1
                self._open.add(client)
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            self._exchanges(client)
        except OSError:
            return  # the kiosk hung up (it may, e.g. after a duplicated answer)

    def _exchanges(self, client: socket.socket) -> None:
        upstream: socket.socket | None = None
        try:
            reader = _Reader(client)
            upstream_reader: _Reader | None = None
            while not self._stopping.is_set():
                try:
                    head, body = reader.message()
                except (HttpMessageError, OSError, ValueError):
                    return
                request_line = head.split(b"\r\n", 1)[0].decode("latin-1")
                method, path = request_line.split(" ")[:2]
                fault = self._draw(path)
                if fault == "drop_request":
                    return
                if fault == "error_500":
                    client.sendall(_answer(500, b'{"detail":"injected"}'))
                    continue
                if fault == "throttle":
                    client.sendall(_answer(429, b"", {"Retry-After": str(self.plan.retry_after_s)}))
                    continue
                if fault == "delay":
                    time.sleep(self.plan.delay_s)
                if upstream is None:
                    upstream = socket.create_connection(self.upstream, timeout=60)
                    upstream_reader = _Reader(upstream)
                    with self._lock:
                        self._open.add(upstream)
                assert upstream_reader is not None
                if self.record:
                    with self._lock:
                        self.recorded.append((head, body))
                upstream.sendall(head + body)
                try:
                    response_head, response_body = upstream_reader.message(response_to=method)
                except (HttpMessageError, OSError, ValueError):
                    return
                response = response_head + response_body
                if fault == "drop_response":
                    return
                if fault == "error_500_after":
                    client.sendall(_answer(500, b'{"detail":"injected after"}'))
                    continue
                if fault == "truncate":
                    client.sendall(response[: max(1, len(response) - max(1, len(response_body) // 2) - 1)])
                    return
                client.sendall(response)
                if fault == "duplicate":
                    client.sendall(response)
                if b"connection: close" in response_head.lower():
                    return
        finally:
            for sock in (client, upstream):
                if sock is not None:
                    _close(sock)
                    with self._lock:
                        self._open.discard(sock)


def _answer(status: int, body: bytes, headers: dict[str, str] | None = None) -> bytes:
    reason = {429: "Too Many Requests", 500: "Internal Server Error"}.get(status, "Error")
    lines = [f"HTTP/1.1 {status} {reason}", f"Content-Length: {len(body)}", "Content-Type: application/json"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
