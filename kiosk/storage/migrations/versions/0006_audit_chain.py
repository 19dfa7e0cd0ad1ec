"""The audit log becomes an append-only hash chain: ``entry_hash`` on every row.

Existing rows are chained in id order, from the genesis value, exactly as
``kiosk.storage.audit_chain.append`` would have chained them; then triggers refuse any
``UPDATE`` or ``DELETE`` of an audit row.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kiosk.storage.audit_chain import GENESIS, canonical_bytes, chain_hash
from sync.sqltypes import UtcDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_AUDIT = sa.table(
    "audit_event",
    sa.column("id", sa.Integer()),
    sa.column("at", UtcDateTime()),
    sa.column("actor", sa.String()),
    sa.column("action", sa.String()),
    sa.column("transaction_id", sa.String()),
    sa.column("detail", sa.Text()),
    sa.column("entry_hash", sa.String()),
)


def upgrade() -> None:
    with op.batch_alter_table("audit_event") as batch:
        batch.add_column(sa.Column("entry_hash", sa.String(64), nullable=True))
    connection = op.get_bind()
    previous = GENESIS
    rows = connection.execute(
        sa.select(
            _AUDIT.c.id,
            _AUDIT.c.at,
            _AUDIT.c.actor,
            _AUDIT.c.action,
            _AUDIT.c.transaction_id,
            _AUDIT.c.detail,
        ).order_by(_AUDIT.c.id)
    ).all()
    for row in rows:
        previous = chain_hash(
            previous, canonical_bytes(row.at, row.actor, row.action, row.transaction_id, row.detail)
        )
        connection.execute(sa.update(_AUDIT).where(_AUDIT.c.id == row.id).values(entry_hash=previous))
    with op.batch_alter_table("audit_event") as batch:
        batch.alter_column("entry_hash", existing_type=sa.String(64), nullable=False)
    op.execute(
        "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )
    op.execute(
        "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
    op.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
    with op.batch_alter_table("audit_event") as batch:
        batch.drop_column("entry_hash")
