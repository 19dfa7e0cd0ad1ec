"""Each kiosk's own fallback block of ticket numbers and the enrollment it replaces, and the
received ticket numbers (to count numbers issued twice in an office's day).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("kiosks") as kiosks:
        kiosks.add_column(sa.Column("fallback_first", sa.Integer(), nullable=True))
        kiosks.add_column(sa.Column("fallback_last", sa.Integer(), nullable=True))
        kiosks.add_column(sa.Column("replaces_id", sa.String(40), nullable=True))
    op.create_table(
        "ticket_numbers",
        sa.Column("id", BIG_ID, primary_key=True, autoincrement=True),
        sa.Column("idempotency_key", sa.String(36), nullable=False, unique=True),
        sa.Column("office_code", sa.String(40), nullable=False),
        sa.Column("service_date", sa.Date(), nullable=False),
        sa.Column("category", sa.String(8), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kiosk_id", sa.String(40), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_ticket_numbers_office_day",
        "ticket_numbers",
        ["office_code", "service_date", "category", "number"],
    )


def downgrade() -> None:
    op.drop_index("ix_ticket_numbers_office_day", table_name="ticket_numbers")
    op.drop_table("ticket_numbers")
    with op.batch_alter_table("kiosks") as kiosks:
        kiosks.drop_column("replaces_id")
        kiosks.drop_column("fallback_last")
        kiosks.drop_column("fallback_first")
