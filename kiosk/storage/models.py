"""Typed SQLAlchemy models of the kiosk's domain tables."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Integer, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from sync.sqltypes import UtcDateTime


class Base(DeclarativeBase):
    """Metadata of the kiosk's domain tables (the outbox has its own, in ``sync.outbox``)."""


class QueueTicketRecord(Base):
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
