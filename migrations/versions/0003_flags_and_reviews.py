"""Consistency checks: runs, flags with their claims, reviewers' decisions, entity splits.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 04:32:27.867688
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('check_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('tolerances', sa.Text(), nullable=False),
    sa.Column('claims', sa.Integer(), nullable=False),
    sa.Column('flags', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('entity_splits',
    sa.Column('key_a', sa.String(length=255), nullable=False),
    sa.Column('key_b', sa.String(length=255), nullable=False),
    sa.PrimaryKeyConstraint('key_a', 'key_b')
    )
    op.create_table('flag_reviews',
    sa.Column('key', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('flags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('severity', sa.String(length=8), nullable=False),
    sa.Column('entity', sa.Text(), nullable=True),
    sa.Column('attribute', sa.Text(), nullable=True),
    sa.Column('qualifiers', sa.Text(), nullable=False),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['check_runs.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('flags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_flags_key'), ['key'], unique=False)
        batch_op.create_index(batch_op.f('ix_flags_run_id'), ['run_id'], unique=False)

    op.create_table('flag_claims',
    sa.Column('flag_id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['flag_id'], ['flags.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('flag_id', 'claim_id')
    )


def downgrade() -> None:
    op.drop_table('flag_claims')
    with op.batch_alter_table('flags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_flags_run_id'))
        batch_op.drop_index(batch_op.f('ix_flags_key'))

    op.drop_table('flags')
    op.drop_table('flag_reviews')
    op.drop_table('entity_splits')
    op.drop_table('check_runs')
