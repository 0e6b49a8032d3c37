"""opportunity dates optional: a recurring programme with no published date has none

Revision ID: 0007
Revises: 0006
"""

from alembic import op
import sqlalchemy as sa


revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("kb_opportunity", schema=None) as batch_op:
        batch_op.alter_column("starts", existing_type=sa.Date(), nullable=True)
        batch_op.alter_column("closes", existing_type=sa.Date(), nullable=True)
        batch_op.add_column(
            sa.Column("example", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("kb_opportunity", schema=None) as batch_op:
        batch_op.drop_column("example")
        batch_op.alter_column("closes", existing_type=sa.Date(), nullable=False)
        batch_op.alter_column("starts", existing_type=sa.Date(), nullable=False)
