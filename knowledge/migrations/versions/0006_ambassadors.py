"""ambassador mode: invitations, profiles, questions, answers and visit requests

Revision ID: 0006
Revises: 0005
"""

from alembic import op
import sqlalchemy as sa


revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ambassador_invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("used_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["account.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["used_by_id"], ["account.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_table(
        "ambassador_profile",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("first_name", sa.String(length=40), nullable=False),
        sa.Column("apprenticeship", sa.String(length=120), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("employer_name", sa.String(length=200), nullable=True),
        sa.Column("employer_type", sa.String(length=60), nullable=False),
        sa.Column("sectors", sa.JSON(), nullable=False),
        sa.Column("place", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("account_id"),
    )
    op.create_table(
        "ambassador_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=16), nullable=False),
        sa.Column("conversation_id", sa.String(length=64), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("sector", sa.String(length=120), nullable=False),
        sa.Column("place", sa.String(length=120), nullable=True),
        sa.Column("occupation", sa.String(length=120), nullable=True),
        sa.Column("route", sa.String(length=120), nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["school_id"], ["school.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reference"),
    )
    with op.batch_alter_table("ambassador_question", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ambassador_question_conversation_id"), ["conversation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_ambassador_question_received_at"), ["received_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_ambassador_question_school_id"), ["school_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_ambassador_question_sector"), ["sector"], unique=False)

    op.create_table(
        "ambassador_visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=16), nullable=False),
        sa.Column("conversation_id", sa.String(length=64), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("school_given", sa.String(length=200), nullable=True),
        sa.Column("sector", sa.String(length=120), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_by_id", sa.Integer(), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["done_by_id"], ["account.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["school_id"], ["school.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reference"),
    )
    with op.batch_alter_table("ambassador_visit", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ambassador_visit_conversation_id"), ["conversation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_ambassador_visit_received_at"), ["received_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_ambassador_visit_school_id"), ["school_id"], unique=False
        )

    op.create_table(
        "ambassador_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("ambassador_id", sa.Integer(), nullable=True),
        sa.Column("attribution", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("approved_text", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("moderated_by_id", sa.Integer(), nullable=True),
        sa.Column("moderated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["ambassador_id"], ["account.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["moderated_by_id"], ["account.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["question_id"], ["ambassador_question.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("ambassador_answer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ambassador_answer_ambassador_id"), ["ambassador_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_ambassador_answer_question_id"), ["question_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_ambassador_answer_status"), ["status"], unique=False)


def downgrade() -> None:
    op.drop_table("ambassador_answer")
    op.drop_table("ambassador_visit")
    op.drop_table("ambassador_question")
    op.drop_table("ambassador_profile")
    op.drop_table("ambassador_invitation")
