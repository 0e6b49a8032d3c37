"""ambassador questions checked by an adviser before ambassadors see them; the published
question is the adviser's neutral wording

Revision ID: 0010
Revises: 0009
"""

from alembic import op
import sqlalchemy as sa


revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ambassador_question", schema=None) as batch_op:
        batch_op.add_column(sa.Column("checked_text", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("checked_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("checked_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("dropped_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("drop_reason", sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            "fk_ambassador_question_checked_by", "account", ["checked_by_id"], ["id"], ondelete="SET NULL"
        )
    with op.batch_alter_table("ambassador_answer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("public_question", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ambassador_answer", schema=None) as batch_op:
        batch_op.drop_column("public_question")
    with op.batch_alter_table("ambassador_question", schema=None) as batch_op:
        batch_op.drop_constraint("fk_ambassador_question_checked_by", type_="foreignkey")
        batch_op.drop_column("drop_reason")
        batch_op.drop_column("dropped_at")
        batch_op.drop_column("checked_by_id")
        batch_op.drop_column("checked_at")
        batch_op.drop_column("checked_text")
