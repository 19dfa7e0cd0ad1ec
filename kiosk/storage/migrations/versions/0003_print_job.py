"""Print jobs kept until they are on paper.

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
        "print_job",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("job_key", sa.String(80), nullable=False, unique=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_problem", sa.String(40), nullable=True),
        sa.Column("printed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("preview", sa.String(300), nullable=True),
    )
    op.create_index("ix_print_job_state", "print_job", ["state"])


def downgrade() -> None:
    op.drop_index("ix_print_job_state", table_name="print_job")
    op.drop_table("print_job")
