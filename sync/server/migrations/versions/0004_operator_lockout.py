"""Dashboard operators: failed sign-ins counted and a lockout, shared by every worker.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("dashboard_operators") as table:
        table.add_column(sa.Column("failed_sign_ins", sa.Integer(), nullable=False, server_default="0"))
        table.add_column(sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("dashboard_operators") as table:
        table.drop_column("locked_until")
        table.drop_column("failed_sign_ins")
