"""The server's first schema: offices, kiosks, ingest, leases, reference data, services.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _instant() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "offices",
        sa.Column("code", sa.String(40), primary_key=True),
        sa.Column("profile", sa.String(8), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("created_at", _instant(), nullable=False),
    )
    op.create_table(
        "enrollment_codes",
        sa.Column("id", BIG_ID, primary_key=True, autoincrement=True),
        sa.Column("code_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("office_code", sa.String(40), sa.ForeignKey("offices.code"), nullable=False),
        sa.Column("created_at", _instant(), nullable=False),
        sa.Column("expires_at", _instant(), nullable=False),
        sa.Column("used_at", _instant(), nullable=True),
        sa.Column("kiosk_id", sa.String(40), nullable=True),
    )
    op.create_table(
        "kiosks",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("office_code", sa.String(40), sa.ForeignKey("offices.code"), nullable=False),
        sa.Column("public_key", sa.String(60), nullable=False),
        sa.Column("label", sa.String(60), nullable=False),
        sa.Column("software_version", sa.String(40), nullable=False),
        sa.Column("enrolled_at", _instant(), nullable=False),
        sa.Column("revoked_at", _instant(), nullable=True),
        sa.Column("last_seen_at", _instant(), nullable=True),
        sa.Column("heartbeat_at", _instant(), nullable=True),
        sa.Column("backlog", sa.Integer(), nullable=True),
        sa.Column("dead_letters", sa.Integer(), nullable=True),
        sa.Column("oldest_pending_at", _instant(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("devices", sa.Text(), nullable=True),
    )
    op.create_index("ix_kiosks_office_code", "kiosks", ["office_code"])
    op.create_table(
        "used_nonces",
        sa.Column("kiosk_id", sa.String(40), primary_key=True),
        sa.Column("nonce", sa.String(64), primary_key=True),
        sa.Column("expires_at", sa.BigInteger(), nullable=False),
    )
    op.create_index("ix_used_nonces_expires_at", "used_nonces", ["expires_at"])
    op.create_table(
        "transactions",
        sa.Column("id", BIG_ID, primary_key=True, autoincrement=True),
        sa.Column("idempotency_key", sa.String(36), nullable=False, unique=True),
        sa.Column("kiosk_id", sa.String(40), nullable=False),
        sa.Column("office_code", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("schema_version", sa.Integer(), nullable=False),
        sa.Column("created_at", _instant(), nullable=False),
        sa.Column("device_sequence", sa.BigInteger(), nullable=False),
        sa.Column("received_at", _instant(), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("personal_sealed", sa.LargeBinary(), nullable=True),
    )
    op.create_index("ix_transactions_kiosk_sequence", "transactions", ["kiosk_id", "device_sequence"])
    op.create_index("ix_transactions_office_kind", "transactions", ["office_code", "kind"])
    op.create_table(
        "rejected_transactions",
        sa.Column("id", BIG_ID, primary_key=True, autoincrement=True),
        sa.Column("idempotency_key", sa.String(64), nullable=False),
        sa.Column("kiosk_id", sa.String(40), nullable=False),
        sa.Column("office_code", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("received_at", _instant(), nullable=False),
    )
    op.create_index("ix_rejected_transactions_idempotency_key", "rejected_transactions", ["idempotency_key"])
    op.create_index("ix_rejected_transactions_kiosk_id", "rejected_transactions", ["kiosk_id"])
    op.create_table(
        "number_counters",
        sa.Column("office_code", sa.String(40), primary_key=True),
        sa.Column("kind", sa.String(20), primary_key=True),
        sa.Column("series", sa.String(20), primary_key=True),
        sa.Column("service_date", sa.Date(), primary_key=True),
        sa.Column("next_number", sa.Integer(), nullable=False),
    )
    op.create_table(
        "number_leases",
        sa.Column("id", BIG_ID, primary_key=True, autoincrement=True),
        sa.Column("kiosk_id", sa.String(40), nullable=False),
        sa.Column("office_code", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("series", sa.String(20), nullable=False),
        sa.Column("service_date", sa.Date(), nullable=False),
        sa.Column("first", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.Column("granted_at", _instant(), nullable=False),
        sa.UniqueConstraint("office_code", "kind", "series", "service_date", "first"),
    )
    op.create_index("ix_number_leases_kiosk_id", "number_leases", ["kiosk_id"])
    op.create_table(
        "slot_allocations",
        sa.Column("office_code", sa.String(40), primary_key=True),
        sa.Column("slot_id", sa.String(60), primary_key=True),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("allocated", sa.Integer(), nullable=False),
    )
    op.create_table(
        "slot_quotas",
        sa.Column("id", BIG_ID, primary_key=True, autoincrement=True),
        sa.Column("kiosk_id", sa.String(40), nullable=False),
        sa.Column("office_code", sa.String(40), nullable=False),
        sa.Column("slot_id", sa.String(60), nullable=False),
        sa.Column("granted", sa.Integer(), nullable=False),
        sa.Column("granted_at", _instant(), nullable=False),
    )
    op.create_index("ix_slot_quotas_kiosk_id", "slot_quotas", ["kiosk_id"])
    op.create_table(
        "reference_documents",
        sa.Column("scope", sa.String(60), primary_key=True),
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("updated_at", _instant(), nullable=False),
    )
    op.create_table(
        "dossier_status_changes",
        sa.Column("id", BIG_ID, primary_key=True, autoincrement=True),
        sa.Column("office_code", sa.String(40), nullable=False),
        sa.Column("dossier_code", sa.String(60), nullable=False),
        sa.Column("status", sa.String(40), nullable=False),
        sa.Column("note", sa.String(200), nullable=False),
        sa.Column("changed_at", _instant(), nullable=False),
    )
    op.create_index("ix_dossier_status_changes_office_code", "dossier_status_changes", ["office_code"])
    op.create_table(
        "otp_challenges",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("kiosk_id", sa.String(40), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("created_at", _instant(), nullable=False),
        sa.Column("expires_at", _instant(), nullable=False),
        sa.Column("attempts_left", sa.Integer(), nullable=False),
        sa.Column("verified", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "payments",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("idempotency_key", sa.String(36), nullable=False, unique=True),
        sa.Column("kiosk_id", sa.String(40), nullable=False),
        sa.Column("office_code", sa.String(40), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("reference", sa.String(60), nullable=False),
        sa.Column("provider_ref", sa.String(80), nullable=False),
        sa.Column("qr_payload", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", _instant(), nullable=False),
        sa.Column("confirmed_at", _instant(), nullable=True),
    )


def downgrade() -> None:
    for table in (
        "payments",
        "otp_challenges",
        "dossier_status_changes",
        "reference_documents",
        "slot_quotas",
        "slot_allocations",
        "number_leases",
        "number_counters",
        "rejected_transactions",
        "transactions",
        "used_nonces",
        "kiosks",
        "enrollment_codes",
        "offices",
    ):
        op.drop_table(table)
