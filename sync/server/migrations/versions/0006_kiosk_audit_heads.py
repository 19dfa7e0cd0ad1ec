"""Each kiosk's last audit-chain head (from its heartbeats) and when it was seen rewritten.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("kiosks") as kiosks:
        kiosks.add_column(sa.Column("audit_count", sa.Integer(), nullable=True))
        kiosks.add_column(sa.Column("audit_head", sa.String(64), nullable=True))
        kiosks.add_column(sa.Column("audit_rewritten_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("kiosks") as kiosks:
        kiosks.drop_column("audit_rewritten_at")
        kiosks.drop_column("audit_head")
        kiosks.drop_column("audit_count")
