"""The central server's own tables (not the kiosk's): offices, kiosks, transactions, leases...

Every schema change is an Alembic migration in ``sync/server/migrations``; the same
migrations run on SQLite (embedded) and PostgreSQL (production). Instants are stored in
UTC (:class:`~sync.sqltypes.UtcDateTime`).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from sync.sqltypes import UtcDateTime

# SQLite only makes INTEGER PRIMARY KEY an auto-incrementing row id; PostgreSQL gets a BIGINT.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class ServerBase(DeclarativeBase):
    """Metadata of the server's database."""


class Office(ServerBase):
    __tablename__ = "offices"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    profile: Mapped[str] = mapped_column(String(8), nullable=False)
    name: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)


class EnrollmentCode(ServerBase):
    """A one-time code; only its SHA-256 is stored, so reading the database does not enroll a kiosk."""

    __tablename__ = "enrollment_codes"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    code_sha256: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    office_code: Mapped[str] = mapped_column(ForeignKey("offices.code"), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    kiosk_id: Mapped[str | None] = mapped_column(String(40), nullable=True)


class Kiosk(ServerBase):
    __tablename__ = "kiosks"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    office_code: Mapped[str] = mapped_column(ForeignKey("offices.code"), nullable=False, index=True)
    public_key: Mapped[str] = mapped_column(String(60), nullable=False)
    label: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    software_version: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    enrolled_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    last_seen_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    # The latest heartbeat, as the dashboard shows it.
    heartbeat_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    backlog: Mapped[int | None] = mapped_column(Integer, nullable=True)
    dead_letters: Mapped[int | None] = mapped_column(Integer, nullable=True)
    oldest_pending_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    devices: Mapped[str | None] = mapped_column(Text, nullable=True)
    """JSON object: device name -> {"status", "detail"}."""
    fallback_first: Mapped[int | None] = mapped_column(Integer, nullable=True)
    """The kiosk's own fallback block of ticket numbers (inclusive), given at enrollment;
    NULL when the office had none left (or the kiosk was enrolled before blocks existed)."""
    fallback_last: Mapped[int | None] = mapped_column(Integer, nullable=True)
    replaces_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    audit_count: Mapped[int | None] = mapped_column(Integer, nullable=True)
    """The last audit-chain head a heartbeat carried (``sync.server.audit_heads``)."""
    audit_head: Mapped[str | None] = mapped_column(String(64), nullable=True)
    audit_rewritten_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    """When a head was seen that does not extend the one before (truncated or rewritten log)."""
    """The enrollment this device had before (it proved it with that key): transactions it
    recorded under that kiosk id are still its own."""


class TicketNumber(ServerBase):
    """One received queue ticket's number, to find a number issued twice in an office's day
    (``kiosk-server stats`` ``ticket_number_conflicts``). One row per transaction; the same
    number may appear in several rows, which is what is counted, not refused: the citizen
    already holds the printed ticket."""

    __tablename__ = "ticket_numbers"
    __table_args__ = (
        Index("ix_ticket_numbers_office_day", "office_code", "service_date", "category", "number"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    idempotency_key: Mapped[str] = mapped_column(String(36), nullable=False, unique=True)
    office_code: Mapped[str] = mapped_column(String(40), nullable=False)
    service_date: Mapped[date] = mapped_column(Date, nullable=False)
    category: Mapped[str] = mapped_column(String(8), nullable=False)
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    kiosk_id: Mapped[str] = mapped_column(String(40), nullable=False)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)


class UsedNonce(ServerBase):
    """Nonces of accepted requests, kept until their timestamp is out of the skew window."""

    __tablename__ = "used_nonces"

    kiosk_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[int] = mapped_column(BigInteger, nullable=False, index=True)


class IngestedTransaction(ServerBase):
    """A transaction applied once; its row id is the acknowledgment every replay gets back."""

    __tablename__ = "transactions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    idempotency_key: Mapped[str] = mapped_column(String(36), nullable=False, unique=True)
    kiosk_id: Mapped[str] = mapped_column(String(40), nullable=False)
    office_code: Mapped[str] = mapped_column(String(40), nullable=False)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    schema_version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    device_sequence: Mapped[int] = mapped_column(BigInteger, nullable=False)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    digest: Mapped[str] = mapped_column(String(64), nullable=False)
    payload: Mapped[str] = mapped_column(Text, nullable=False)
    personal_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    """AES-GCM under the server's data key (``sync.server.sealing``); never in clear."""

    __table_args__ = (
        Index("ix_transactions_kiosk_sequence", "kiosk_id", "device_sequence"),
        Index("ix_transactions_office_kind", "office_code", "kind"),
    )


class RejectedTransaction(ServerBase):
    """A transaction the server refused (the kiosk keeps it as a dead letter); one row per refusal."""

    __tablename__ = "rejected_transactions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    idempotency_key: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    kiosk_id: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    office_code: Mapped[str] = mapped_column(String(40), nullable=False)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)


class NumberCounter(ServerBase):
    """The next number not yet leased, per office, series kind, series and day."""

    __tablename__ = "number_counters"

    office_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    series: Mapped[str] = mapped_column(String(20), primary_key=True)
    service_date: Mapped[date] = mapped_column(Date, primary_key=True)
    next_number: Mapped[int] = mapped_column(Integer, nullable=False)


class NumberLeaseRecord(ServerBase):
    __tablename__ = "number_leases"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    kiosk_id: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    office_code: Mapped[str] = mapped_column(String(40), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    series: Mapped[str] = mapped_column(String(20), nullable=False)
    service_date: Mapped[date] = mapped_column(Date, nullable=False)
    first: Mapped[int] = mapped_column(Integer, nullable=False)
    last: Mapped[int] = mapped_column(Integer, nullable=False)
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)

    # A second line of defence: two leases can never start at the same number.
    __table_args__ = (UniqueConstraint("office_code", "kind", "series", "service_date", "first"),)


class SlotAllocation(ServerBase):
    """Places of one appointment slot handed to kiosks so far (all kiosks of the office)."""

    __tablename__ = "slot_allocations"

    office_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    slot_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    capacity: Mapped[int] = mapped_column(Integer, nullable=False)
    allocated: Mapped[int] = mapped_column(Integer, nullable=False)


class SlotQuotaRecord(ServerBase):
    __tablename__ = "slot_quotas"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    kiosk_id: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    office_code: Mapped[str] = mapped_column(String(40), nullable=False)
    slot_id: Mapped[str] = mapped_column(String(60), nullable=False)
    granted: Mapped[int] = mapped_column(Integer, nullable=False)
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)


class ReferenceRecord(ServerBase):
    """A reference document for a profile (``scope`` = ``profile:vn``) or one office (``office:CODE``,
    which wins over its profile's)."""

    __tablename__ = "reference_documents"

    scope: Mapped[str] = mapped_column(String(60), primary_key=True)
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    digest: Mapped[str] = mapped_column(String(64), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)


class DossierStatusChange(ServerBase):
    __tablename__ = "dossier_status_changes"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    office_code: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    dossier_code: Mapped[str] = mapped_column(String(60), nullable=False)
    status: Mapped[str] = mapped_column(String(40), nullable=False)
    note: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)


class OtpChallengeRecord(ServerBase):
    """A one-time password sent by SMS; the code is kept only as a keyed hash."""

    __tablename__ = "otp_challenges"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    kiosk_id: Mapped[str] = mapped_column(String(40), nullable=False)
    code_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    attempts_left: Mapped[int] = mapped_column(Integer, nullable=False)
    verified: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class PaymentRecord(ServerBase):
    __tablename__ = "payments"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(36), nullable=False, unique=True)
    kiosk_id: Mapped[str] = mapped_column(String(40), nullable=False)
    office_code: Mapped[str] = mapped_column(String(40), nullable=False)
    amount: Mapped[int] = mapped_column(BigInteger, nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    reference: Mapped[str] = mapped_column(String(60), nullable=False)
    provider_ref: Mapped[str] = mapped_column(String(80), nullable=False)
    qr_payload: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    confirmed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class DashboardOperator(ServerBase):
    """Someone allowed to read the dashboard: a name and a scrypt password hash
    (``kiosk-server operator``)."""

    __tablename__ = "dashboard_operators"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(200), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    # Sign-ins begun since the last success; at the limit the name is locked until ``locked_until``.
    failed_sign_ins: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class ActivationRedemption(ServerBase):
    """An activation code redeemed by the citizen's phone application: one per code, and one
    per enrollment (both unique), so a second scan is refused."""

    __tablename__ = "activation_redemptions"

    token_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    transaction_id: Mapped[str] = mapped_column(String(36), nullable=False, unique=True)
    kiosk_id: Mapped[str] = mapped_column(String(40), nullable=False)
    office_code: Mapped[str] = mapped_column(String(40), nullable=False)
    redeemed_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
