"""safeguarding alerts

Revision ID: 0005
Revises: 0004
"""

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'safeguarding_alert',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('reference', sa.String(length=16), nullable=False),
        sa.Column('conversation_id', sa.String(length=64), nullable=False),
        sa.Column('school_id', sa.Integer(), nullable=True),
        sa.Column('concern', sa.String(length=32), nullable=False),
        sa.Column('transcript', sa.JSON(), nullable=False),
        sa.Column('raised_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('acknowledged_by_id', sa.Integer(), nullable=True),
        sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['acknowledged_by_id'], ['account.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['school_id'], ['school.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('reference'),
    )
    with op.batch_alter_table('safeguarding_alert', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_safeguarding_alert_conversation_id'), ['conversation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_safeguarding_alert_received_at'), ['received_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_safeguarding_alert_school_id'), ['school_id'], unique=False)


def downgrade() -> None:
    op.drop_table('safeguarding_alert')
