"""What one worker admits before it knows who is asking: body sizes, bytes held at once, and how
often one client may try a code.

A signed endpoint can only check its signature once it holds the whole body, so the bodies of
requests nobody has authenticated yet are bounded three ways:

- a size limit per endpoint (:func:`body_limit`): only ``/v1/ingest`` carries large batches; every
  other body is a few hundred bytes and is refused above :data:`SMALL_BODY_BYTES`. A declared
  ``Content-Length`` over the limit is refused (413) before a byte of the body is read, and a body
  sent without a length is read only until it passes the limit;
- a byte budget per worker (:class:`ReadBudget`): a request reserves its declared length before
  reading (or each chunk as it arrives, and each piece of a gzip body as it is unpacked) and gives
  it back when its answer is sent. A request that cannot reserve within
  :data:`READ_WAIT_S` gets 503 with ``Retry-After``; while it waits, its bytes stay in the
  operating system's socket buffers, not in this process;
- a token bucket per client address for enrollment and activation codes
  (:class:`ClientRateLimit`).

All of it lives in the worker's memory, which is enough for a first line: a worker is stateless,
so N workers admit N times as much, and a restart forgets the buckets. Behind a reverse proxy the
client address is the proxy's unless uvicorn is told to trust its forwarded headers.
"""

from __future__ import annotations

import asyncio
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from sync.protocol import MAX_BODY_BYTES

SMALL_BODY_BYTES = 64 * 1024
"""Largest body of every endpoint but ingest (enrollment, activations, heartbeat, leases, OTP,
payments: their bodies are well under a kilobyte)."""

LARGE_BODY_LIMITS: dict[str, int] = {"/v1/ingest": MAX_BODY_BYTES}
"""Endpoints that may receive more than :data:`SMALL_BODY_BYTES`, and their limit."""

READ_BUDGET_BYTES = 64 * 1024 * 1024
"""Bytes of request bodies (as received, plus unpacked) one worker holds at once. Joining the
chunks of a body briefly doubles it, so the memory held stays under twice this."""

READ_WAIT_S = 2.0
"""How long a request waits for room in the budget before it is answered 503."""

RETRY_AFTER_S = 5
"""The ``Retry-After`` sent with that 503."""

CODE_ATTEMPTS_PER_MINUTE = 20
"""Enrollment or activation attempts one client address may make: a burst of this many, then
this many a minute."""


def body_limit(path: str) -> int:
    """The largest body (received, and once unpacked) the endpoint at ``path`` accepts."""
    return LARGE_BODY_LIMITS.get(path, SMALL_BODY_BYTES)


class ReadBudget:
    """Bytes of request bodies a worker may hold at once, shared by its requests.

    Used from the worker's event loop only (the ASGI middleware): asyncio primitives bind to
    the loop that first uses them."""

    def __init__(self, capacity: int = READ_BUDGET_BYTES, *, wait_s: float = READ_WAIT_S) -> None:
        if capacity < max(MAX_BODY_BYTES, SMALL_BODY_BYTES):
            raise ValueError("The read budget must hold at least one body of the largest size.")
        self.capacity = capacity
        self.wait_s = wait_s
        self._free = capacity
        self._loop: asyncio.AbstractEventLoop | None = None
        self._condition = asyncio.Condition()

    @property
    def free(self) -> int:
        return self._free

    def lease(self) -> BodyLease:
        """A request's share, empty until it grows; close it when the answer is sent."""
        return BodyLease(self, deadline=time.monotonic() + self.wait_s)

    def _changed(self) -> asyncio.Condition:
        # An application may be served by one event loop after another (tests): a condition
        # belongs to the loop that first used it.
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            self._loop, self._condition = loop, asyncio.Condition()
        return self._condition

    async def _take(self, size: int, deadline: float) -> bool:
        changed = self._changed()
        async with changed:
            try:
                await asyncio.wait_for(
                    changed.wait_for(lambda: self._free >= size),
                    timeout=max(deadline - time.monotonic(), 0.0),
                )
            except TimeoutError:
                return False
            self._free -= size
            return True

    async def _give(self, size: int) -> None:
        changed = self._changed()
        async with changed:
            self._free += size
            changed.notify_all()


class BodyLease:
    """The bytes one request holds in its worker's :class:`ReadBudget`."""

    def __init__(self, budget: ReadBudget, *, deadline: float) -> None:
        self._budget = budget
        self._deadline = deadline
        self.held = 0

    async def grow(self, size: int) -> bool:
        """Reserves ``size`` more bytes, waiting until the request's deadline; False when the
        budget stayed full (the caller answers 503)."""
        if size <= 0:
            return True
        if self.held + size > self._budget.capacity:
            return False
        if not await self._budget._take(size, self._deadline):
            return False
        self.held += size
        return True

    async def close(self) -> None:
        held, self.held = self.held, 0
        if held:
            await self._budget._give(held)


@dataclass
class _Bucket:
    tokens: float
    updated: float


class ClientRateLimit:
    """A token bucket per client address: ``per_minute`` attempts at once, then ``per_minute``
    a minute. Thread-safe (the endpoints run on a thread pool); it forgets full buckets when it
    tracks more than ``max_clients`` addresses, so a flood of addresses cannot grow it for ever."""

    def __init__(
        self,
        per_minute: int = CODE_ATTEMPTS_PER_MINUTE,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_clients: int = 10_000,
    ) -> None:
        self.per_minute = per_minute
        self._rate = per_minute / 60.0
        self._clock = clock
        self._max_clients = max_clients
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def take(self, client: str) -> int | None:
        """Spends one attempt of ``client``: None when allowed, else the whole seconds to wait."""
        with self._lock:
            now = self._clock()
            bucket = self._buckets.get(client)
            if bucket is None:
                if len(self._buckets) >= self._max_clients:
                    self._forget_full(now)
                bucket = self._buckets[client] = _Bucket(tokens=float(self.per_minute), updated=now)
            bucket.tokens = min(float(self.per_minute), bucket.tokens + (now - bucket.updated) * self._rate)
            bucket.updated = now
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return None
            return max(1, math.ceil((1.0 - bucket.tokens) / self._rate))

    def _forget_full(self, now: float) -> None:
        full = [
            client
            for client, bucket in self._buckets.items()
            if bucket.tokens + (now - bucket.updated) * self._rate >= self.per_minute
        ]
        for client in full:
            del self._buckets[client]
        if len(self._buckets) >= self._max_clients:  # all busy: drop the oldest half
            for client in sorted(self._buckets, key=lambda name: self._buckets[name].updated)[
                : len(self._buckets) // 2
            ]:
                del self._buckets[client]


MMAP_THRESHOLD_BYTES = 128 * 1024
"""Allocations from this size up are mapped apart and given back to the system when freed."""


def give_back_large_buffers() -> bool:
    """Fixes glibc's mmap threshold (``mallopt(M_MMAP_THRESHOLD)``) for this process.

    glibc raises the threshold after freeing a large mapped block (up to 32 MiB), so once a few
    request bodies of several MiB were freed, the next ones come from the heap instead, and a
    flood leaves hundreds of MiB resident that are never returned (measured with 60 parallel
    unsigned 15 MiB posts: 540-740 MiB still resident afterwards without this, 150-260 MiB with
    it). Setting the threshold also turns off that adaptation. Returns False where there is no glibc (nothing changes)."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    m_mmap_threshold = -3  # <malloc.h>
    return bool(mallopt(m_mmap_threshold, MMAP_THRESHOLD_BYTES))
