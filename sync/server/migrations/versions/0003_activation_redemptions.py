"""Activation codes redeemed by the citizens' phone application.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "activation_redemptions",
        sa.Column("token_id", sa.String(80), primary_key=True),
        sa.Column("transaction_id", sa.String(36), nullable=False, unique=True),
        sa.Column("kiosk_id", sa.String(40), nullable=False),
        sa.Column("office_code", sa.String(40), nullable=False),
        sa.Column("redeemed_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("activation_redemptions")
