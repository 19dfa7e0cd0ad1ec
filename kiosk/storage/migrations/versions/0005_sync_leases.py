"""Sync: the server's receipt on outbox rows, leased number ranges and appointment places.

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


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("ack_id", sa.String(64), nullable=True))
    op.create_table(
        "number_lease",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("lease_id", sa.Integer(), nullable=False, unique=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("series", sa.String(20), nullable=False),
        sa.Column("service_date", sa.Date(), nullable=False),
        sa.Column("first_number", sa.Integer(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.Column("next_number", sa.Integer(), nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("kind", "series", "service_date", "first_number"),
    )
    op.create_table(
        "slot_quota",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("slot_id", sa.String(60), nullable=False, unique=True),
        sa.Column("held", sa.Integer(), nullable=False),
        sa.Column("used", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("slot_quota")
    op.drop_table("number_lease")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("ack_id")
