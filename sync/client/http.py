"""The kiosk's HTTP client for the central server: signed, compressed, one kept-alive connection.

Every request except enrollment and the health check carries the :mod:`sync.signing`
headers, signed over the body exactly as sent (gzip-compressed for uploads). Answers are
read into the :mod:`sync.protocol` models and checked against the request they answer
(an ingest answer must list the batch's keys in the batch's order), so a stale or
duplicated answer on a kept-alive connection is never taken for the current one.

Failures are classified for the caller (PowerSync's rule):

* :class:`ServerUnreachable` — network errors, timeouts, cut or unreadable answers, 5xx,
  429, 404/408, and anything that is not the server's own error body: retry later with
  backoff (``retry_after`` carries the server's ``Retry-After``);
* :class:`NeedsEnrollment` — 401 (other than a skewed clock or a replayed nonce, which
  are corrected and retried once at once) and 403 ``other_office``: the kiosk must be
  enrolled again; its data is kept;
* :class:`UpgradeNeeded` — 426: the server no longer speaks this protocol version;
* :class:`ServerRefused` — every other 4xx with the server's error body: the request (for
  an upload, some transaction in it) is refused for a reason a retry cannot change.

Personal data never leaves in clear: a server URL of plain ``http://`` is refused before any
connection unless its host is this machine (loopback) or the lab opted in
(``server.allow_plain_http``, warned about at every start), and :meth:`SyncClient.ingest`
seals each transaction's personal fields to the server's data public key
(:mod:`sync.personal_envelope`), fetching that key first for a kiosk enrolled without it.

Thread: one client per thread (httpx's connection is not shared across threads here).
"""

from __future__ import annotations

import email.utils
import gzip
import logging
import math
import ssl
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlencode, urlsplit

from pydantic import BaseModel, ValidationError

from sync.client.identity import DeviceIdentity
from sync.loopback import is_loopback_host
from sync.protocol import (
    API_PREFIX,
    DataPublicKey,
    EnrollmentRequest,
    EnrollmentResponse,
    ErrorBody,
    ErrorCode,
    Heartbeat,
    HeartbeatAck,
    IngestBatch,
    IngestResponse,
    NumberLease,
    NumberLeaseRequest,
    NumberSeries,
    ReferenceDocument,
    ReferenceIndex,
    ReferenceName,
    SlotQuota,
    SlotQuotaRequest,
    Transaction,
    succession_message,
)
from sync.signing import sign_request

if TYPE_CHECKING:
    # httpx (with its command line's click and pygments, about 5 MB resident) is imported by
    # the functions that send: a kiosk that is not enrolled, or at rest before its first
    # cycle, never loads it.
    import httpx
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

log = logging.getLogger(__name__)

ModelT = TypeVar("ModelT", bound=BaseModel)

USER_AGENT = "district-kiosk-sync/1"
RETRY_AFTER_MAX_S = 3600.0
_RETRYABLE_4XX = {404, 408, 425, 429}
_REAUTHENTICATE = {
    ErrorCode.UNSIGNED,
    ErrorCode.UNKNOWN_KIOSK,
    ErrorCode.REVOKED_KIOSK,
    ErrorCode.BAD_SIGNATURE,
    ErrorCode.OTHER_OFFICE,
}


class SyncError(Exception):
    """A sync request did not succeed; ``message`` is one sentence for a technician."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ServerUnreachable(SyncError):
    """Worth retrying later: the line, the server's health, or its load."""

    def __init__(self, message: str, *, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class NeedsEnrollment(SyncError):
    """The server does not accept this kiosk's signature (unknown, revoked, other office...)."""

    def __init__(self, message: str, *, code: ErrorCode | None) -> None:
        super().__init__(message)
        self.code = code


class UpgradeNeeded(SyncError):
    """The server refuses this protocol version (426)."""


class ServerRefused(SyncError):
    """A 4xx the server explained (``code``, ``message``); retrying the same request cannot help."""

    def __init__(self, message: str, *, status: int, code: ErrorCode) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


class NotEnrolled(SyncError):
    """The kiosk has no device identity yet (``kiosk sync enroll``)."""


class PlainHttpRefused(SyncError):
    """The server URL is plain ``http://`` to another machine and the lab did not opt in."""


PLAIN_HTTP_SETTING = "server.allow_plain_http"


def plain_http_to_network(url: str) -> bool:
    """True when ``url`` is plain ``http://`` to a host other than this machine."""
    parts = urlsplit(url.strip())
    return parts.scheme.lower() == "http" and not is_loopback_host(parts.hostname or "")


def check_server_url(url: str, *, allow_plain_http: bool = False) -> None:
    """Raises :class:`PlainHttpRefused` for a plain ``http://`` URL to another machine, unless
    ``allow_plain_http`` (the lab's explicit opt-in). Called before any connection is opened."""
    if plain_http_to_network(url) and not allow_plain_http:
        host = urlsplit(url.strip()).hostname or url
        raise PlainHttpRefused(
            f"The server URL (server.url) is plain http:// to {host}, which would carry personal data "
            f"unencrypted: use https://, or for a lab set {PLAIN_HTTP_SETTING} = true in kiosk.toml."
        )


def warn_plain_http(url: str | None = None) -> None:
    """The loud warning of a lab that opted in to plain HTTP (logged at every start)."""
    log.warning(
        "PLAIN HTTP ALLOWED (%s = true): traffic to %s may be unencrypted; only personal fields stay "
        "sealed. Use this only in a lab.",
        PLAIN_HTTP_SETTING,
        url or "the server",
    )


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date), clamped to
    ``0..RETRY_AFTER_MAX_S``; ``None`` when absent or unreadable."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return min(float(int(text[:12])), RETRY_AFTER_MAX_S)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if math.isnan(seconds):
        return None
    return min(max(seconds, 0.0), RETRY_AFTER_MAX_S)


def read_error_body(response: httpx.Response) -> ErrorBody | None:
    """The server's error body, or ``None`` when the answer is not one (e.g. a proxy's page)."""
    try:
        return ErrorBody.model_validate_json(response.content)
    except ValidationError:
        return None


class SyncClient:
    """Talks to one server as one enrolled kiosk. Close it to drop the connection.

    ``clock`` is the kiosk's idea of now; when the server says the request's time is outside
    its window (401 ``expired``) the client corrects its offset from the server's clock and
    retries once, so a kiosk with a wrong clock still syncs.
    """

    def __init__(
        self,
        identity: DeviceIdentity,
        *,
        base_url: str | None = None,
        timeout_s: float = 10.0,
        gzip_level: int = 5,
        clock: Callable[[], datetime] | None = None,
        transport: httpx.BaseTransport | None = None,
        verify: ssl.SSLContext | bool = True,
        allow_plain_http: bool = False,
        data_key_learned: Callable[[str], object] | None = None,
    ) -> None:
        self.identity = identity
        self._verify = verify
        self.base_url = (base_url or identity.server_url).rstrip("/")
        check_server_url(self.base_url, allow_plain_http=allow_plain_http)
        if plain_http_to_network(self.base_url):
            warn_plain_http(self.base_url)
        self._data_key_learned = data_key_learned
        self._data_key: X25519PublicKey | None = None
        self.timeout_s = timeout_s
        self.gzip_level = gzip_level
        self._clock = clock or (lambda: datetime.now(UTC))
        self._transport = transport
        self._http: httpx.Client | None = None
        self.clock_offset = timedelta(0)
        self.requests_sent = 0
        self.bytes_sent = 0

    # --- connection ---------------------------------------------------------------------------
    def _connection(self) -> httpx.Client:
        if self._http is None:
            self._http = new_http_client(self.base_url, self.timeout_s, self._transport, verify=self._verify)
        return self._http

    def reset_connection(self) -> None:
        """Drops the kept-alive connection (after a cut or suspicious answer); the next request
        opens a fresh one."""
        if self._http is not None:
            self._http.close()
            self._http = None

    def close(self) -> None:
        self.reset_connection()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # --- requests -----------------------------------------------------------------------------
    def _send(
        self,
        method: str,
        path: str,
        *,
        body: bytes = b"",
        compress: bool = False,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """Sends one signed request; corrects a skewed clock or a refused nonce once."""
        target = API_PREFIX + path + (f"?{urlencode(params)}" if params else "")
        content = gzip.compress(body, compresslevel=self.gzip_level, mtime=0) if compress and body else body
        extra = dict(headers or {})
        if body:
            extra["Content-Type"] = "application/json"
        if compress and body:
            extra["Content-Encoding"] = "gzip"
        for attempt in range(2):
            response = self._exchange(method, target, content, extra)
            if response.status_code != 401 or attempt == 1:
                return response
            error = read_error_body(response)
            if error is None:
                return response
            if error.code is ErrorCode.EXPIRED and error.server_time is not None:
                self.clock_offset = error.server_time - self._clock()
                log.warning(
                    "server clock differs by %.0f s; requests now use the server's time",
                    self.clock_offset.total_seconds(),
                )
                continue
            if error.code is ErrorCode.REPLAYED:
                continue
            return response
        raise AssertionError("unreachable")

    def _exchange(
        self, method: str, target: str, content: bytes, headers: Mapping[str, str]
    ) -> httpx.Response:
        import httpx

        http = self._connection()
        request = http.build_request(method, self.base_url + target, content=content, headers=headers)
        signed_path = request.url.raw_path.decode("ascii")
        request.headers.update(
            sign_request(
                self.identity.private_key,
                self.identity.kiosk_id,
                method,
                signed_path,
                content,
                now=self._clock() + self.clock_offset,
            )
        )
        try:
            response = http.send(request)
            response.read()
        except httpx.HTTPError as exc:
            self.reset_connection()
            raise ServerUnreachable(unreachable(self.base_url, exc)) from exc
        self.requests_sent += 1
        self.bytes_sent += len(content)
        return response

    def _answer(
        self, response: httpx.Response, model: type[ModelT], *, expected: tuple[int, ...] = (200,)
    ) -> ModelT:
        """Reads a successful answer, or raises the classified failure."""
        if response.status_code in expected:
            try:
                return model.model_validate_json(response.content)
            except ValidationError as exc:
                self.reset_connection()
                raise ServerUnreachable(
                    f"{self.base_url} sent an answer that is not the protocol's ({model.__name__}).",
                    status=response.status_code,
                ) from exc
        raise self.classify(response)

    def classify(self, response: httpx.Response) -> SyncError:
        """The failure an unsuccessful answer stands for (see the module docstring)."""
        status = response.status_code
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        error = read_error_body(response)
        if status >= 500 or status in _RETRYABLE_4XX or error is None:
            if error is None and status < 500:
                self.reset_connection()
            detail = error.message if error is not None else f"HTTP {status}"
            return ServerUnreachable(
                f"The server answered {status}: {detail}", status=status, retry_after=retry_after
            )
        if status == 426 or error.code is ErrorCode.UNSUPPORTED_VERSION:
            return UpgradeNeeded(f"The server needs a newer kiosk: {error.message}")
        if status in (401, 403) and (status == 401 or error.code in _REAUTHENTICATE):
            if error.code in (ErrorCode.EXPIRED, ErrorCode.REPLAYED):
                return ServerUnreachable(
                    f"The server refused the request's signature: {error.message}", status=status
                )
            return NeedsEnrollment(
                f"The server does not accept this kiosk ({error.code.value}): {error.message}",
                code=error.code,
            )
        return ServerRefused(error.message, status=status, code=error.code)

    # --- endpoints ----------------------------------------------------------------------------
    def health(self) -> bool:
        """Whether the server answers its health check (unsigned)."""
        import httpx

        try:
            response = self._connection().get(self.base_url + API_PREFIX + "/health")
        except httpx.HTTPError:
            self.reset_connection()
            return False
        return response.status_code == 200

    def data_public_key(self) -> X25519PublicKey:
        """The server's data public key: the enrolled one, else fetched (signed ``GET
        /v1/data-key``) once and reported to ``data_key_learned`` so the identity keeps it."""
        if self._data_key is not None:
            return self._data_key
        text = self.identity.data_public_key
        if text is None:
            text = self._answer(self._send("GET", "/data-key"), DataPublicKey).public_key
            learned = True
        else:
            learned = False
        from sync.personal_envelope import load_public_key_text  # cryptography, on first use

        try:
            key = load_public_key_text(text)
        except ValueError as exc:
            raise ServerUnreachable(f"{self.base_url} gave a data public key that is not one.") from exc
        self._data_key = key
        if learned:
            log.info("learned the server's data public key")
            if self._data_key_learned is not None:
                self._data_key_learned(text)
        return key

    def sealed(self, transaction: Transaction) -> Transaction:
        """``transaction`` with its clear personal fields sealed to the server's data key."""
        if not isinstance(transaction.personal, dict):
            return transaction
        from sync.personal_envelope import seal_personal

        envelope = seal_personal(
            transaction.personal, recipient=self.data_public_key(), bound_to=transaction.idempotency_key
        )
        return transaction.model_copy(update={"personal": envelope})

    def ingest(self, office_code: str, transactions: Sequence[Transaction]) -> IngestResponse:
        """Uploads one batch (gzip); returns the per-transaction results in the batch's order.
        Personal fields are sealed (:meth:`sealed`) before anything is sent."""
        batch = IngestBatch(
            office_code=office_code, transactions=[self.sealed(item) for item in transactions]
        )
        response = self._send("POST", "/ingest", body=batch.model_dump_json().encode(), compress=True)
        answer = self._answer(response, IngestResponse)
        sent = [transaction.idempotency_key for transaction in transactions]
        received = [result.idempotency_key for result in answer.results]
        if received != sent:
            self.reset_connection()
            raise ServerUnreachable(
                "The server's answer does not match the batch sent; it will be sent again."
            )
        return answer

    def heartbeat(self, heartbeat: Heartbeat) -> HeartbeatAck:
        response = self._send("POST", "/heartbeat", body=heartbeat.model_dump_json().encode())
        return self._answer(response, HeartbeatAck)

    def reference_index(self) -> ReferenceIndex:
        return self._answer(self._send("GET", "/reference"), ReferenceIndex)

    def reference(
        self, name: ReferenceName, *, etag: str | None = None, since: int | None = None
    ) -> ReferenceDocument | None:
        """The document, or ``None`` when the server says the copy with ``etag`` is current (304)."""
        headers = {"If-None-Match": etag} if etag else None
        params = {"since": str(since)} if since is not None else None
        response = self._send("GET", f"/reference/{name.value}", params=params, headers=headers)
        if response.status_code == 304:
            return None
        document = self._answer(response, ReferenceDocument)
        if document.name is not name:
            self.reset_connection()
            raise ServerUnreachable("The server's answer is for another reference document.")
        return document

    def lease_numbers(
        self,
        office_code: str,
        kind: NumberSeries,
        series: str,
        service_date: date,
        count: int,
        *,
        held: Sequence[int] = (),
    ) -> NumberLease:
        """A new range, or one granted before whose answer never reached this kiosk (its id
        is not in ``held``)."""
        request = NumberLeaseRequest(
            office_code=office_code,
            kind=kind,
            series=series,
            service_date=service_date,
            count=count,
            held_lease_ids=tuple(held),
        )
        response = self._send("POST", "/leases/numbers", body=request.model_dump_json().encode())
        lease = self._answer(response, NumberLease, expected=(200, 201))
        if (lease.kind, lease.series, lease.service_date) != (
            kind,
            series,
            service_date,
        ) or lease.last < lease.first:
            self.reset_connection()
            raise ServerUnreachable("The server's lease does not match the request.")
        return lease

    def slot_quota(self, office_code: str, slot_id: str, count: int) -> SlotQuota:
        request = SlotQuotaRequest(office_code=office_code, slot_id=slot_id, count=count)
        response = self._send("POST", "/leases/slots", body=request.model_dump_json().encode())
        quota = self._answer(response, SlotQuota, expected=(200, 201))
        if quota.slot_id != slot_id:
            self.reset_connection()
            raise ServerUnreachable("The server's quota does not match the request.")
        return quota


def new_http_client(
    base_url: str,
    timeout_s: float,
    transport: httpx.BaseTransport | None = None,
    *,
    verify: ssl.SSLContext | bool = True,
) -> httpx.Client:
    """One connection, kept alive between requests (HTTPS in production, HTTP on loopback).
    ``verify`` is the TLS trust: True for the public authorities (certifi), or a context from
    :func:`tls_trust` for an office network's own authority."""
    import httpx

    return httpx.Client(
        base_url=base_url,
        timeout=httpx.Timeout(timeout_s),
        limits=httpx.Limits(max_connections=1, max_keepalive_connections=1, keepalive_expiry=60.0),
        headers={"User-Agent": USER_AGENT},
        transport=transport,
        trust_env=False,
        verify=verify,
    )


class TrustError(SyncError):
    """The configured certificate-authority file cannot be used."""


def tls_trust(ca_file: Path | None) -> ssl.SSLContext | bool:
    """The TLS trust for the server: the public authorities when ``ca_file`` is None, else only
    the authorities in that PEM file (a government network's own CA). Hostnames are checked
    either way."""
    if ca_file is None:
        return True
    try:
        return ssl.create_default_context(cafile=str(ca_file))
    except FileNotFoundError as exc:
        raise TrustError(f"The certificate authority file {ca_file} does not exist.") from exc
    except (OSError, ssl.SSLError) as exc:
        raise TrustError(f"The certificate authority file {ca_file} is not a PEM certificate file.") from exc


def unreachable(base_url: str, error: httpx.HTTPError) -> str:
    """A technician's sentence for a request that got no HTTP answer."""
    import httpx

    if isinstance(error, httpx.ConnectError) and "CERTIFICATE_VERIFY_FAILED" in str(error):
        return (
            f"{base_url} presented a certificate this kiosk does not trust "
            "(give the office's certificate authority in server.ca_file)."
        )
    return f"{base_url} could not be reached ({type(error).__name__})."


def enroll_device(
    server_url: str,
    code: str,
    *,
    label: str = "",
    software_version: str = "",
    timeout_s: float = 10.0,
    transport: httpx.BaseTransport | None = None,
    verify: ssl.SSLContext | bool = True,
    allow_plain_http: bool = False,
    previous: DeviceIdentity | None = None,
) -> DeviceIdentity:
    """Creates a new key pair and registers its public key with the one-time ``code``.

    ``previous``, the identity this device had (revoked or not), signs the hand-over so that
    the server still accepts what the kiosk recorded under it (its ``kiosk_id``). Returns the
    new identity (the caller saves it), with the server's data public key when the server
    gave one; raises :class:`PlainHttpRefused` (before connecting) for plain HTTP to another
    machine without ``allow_plain_http``, :class:`ServerRefused` for a refused code and
    :class:`ServerUnreachable` when the server cannot be reached.
    """
    import base64

    import httpx

    from sync.personal_envelope import load_public_key_text
    from sync.signing import generate_private_key, public_key_b64

    check_server_url(server_url, allow_plain_http=allow_plain_http)
    key = generate_private_key()
    public_key = public_key_b64(key)
    succession = (
        base64.b64encode(previous.private_key.sign(succession_message(previous.kiosk_id, public_key))).decode(
            "ascii"
        )
        if previous is not None
        else None
    )
    request = EnrollmentRequest(
        code=code,
        public_key=public_key,
        label=label[:60],
        software_version=software_version[:40],
        replaces=previous.kiosk_id if previous is not None else None,
        replaces_signature=succession,
    )
    base = server_url.rstrip("/")
    with new_http_client(base, timeout_s, transport, verify=verify) as http:
        try:
            response = http.post(
                base + API_PREFIX + "/enroll",
                content=request.model_dump_json().encode(),
                headers={"Content-Type": "application/json"},
            )
        except httpx.HTTPError as exc:
            raise ServerUnreachable(unreachable(base, exc)) from exc
    if response.status_code in (200, 201):
        try:
            answer = EnrollmentResponse.model_validate_json(response.content)
            if answer.data_public_key is not None:
                load_public_key_text(answer.data_public_key)
        except (ValidationError, ValueError) as exc:
            raise ServerUnreachable(f"{base} did not answer the enrollment as a kiosk server would.") from exc
        return DeviceIdentity(
            kiosk_id=answer.kiosk_id,
            office_code=answer.office_code,
            profile=answer.profile,
            server_url=base,
            private_key=key,
            enrolled_at=answer.server_time,
            data_public_key=answer.data_public_key,
            label=answer.label,
            fallback_ticket_numbers=answer.fallback_ticket_numbers,
        )
    error = read_error_body(response)
    if error is None or response.status_code >= 500:
        raise ServerUnreachable(f"{base} answered the enrollment with HTTP {response.status_code}.")
    raise ServerRefused(error.message, status=response.status_code, code=error.code)


def describe_failure(error: SyncError) -> dict[str, Any]:
    """A failure as a technician reads it (kind, status, code, sentence)."""
    result: dict[str, Any] = {"kind": type(error).__name__, "message": error.message}
    for attribute in ("status", "code", "retry_after"):
        value = getattr(error, attribute, None)
        if value is not None:
            result[attribute] = value.value if hasattr(value, "value") else value
    return result
