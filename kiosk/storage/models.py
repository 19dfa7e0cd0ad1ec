"""Typed SQLAlchemy models of the kiosk's domain tables (the sync worker's tables are in
``sync.outbox`` and ``sync.leases``; all share :class:`~sync.kiosk_schema.KioskBase`)."""

from __future__ import annotations

import importlib
from datetime import date, datetime

from sqlalchemy import Date, Integer, LargeBinary, MetaData, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sync.kiosk_schema import KioskBase
from sync.sqltypes import UtcDateTime


def kiosk_metadata() -> MetaData:
    """The metadata of the whole kiosk database: these domain tables, the outbox and the lease
    tables (their modules are imported here, not at the top, so that importing the domain
    models does not load the wire protocol)."""
    for module in ("sync.outbox", "sync.leases"):
        importlib.import_module(module)
    return KioskBase.metadata


class QueueTicketRecord(KioskBase):
    """A queue ticket as issued; the unique constraint makes a repeated number impossible."""

    __tablename__ = "queue_ticket"
    __table_args__ = (UniqueConstraint("office_code", "category_code", "service_date", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    transaction_id: Mapped[str] = mapped_column(String(36), unique=True, nullable=False)
    office_code: Mapped[str] = mapped_column(String(40), nullable=False)
    kiosk_id: Mapped[str] = mapped_column(String(40), nullable=False)
    category_code: Mapped[str] = mapped_column(String(1), nullable=False)
    service_date: Mapped[date] = mapped_column(Date, nullable=False)
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    language: Mapped[str] = mapped_column(String(2), nullable=False)
    people_ahead: Mapped[int] = mapped_column(Integer, nullable=False)
    served_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class PrintJobRecord(KioskBase):
    """A slip to print, kept until it is on paper.

    ``state``: ``pending`` (waiting for the printer), ``printing`` (bytes being sent),
    ``printed``, or ``uncertain`` (the kiosk stopped, or the line broke, while bytes were
    being sent: it may or may not be on paper, so it is never sent again by itself; a
    technician or the citizen's reprint decides).
    """

    __tablename__ = "print_job"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    job_key: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    state: Mapped[str] = mapped_column(String(16), nullable=False, index=True)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    last_problem: Mapped[str | None] = mapped_column(String(40), nullable=True)
    printed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    preview: Mapped[str | None] = mapped_column(String(300), nullable=True)


class AuditEventRecord(KioskBase):
    """Who did what, when: officers' and technicians' steps (SPEC 5 and 6).

    ``actor`` is an officer or technician identifier, never a citizen's; ``detail`` holds no
    personal data (the transaction id links to the sealed outbox row where one exists).
    Append-only and hash-chained (``entry_hash``): written only by
    :func:`kiosk.storage.audit_chain.append`.
    """

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    actor: Mapped[str] = mapped_column(String(80), nullable=False, index=True)
    action: Mapped[str] = mapped_column(String(80), nullable=False)
    transaction_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    detail: Mapped[str | None] = mapped_column(Text, nullable=True)
    entry_hash: Mapped[str] = mapped_column(String(64), nullable=False)
