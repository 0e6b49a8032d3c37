"""alert grades and flood control, outbox dead letters, emails given up on or overdue

Revision ID: 0009
Revises: 0008
"""

from alembic import op
import sqlalchemy as sa


revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("safeguarding_alert", schema=None) as batch_op:
        batch_op.alter_column("concern", existing_type=sa.String(length=32), type_=sa.String(length=40))
        batch_op.add_column(sa.Column("grade", sa.String(length=16), nullable=False, server_default="urgent"))
        batch_op.add_column(sa.Column("trigger", sa.String(length=200), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("messages", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("possible_abuse", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.add_column(sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("alarm_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "dead_letter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=16), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=200), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("dismissed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reference"),
    )


def downgrade() -> None:
    op.drop_table("dead_letter")
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_column("alarm_at")
        batch_op.drop_column("failed_at")
    with op.batch_alter_table("safeguarding_alert", schema=None) as batch_op:
        batch_op.drop_column("possible_abuse")
        batch_op.drop_column("messages")
        batch_op.drop_column("updated_at")
        batch_op.drop_column("trigger")
        batch_op.drop_column("grade")
        batch_op.alter_column("concern", existing_type=sa.String(length=40), type_=sa.String(length=32))
