"""Queue tickets.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "queue_ticket",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("transaction_id", sa.String(36), nullable=False, unique=True),
        sa.Column("office_code", sa.String(40), nullable=False),
        sa.Column("kiosk_id", sa.String(40), nullable=False),
        sa.Column("category_code", sa.String(1), nullable=False),
        sa.Column("service_date", sa.Date(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("people_ahead", sa.Integer(), nullable=False),
        sa.Column("served_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("office_code", "category_code", "service_date", "number"),
    )


def downgrade() -> None:
    op.drop_table("queue_ticket")
