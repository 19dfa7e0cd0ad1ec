"""Request bodies: read whole (with a size limit), gunzipped when sent compressed, and the bytes
as sent kept for the signature check.

A pure ASGI middleware, so the endpoint sees an ordinary uncompressed body while
``scope["kiosk.raw_body"]`` holds exactly what came over the wire (what the kiosk signed).
"""

from __future__ import annotations

import zlib
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from sync.protocol import MAX_BODY_BYTES, ErrorBody, ErrorCode

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
    def __init__(self, status: int, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


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
    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            if scope["type"] == "http":
                scope[RAW_BODY] = scope[BODY] = b""
            await self.app(scope, receive, send)
            return
        try:
            raw = await self._read(receive)
            body = raw
            headers = [(name, value) for name, value in scope["headers"]]
            encoding = (
                next((value for name, value in headers if name == b"content-encoding"), b"").strip().lower()
            )
            if encoding == b"gzip":
                body = gunzip(raw, self.limit)
            elif encoding not in (b"", b"identity"):
                raise BodyRefused(415, ErrorCode.INVALID_REQUEST, "Only gzip bodies are accepted.")
        except BodyRefused as refused:
            await _refuse(send, refused)
            return
        scope[RAW_BODY] = raw
        scope[BODY] = body
        scope["headers"] = [
            (name, value) for name, value in headers if name not in (b"content-encoding", b"content-length")
        ] + [(b"content-length", str(len(body)).encode())]
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _read(self, receive: Receive) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise BodyRefused(400, ErrorCode.INVALID_REQUEST, "The client went away.")
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                raise BodyRefused(413, ErrorCode.TOO_LARGE, f"The body is larger than {self.limit} bytes.")
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


async def _refuse(send: Send, refused: BodyRefused) -> None:
    body = ErrorBody(code=refused.code, message=refused.message).model_dump_json().encode()
    await send(
        {
            "type": "http.response.start",
            "status": refused.status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
