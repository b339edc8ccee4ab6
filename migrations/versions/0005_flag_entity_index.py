"""Flags are looked up by entity (`kb flags --entity`, the report of one entity) and counted by kind
and severity (the summary `kb check` prints) without reading the flags themselves.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 07:10:00
"""
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_flags_entity', 'flags', ['entity'])
    op.create_index('ix_flags_kind_severity', 'flags', ['kind', 'severity'])


def downgrade() -> None:
    op.drop_index('ix_flags_kind_severity', table_name='flags')
    op.drop_index('ix_flags_entity', table_name='flags')
