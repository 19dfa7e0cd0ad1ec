"""The wire protocol between kiosks and the central server (version 1).

One set of pydantic models, imported by the kiosk's sync client and by the server, so
both sides agree on every field. The server publishes them as OpenAPI (``/openapi.json``).

Transport rules (the models cannot say these):

* Every request except ``GET /v1/health`` and ``POST /v1/enroll`` is signed by the kiosk's
  Ed25519 key (:mod:`sync.signing`).
* A request body may be gzip-compressed (``Content-Encoding: gzip``); the signature covers
  the body *as sent*, i.e. the compressed bytes.
* Every 4xx/5xx answer carries an :class:`ErrorBody`: a stable ``code`` the client program
  branches on, and a ``message`` sentence a technician can read.

Personal data: a transaction's ``payload`` never holds personal fields. Those travel in
``personal``, kept apart so that each side can protect them: the kiosk seals them at rest
with its own key and purges them once acknowledged; the server seals them at rest with its
own key (AES-GCM, the transaction's idempotency key as associated data) and never logs them.

On the wire ``personal`` is a **sealed envelope** (:mod:`sync.personal_envelope`, version 1):
base64 text of ``0x01 | key id (8) | ephemeral X25519 public key (32) | nonce (12) |
AES-256-GCM ciphertext+tag``, the AES key from X25519 with the server's data public key and
HKDF-SHA256, the associated data ``"personal:" + idempotency key``. The kiosk learns that
public key at enrollment (:attr:`EnrollmentResponse.data_public_key`) or, enrolled before,
from the signed ``GET /v1/data-key`` (:class:`DataPublicKey`). So TLS is not the only
protection: no proxy, load balancer or log between kiosk and server holds the fields in
clear. ``POST /v1/ingest`` rejects a transaction whose ``personal`` is a clear object; the
clear object form exists only inside the kiosk and inside an outbox export, which is itself
encrypted (:mod:`sync.export`). The server opens the envelope before comparing contents,
so a resend sealed afresh is still "the same transaction".
"""

from __future__ import annotations

import base64
import binascii
import enum
import hashlib
import hmac
import secrets
from datetime import date
from typing import Annotated, ClassVar, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, JsonValue

PROTOCOL_VERSION = 1
"""Bumped on any change an older peer would misread; the server answers 426 to versions it lacks."""

API_PREFIX = "/v1"

MAX_BATCH_ITEMS = 500
"""Transactions in one ingest request; larger batches are refused with 413."""

MAX_BODY_BYTES = 16 * 1024 * 1024
"""Largest request body the server reads, after gzip decompression; larger is refused with 413."""

TICKETS_PER_SERIES_PER_DAY = 999
"""Ticket numbers are ``A001``..``A999``: a queue category never issues more in one day."""
LEASABLE_TICKET_NUMBERS = 900
"""Ticket numbers above this are never leased: 901-999 are the kiosks' own fallback blocks,
used only by a kiosk that holds no lease."""
FALLBACK_BLOCK_SIZE = 11
"""The server splits 901-999 into nine blocks of eleven numbers and gives each kiosk of an
office its own at enrollment (:class:`EnrollmentResponse`), so two kiosks of an office never
issue the same fallback number. A tenth kiosk of an office gets a block again only once one
of the first nine is revoked."""

DOSSIER_CODES_PER_SERIES_PER_DAY = 99_999
"""Dossier sequence numbers per series (procedure prefix) per office per day."""

IdempotencyKey = Annotated[
    str,
    Field(
        pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
        description="A UUID in lower-case canonical form, unique across every kiosk and every day.",
    ),
]
KioskId = Annotated[str, Field(pattern=r"^[A-Za-z0-9._-]{1,40}$")]
OfficeCode = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9._-]+$")]
TransactionKind = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_.]{0,39}$")]
Base64Text = Annotated[str, Field(pattern=r"^[A-Za-z0-9+/]*={0,2}$")]
SealedPersonal = Annotated[
    str,
    Field(
        min_length=96,
        max_length=4 * 1024 * 1024,
        pattern=r"^[A-Za-z0-9+/]*={0,2}$",
        description="Personal fields sealed to the server's data public key (envelope version 1, base64).",
    ),
]


class WireModel(BaseModel):
    """Strict about names (a typo is an error, not a silently dropped field), immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --- errors ---------------------------------------------------------------------------------


class ErrorCode(enum.StrEnum):
    """Why the server refused a whole request; the client branches on these, never on text."""

    UNSIGNED = "unsigned"  # 401: signature headers missing or malformed
    UNKNOWN_KIOSK = "unknown_kiosk"  # 401: no kiosk with that id: enroll again
    REVOKED_KIOSK = "revoked_kiosk"  # 401: the kiosk's key was revoked: enroll again
    BAD_SIGNATURE = "bad_signature"  # 401: the request was altered or signed with another key
    EXPIRED = "expired"  # 401: the timestamp is outside the allowed clock skew (see server_time)
    REPLAYED = "replayed"  # 401: this nonce was already used
    OTHER_OFFICE = "other_office"  # 403: the kiosk is enrolled for another office
    BAD_ENROLLMENT_CODE = "bad_enrollment_code"  # 403: unknown, used or expired code
    INVALID_REQUEST = "invalid_request"  # 400 / 422: the body does not match the protocol
    KIOSK_MISMATCH = "kiosk_mismatch"  # a transaction names another kiosk than the one that signed it
    UNKNOWN_FIELD = "unknown_field"  # a payload holds a field its kind and schema version lack
    UNSUPPORTED_VERSION = "unsupported_version"  # 426: protocol version the server lacks
    TOO_LARGE = "too_large"  # 413: body or batch over the limits
    NOT_FOUND = "not_found"  # 404
    EXHAUSTED = "exhausted"  # 409: no numbers or slots left to lease
    CONFLICT = "conflict"  # 409: the request contradicts what the server holds
    UNAVAILABLE = "unavailable"  # 503: the database is unreachable or the server busy; retry later
    RATE_LIMITED = "rate_limited"  # 429: too many attempts from this client; wait for Retry-After
    NOT_CONFIGURED = "not_configured"  # 503: no SMS gateway / payment provider set up on the server
    ACTIVATION_INVALID = (
        "activation_invalid"  # 403: an activation code not signed by its kiosk, or not valid yet
    )
    ACTIVATION_EXPIRED = "activation_expired"  # 410: the activation code's time is over
    ACTIVATION_USED = "activation_used"  # 409: the activation code was already redeemed


class ErrorBody(WireModel):
    """The body of every refused request."""

    code: ErrorCode
    message: str = Field(description="One plain sentence for the technician; no personal data.")
    server_time: AwareDatetime | None = Field(
        default=None, description="The server's clock, so a kiosk with a skewed clock can correct it."
    )


# --- enrollment -----------------------------------------------------------------------------


class EnrollmentRequest(WireModel):
    """A kiosk registers its public key with a one-time code issued for one office (unsigned)."""

    protocol_version: int = PROTOCOL_VERSION
    code: str = Field(min_length=4, max_length=64, description="The one-time enrollment code.")
    public_key: Base64Text = Field(description="The kiosk's Ed25519 public key: 32 raw bytes, base64.")
    label: str = Field(
        default="",
        max_length=60,
        description="A name for the dashboard, e.g. 'kiosk-01'; the server makes it unique in the office.",
    )
    software_version: str = Field(default="", max_length=40)
    replaces: KioskId | None = Field(
        default=None,
        description=(
            "The kiosk id this device was enrolled as before (revoked or not), so that what it "
            "recorded then is still accepted from it; proven by ``replaces_signature``."
        ),
    )
    replaces_signature: Base64Text | None = Field(
        default=None,
        description="The previous device key's Ed25519 signature of succession_message(replaces, public_key).",
    )


def succession_message(previous_kiosk_id: str, new_public_key: str) -> bytes:
    """What a device's previous key signs to hand its records over to its new enrollment."""
    return f"kiosk-succession\n{previous_kiosk_id}\n{new_public_key}".encode()


class EnrollmentResponse(WireModel):
    """Who the kiosk now is: the office it records everything for, whatever its configuration says."""

    kiosk_id: KioskId
    office_code: OfficeCode
    profile: str = Field(description="The office's jurisdiction profile: 'vn' or 'th'.")
    server_time: AwareDatetime
    protocol_version: int = PROTOCOL_VERSION
    data_public_key: Base64Text | None = Field(
        default=None,
        description="The server's X25519 data public key (32 raw bytes, base64): personal fields are sealed to it.",
    )

    label: str = Field(
        default="",
        max_length=60,
        description="The kiosk's name on the dashboard: the one asked for, numbered on if the office has it already.",
    )
    fallback_ticket_numbers: str = Field(
        default="",
        pattern=r"^(\d{1,3}-\d{1,3})?$",
        description=(
            "The ticket numbers this kiosk alone issues when it holds no lease, FIRST-LAST "
            "(e.g. '901-911'); empty when the office has no block left to give."
        ),
    )


class DataPublicKey(WireModel):
    """``GET /v1/data-key`` (signed): the key personal fields are sealed to, for a kiosk enrolled
    before enrollment answers carried it."""

    public_key: Base64Text = Field(description="X25519 public key: 32 raw bytes, base64.")


# --- ingest ---------------------------------------------------------------------------------


class Transaction(WireModel):
    """One citizen transaction from the kiosk's outbox.

    The server applies each ``idempotency_key`` at most once. Resending the same key with the
    same content is answered with the first acknowledgment; the same key with different
    content is rejected (see :func:`transaction_digest` for what "content" is).
    """

    idempotency_key: IdempotencyKey
    kind: TransactionKind
    schema_version: int = Field(ge=1, le=1000)
    created_at: AwareDatetime = Field(description="The kiosk's clock when the citizen was told.")
    device_sequence: int = Field(ge=0, description="Monotonic order on the device (the outbox row id).")
    payload: dict[str, JsonValue] = Field(description="The kind's fields; no personal data.")
    personal: SealedPersonal | dict[str, JsonValue] | None = Field(
        default=None,
        description=(
            "Personal fields (name, ID number, phone...; binary values base64). Over HTTP only as a "
            "sealed envelope to the server's data public key (see the module's documentation); "
            "the clear object exists only inside the kiosk and inside an (encrypted) outbox export."
        ),
    )

    @property
    def personal_in_clear(self) -> bool:
        """True when ``personal`` is the clear object, which ``POST /v1/ingest`` refuses."""
        return isinstance(self.personal, dict)


class IngestBatch(WireModel):
    protocol_version: int = PROTOCOL_VERSION
    office_code: OfficeCode = Field(description="Must be the office the kiosk is enrolled for.")
    transactions: list[Transaction] = Field(min_length=1, max_length=MAX_BATCH_ITEMS)


class IngestStatus(enum.StrEnum):
    ACKNOWLEDGED = "acknowledged"  # applied now
    DUPLICATE = "duplicate"  # applied before; ``ack_id`` and ``received_at`` are the first ones
    REJECTED = "rejected"  # not applied, never will be: ``reason`` says why (a dead letter)


class IngestResult(WireModel):
    idempotency_key: IdempotencyKey
    status: IngestStatus
    ack_id: str | None = Field(default=None, description="The server's receipt, the same on every replay.")
    received_at: AwareDatetime | None = None
    reason: str | None = Field(default=None, description="For a rejection: one plain sentence.")
    code: ErrorCode | None = Field(
        default=None,
        description="For a rejection, when it has one: a stable code (e.g. kiosk_mismatch, unknown_field).",
    )

    @property
    def settled(self) -> bool:
        """True when the kiosk may mark the item acknowledged (applied now or before)."""
        return self.status in (IngestStatus.ACKNOWLEDGED, IngestStatus.DUPLICATE)


class IngestResponse(WireModel):
    """One result per transaction of the batch, in the batch's order."""

    results: list[IngestResult]
    server_time: AwareDatetime


# --- the kinds the server knows -------------------------------------------------------------


class TransactionPayload(WireModel):
    """The payload of one transaction kind at one schema version: the kind's fields, no
    personal data (those travel in ``personal``).

    Each concrete model names its ``KIND`` and ``SCHEMA_VERSION``: the kiosk's outbox takes
    them from the model it is given (``sync.outbox.enqueue``), and the server finds the model
    by them in :data:`TRANSACTION_SCHEMAS`. Built by the kiosk, a payload is strict: an
    unknown, misspelt or ill-typed field raises ``ValidationError`` at construction, in the
    kiosk, instead of becoming a dead letter at the server. The server reads payloads as
    strictly (:func:`read_payload`): a field it does not know is refused, not stored unread
    (a kiosk one release ahead sends a new schema version, which the server refuses until it
    knows it). A payload's ``kiosk_id`` is the server's id of the kiosk (``EnrollmentResponse``)
    and must be the kiosk that signed the upload.
    """

    KIND: ClassVar[str]
    SCHEMA_VERSION: ClassVar[int]


TicketNumbering = Literal["lease", "fallback", "local"]
"""Where a ticket's number came from: a lease of the server, the kiosk's fallback block, or
local numbering (a kiosk with no server)."""


class QueueTicketV1(TransactionPayload):
    """``queue_ticket`` schema 1: a ticket the kiosk printed."""

    KIND = "queue_ticket"
    SCHEMA_VERSION = 1
    office_code: OfficeCode
    kiosk_id: str = Field(min_length=1, max_length=40)
    category: str = Field(min_length=1, max_length=8)
    service_date: date
    number: int = Field(ge=1, le=TICKETS_PER_SERIES_PER_DAY)
    issued_at: AwareDatetime
    language: str = Field(min_length=2, max_length=8)
    numbering: TicketNumbering | None = None
    lease_id: int | None = Field(default=None, description="The lease the number came from, if any.")


class ActivationV1(WireModel):
    """The one-time activation code the officer's screen showed (its public half)."""

    token_id: str = Field(min_length=1, max_length=80)
    expires_at: AwareDatetime
    public_key: str = Field(min_length=1, max_length=200)


class AssistedEnrollmentV1(TransactionPayload):
    """``assisted_enrollment`` schema 1: a citizen enrolled by an officer at a counter.

    The ID number, fingerprint template, passcode hash and photo digest travel in the
    transaction's ``personal`` fields, which the server stores sealed."""

    KIND = "assisted_enrollment"
    SCHEMA_VERSION = 1
    office_code: OfficeCode
    kiosk_id: str = Field(min_length=1, max_length=40)
    officer_id: str = Field(min_length=1, max_length=80)
    completed_at: AwareDatetime
    finger: str = Field(min_length=1, max_length=40)
    capture_score: int = Field(ge=0)
    language: str = Field(min_length=2, max_length=8)
    activation: ActivationV1


class ActivationRequest(WireModel):
    """The citizen's phone application redeems the activation code it scanned (unsigned: the
    code is its own credential)."""

    protocol_version: int = PROTOCOL_VERSION
    token: str = Field(min_length=1, max_length=1000)


class ActivationResult(WireModel):
    """A redeemed activation code: the enrollment it activates (no personal data)."""

    transaction_id: str
    office_code: OfficeCode
    kiosk_id: KioskId
    enrolled_at: AwareDatetime
    activated_at: AwareDatetime


def _schemas(*models: type[TransactionPayload]) -> dict[str, dict[int, type[TransactionPayload]]]:
    schemas: dict[str, dict[int, type[TransactionPayload]]] = {}
    for model in models:
        versions = schemas.setdefault(model.KIND, {})
        if model.SCHEMA_VERSION in versions:
            raise ValueError(f"two payload models for {model.KIND} schema {model.SCHEMA_VERSION}")
        versions[model.SCHEMA_VERSION] = model
    return schemas


TRANSACTION_SCHEMAS: dict[str, dict[int, type[TransactionPayload]]] = _schemas(
    QueueTicketV1, AssistedEnrollmentV1
)
"""Payload models by kind and schema version: the one registry, read by the server to check
what it receives and by the kiosk's tests to check what it sends. A kind or version missing
here is rejected (and so kept as a dead letter by the kiosk) until the server is upgraded to
know it."""


def read_payload(kind: str, schema_version: int, payload: dict[str, JsonValue]) -> TransactionPayload:
    """A received payload as its model, as strict as the kiosk's: a field the model does not
    know is an error (``extra_forbidden``), like a missing or ill-typed one.

    Raises ``KeyError`` for a kind or version missing from :data:`TRANSACTION_SCHEMAS` and
    ``ValidationError`` for a payload that does not match its model."""
    model = TRANSACTION_SCHEMAS[kind][schema_version]
    return model.model_validate(payload)


def transaction_digest(transaction: Transaction) -> str:
    """SHA-256 (hex) of what makes two sends "the same transaction": kind, schema version,
    created-at, payload and personal fields (not ``device_sequence``, which is transport order).
    The personal fields count in clear: the server opens a sealed envelope before digesting."""
    content = transaction.model_dump_json(
        include={"kind", "schema_version", "created_at", "payload", "personal"}
    )
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


# --- heartbeat ------------------------------------------------------------------------------


class DeviceStatus(enum.StrEnum):
    OK = "ok"
    DEGRADED = "degraded"  # works with a problem (paper low, weak signal)
    FAILED = "failed"
    ABSENT = "absent"  # not configured on this kiosk


class DeviceHealth(WireModel):
    status: DeviceStatus
    detail: str | None = Field(default=None, max_length=200)


class AuditHead(WireModel):
    """The head of the kiosk's hash-chained audit log: how many entries it holds and the last
    one's hash. A later head must extend an earlier one (more entries, or the same count and
    hash); the server flags a kiosk whose log was truncated or rewritten."""

    count: int = Field(ge=0)
    head: str = Field(
        pattern=r"^[0-9a-f]{64}$", description="SHA-256 hex of the last entry (zeros when empty)."
    )


class Heartbeat(WireModel):
    """Sent every minute or so; the dashboard shows the latest one per kiosk."""

    protocol_version: int = PROTOCOL_VERSION
    office_code: OfficeCode
    software_version: str = Field(max_length=40)
    sent_at: AwareDatetime
    backlog: int = Field(ge=0, description="Outbox items not yet acknowledged.")
    dead_letters: int = Field(ge=0)
    oldest_pending_at: AwareDatetime | None = None
    last_error: str | None = Field(default=None, max_length=500, description="No personal data.")
    devices: dict[str, DeviceHealth] = Field(default_factory=dict, description="By device: card, printer...")
    audit_head: AuditHead | None = Field(
        default=None, description="Absent from kiosks that keep no audit chain."
    )


class HeartbeatAck(WireModel):
    server_time: AwareDatetime
    reference_versions: dict[str, int] = Field(description="The newest version of each reference document.")


# --- reference data -------------------------------------------------------------------------


class ReferenceName(enum.StrEnum):
    CATALOGUE = "catalogue"
    PROCESSING_UNITS = "processing_units"
    FEES = "fees"
    HOLIDAYS = "holidays"
    APPOINTMENT_SLOTS = "appointment_slots"
    OFFICER_CREDENTIALS = "officer_credentials"
    DOSSIER_STATUS = "dossier_status"


class ReferenceDocument(WireModel):
    """A reference document as the kiosk stores it. ``GET /v1/reference/{name}`` answers it with
    an ``ETag`` header equal to ``etag``; sending it back in ``If-None-Match`` gets 304 when unchanged.

    ``dossier_status`` takes ``?since=VERSION`` and then holds only the changes after it.
    """

    name: ReferenceName
    office_code: OfficeCode
    profile: str
    version: int = Field(ge=0)
    etag: str
    updated_at: AwareDatetime | None
    data: JsonValue


class ReferenceIndex(WireModel):
    office_code: OfficeCode
    versions: dict[str, int]


# --- leases ---------------------------------------------------------------------------------


class NumberSeries(enum.StrEnum):
    TICKET_NUMBERS = "ticket_numbers"  # series: the queue category ("A")
    DOSSIER_CODES = "dossier_codes"  # series: the procedure / code prefix


class NumberLeaseRequest(WireModel):
    """Asks for ``count`` consecutive numbers of one series for one office day.

    Leased ranges never overlap between kiosks, so a number issued offline from a lease is final.
    """

    protocol_version: int = PROTOCOL_VERSION
    office_code: OfficeCode
    kind: NumberSeries
    series: str = Field(min_length=1, max_length=20, pattern=r"^[A-Za-z0-9._-]+$")
    service_date: date
    count: int = Field(ge=1, le=10_000)
    held_lease_ids: tuple[int, ...] = Field(
        default=(),
        max_length=10_000,
        description=(
            "Leases of this series and day the kiosk holds. A lease granted to the kiosk that is "
            "not among them (its answer never reached the kiosk) is granted again, whole, before "
            "a new range is cut, so a crash or a lost answer wastes no numbers."
        ),
    )


class NumberLease(WireModel):
    lease_id: int
    kiosk_id: KioskId
    office_code: OfficeCode
    kind: NumberSeries
    series: str
    service_date: date
    first: int = Field(description="First number of the range, inclusive.")
    last: int = Field(description="Last number of the range, inclusive.")
    granted_at: AwareDatetime


class SlotQuotaRequest(WireModel):
    """Asks for ``count`` places of one appointment slot, to book offline."""

    protocol_version: int = PROTOCOL_VERSION
    office_code: OfficeCode
    slot_id: str = Field(min_length=1, max_length=60)
    count: int = Field(ge=1, le=100)


class SlotQuota(WireModel):
    quota_id: int
    kiosk_id: KioskId
    office_code: OfficeCode
    slot_id: str
    granted: int = Field(description="Places granted by this request (may be fewer than asked).")
    held: int = Field(description="All places of the slot this kiosk now holds.")
    remaining: int = Field(description="Places of the slot no kiosk holds yet.")
    granted_at: AwareDatetime


# --- citizen services through the server's adapters ----------------------------------------


class OtpRequest(WireModel):
    office_code: OfficeCode
    phone: str = Field(min_length=6, max_length=20, pattern=r"^\+?[0-9]+$")
    purpose: str = Field(min_length=1, max_length=40)
    language: str = Field(default="en", min_length=2, max_length=8)


class OtpChallenge(WireModel):
    otp_id: str
    expires_at: AwareDatetime


class OtpCheck(WireModel):
    otp_id: str
    code: str = Field(min_length=4, max_length=10)


class OtpVerdict(WireModel):
    otp_id: str
    valid: bool
    attempts_left: int


class PaymentStatus(enum.StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    EXPIRED = "expired"


class PaymentCreate(WireModel):
    office_code: OfficeCode
    idempotency_key: IdempotencyKey
    amount: int = Field(gt=0, description="In the currency's smallest unit (dong, satang).")
    currency: Literal["VND", "THB"]
    reference: str = Field(min_length=1, max_length=60, description="Dossier code or fee code.")


class Payment(WireModel):
    payment_id: str
    status: PaymentStatus
    amount: int
    currency: str
    reference: str
    qr_payload: str = Field(description="The text to render as the QR the citizen scans.")
    created_at: AwareDatetime
    confirmed_at: AwareDatetime | None = None


# --- officer credentials --------------------------------------------------------------------

_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1


def hash_officer_password(password: str, *, salt: bytes | None = None) -> str:
    """``scrypt$N$r$p$SALT$HASH`` (base64 parts): the only form officer passwords travel or rest in."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32
    )
    encoded = [base64.b64encode(part).decode("ascii") for part in (salt, digest)]
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${encoded[0]}${encoded[1]}"


def verify_officer_password(password: str, stored: str) -> bool:
    """Checks ``password`` against a :func:`hash_officer_password` string in constant time.

    A malformed stored hash verifies nothing (False), it never raises."""
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return False
    try:
        n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
        salt = base64.b64decode(parts[4], validate=True)
        expected = base64.b64decode(parts[5], validate=True)
    except (ValueError, binascii.Error):
        return False
    if not (2 <= n <= 2**20 and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16 and expected):
        return False
    try:
        actual = hashlib.scrypt(
            password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=len(expected), maxmem=2**28
        )
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)
