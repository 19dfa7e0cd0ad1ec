"""Request bodies: read whole (within the endpoint's size limit and the worker's read budget,
see :mod:`sync.server.admission`), gunzipped when sent compressed, and the bytes as sent kept for
the signature check.

A pure ASGI middleware, so the endpoint sees an ordinary uncompressed body while
``scope["kiosk.raw_body"]`` holds exactly what came over the wire (what the kiosk signed).
"""

from __future__ import annotations

import zlib
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from sync.protocol import MAX_BODY_BYTES, ErrorBody, ErrorCode
from sync.server.admission import RETRY_AFTER_S, BodyLease, ReadBudget, body_limit

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

RAW_BODY = "kiosk.raw_body"
"""The body exactly as received (what the signature covers)."""
BODY = "kiosk.body"
"""The body after gunzip (what the endpoint parses)."""


class BodyRefused(Exception):
    """A body the server will not read (on): answered at once, and the connection closed, since
    the rest of the body may still be on its way."""

    def __init__(
        self, status: int, code: ErrorCode, message: str, *, retry_after_s: int | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.retry_after_s = retry_after_s


def gunzip(data: bytes, limit: int = MAX_BODY_BYTES) -> bytes:
    """Decompresses a gzip body, refusing (``BodyRefused``) more than ``limit`` bytes of output
    (a small "zip bomb" must not fill the memory) or a damaged stream."""
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = decompressor.decompress(data, limit + 1)
    except zlib.error as exc:
        raise BodyRefused(400, ErrorCode.INVALID_REQUEST, "The gzip body is damaged.") from exc
    if len(out) > limit or decompressor.unconsumed_tail:
        raise BodyRefused(413, ErrorCode.TOO_LARGE, f"The body is larger than {limit} bytes once unpacked.")
    if not decompressor.eof:
        raise BodyRefused(400, ErrorCode.INVALID_REQUEST, "The gzip body is cut short.")
    return out


class BodyMiddleware:
    """Reads each request body within its endpoint's limit and the worker's read budget
    (:mod:`sync.server.admission`), before any endpoint (and so before any signature check)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        limit_for: Callable[[str], int] = body_limit,
        budget: ReadBudget | None = None,
    ) -> None:
        self.app = app
        self.limit_for = limit_for
        self.budget = budget if budget is not None else ReadBudget()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            if scope["type"] == "http":
                scope[RAW_BODY] = scope[BODY] = b""
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(str(scope.get("path", "")))
        headers = [(name, value) for name, value in scope["headers"]]
        lease = self.budget.lease()
        try:
            try:
                declared = _declared_length(headers)
                if declared is not None and declared > limit:
                    raise BodyRefused(413, ErrorCode.TOO_LARGE, f"The body is larger than {limit} bytes.")
                if declared is not None and not await lease.grow(declared):
                    raise _busy()
                raw = await self._read(receive, limit, lease)
                body = raw
                encoding = (
                    next((value for name, value in headers if name == b"content-encoding"), b"")
                    .strip()
                    .lower()
                )
                if encoding == b"gzip":
                    body = await _inflate(raw, limit, lease)
                elif encoding not in (b"", b"identity"):
                    raise BodyRefused(415, ErrorCode.INVALID_REQUEST, "Only gzip bodies are accepted.")
            except BodyRefused as refused:
                await _refuse(send, refused)
                return
            scope[RAW_BODY] = raw
            scope[BODY] = body
            scope["headers"] = [
                (name, value)
                for name, value in headers
                if name not in (b"content-encoding", b"content-length")
            ] + [(b"content-length", str(len(body)).encode())]
            delivered = False

            async def replay() -> Message:
                nonlocal delivered
                if not delivered:
                    delivered = True
                    return {"type": "http.request", "body": body, "more_body": False}
                return await receive()

            await self.app(scope, replay, send)
        finally:
            await lease.close()

    async def _read(self, receive: Receive, limit: int, lease: BodyLease) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise BodyRefused(400, ErrorCode.INVALID_REQUEST, "The client went away.")
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise BodyRefused(413, ErrorCode.TOO_LARGE, f"The body is larger than {limit} bytes.")
            # A body sent without a length reserves as it arrives; a declared one is reserved already.
            if not await lease.grow(size - lease.held):
                raise _busy()
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


_INFLATE_STEP = 256 * 1024


async def _inflate(raw: bytes, limit: int, lease: BodyLease) -> bytes:
    """:func:`gunzip`, reserving each unpacked piece in the request's lease as it comes."""
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    pieces: list[bytes] = []
    size = 0
    pending = raw
    while True:
        try:
            piece = decompressor.decompress(pending, _INFLATE_STEP)
        except zlib.error as exc:
            raise BodyRefused(400, ErrorCode.INVALID_REQUEST, "The gzip body is damaged.") from exc
        pending = decompressor.unconsumed_tail
        size += len(piece)
        if size > limit:
            raise BodyRefused(
                413, ErrorCode.TOO_LARGE, f"The body is larger than {limit} bytes once unpacked."
            )
        if not await lease.grow(len(piece)):
            raise _busy()
        pieces.append(piece)
        if decompressor.eof or (not pending and len(piece) < _INFLATE_STEP):
            break
    if not decompressor.eof:
        raise BodyRefused(400, ErrorCode.INVALID_REQUEST, "The gzip body is cut short.")
    return b"".join(pieces)


def _declared_length(headers: list[tuple[bytes, bytes]]) -> int | None:
    value = next((value for name, value in headers if name == b"content-length"), None)
    if value is None:
        return None
    try:
        length = int(value)
    except ValueError as exc:
        raise BodyRefused(400, ErrorCode.INVALID_REQUEST, "The Content-Length is not a number.") from exc
    if length < 0:
        raise BodyRefused(400, ErrorCode.INVALID_REQUEST, "The Content-Length is negative.")
    return length


def _busy() -> BodyRefused:
    return BodyRefused(
        503,
        ErrorCode.UNAVAILABLE,
        f"The server is busy reading other requests; try again in {RETRY_AFTER_S} seconds.",
        retry_after_s=RETRY_AFTER_S,
    )


async def _refuse(send: Send, refused: BodyRefused) -> None:
    body = ErrorBody(code=refused.code, message=refused.message).model_dump_json().encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    if refused.retry_after_s is not None:
        headers.append((b"retry-after", str(refused.retry_after_s).encode()))
    await send({"type": "http.response.start", "status": refused.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
