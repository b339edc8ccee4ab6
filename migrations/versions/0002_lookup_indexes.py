"""Indexes for the common lookups: claims by unit and language, documents by URL.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 04:26:47.544004
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.create_index('ix_claims_lang', ['lang'], unique=False)
        batch_op.create_index('ix_claims_unit_normalized', ['unit_normalized'], unique=False)

    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_url'), ['url'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_url'))

    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index('ix_claims_unit_normalized')
        batch_op.drop_index('ix_claims_lang')

