"""maturity: self-assessments against the seed 004 §3 checklist, their answers with evidence,
and federal consultants' calibrations

Revision ID: c14a55e55e01
Revises: 5b7e2c91d4a8
Create Date: 2026-12-06 17:05:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "c14a55e55e01"
down_revision = "5b7e2c91d4a8"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "maturity_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("checklist_key", sa.String(length=64), nullable=False),
        sa.Column("checklist_version", sa.Integer(), nullable=False),
        sa.Column("filled_on", sa.Date(), nullable=False),
        sa.Column("filled_by", sa.String(length=300), nullable=False),
        sa.Column("conclusion", sa.Text(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("max_score", sa.Integer(), nullable=False),
        sa.Column("blocks", sa.JSON(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_maturity_assessments_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_maturity_assessments_region_id_regions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_maturity_assessments")),
    )
    with op.batch_alter_table("maturity_assessments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_maturity_assessments_filled_on"), ["filled_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_maturity_assessments_region_id"), ["region_id"], unique=False
        )

    op.create_table(
        "maturity_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=32), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("block", sa.String(length=32), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("evidence_url", sa.String(length=2000), nullable=False),
        sa.Column("evidence_key", sa.String(length=100), nullable=True),
        sa.Column("evidence_name", sa.String(length=255), nullable=True),
        sa.Column("evidence_type", sa.String(length=100), nullable=True),
        sa.Column("evidence_size", sa.Integer(), nullable=True),
        sa.Column("evidence_sha256", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["maturity_assessments.id"],
            name=op.f("fk_maturity_answers_assessment_id_maturity_assessments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_maturity_answers")),
        sa.UniqueConstraint(
            "assessment_id", "item", name=op.f("uq_maturity_answers_assessment_id")
        ),
    )
    with op.batch_alter_table("maturity_answers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_maturity_answers_assessment_id"), ["assessment_id"], unique=False
        )

    op.create_table(
        "maturity_calibrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("consultant_id", sa.Integer(), nullable=True),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("blocks", sa.JSON(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["maturity_assessments.id"],
            name=op.f("fk_maturity_calibrations_assessment_id_maturity_assessments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["consultant_id"],
            ["users.id"],
            name=op.f("fk_maturity_calibrations_consultant_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_maturity_calibrations_region_id_regions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_maturity_calibrations")),
    )
    with op.batch_alter_table("maturity_calibrations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_maturity_calibrations_assessment_id"), ["assessment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_maturity_calibrations_region_id"), ["region_id"], unique=False
        )

    op.create_table(
        "maturity_calibration_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("calibration_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=32), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("block", sa.String(length=32), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["calibration_id"],
            ["maturity_calibrations.id"],
            name=op.f("fk_maturity_calibration_answers_calibration_id_maturity_calibrations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_maturity_calibration_answers")),
        sa.UniqueConstraint(
            "calibration_id", "item", name=op.f("uq_maturity_calibration_answers_calibration_id")
        ),
    )
    with op.batch_alter_table("maturity_calibration_answers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_maturity_calibration_answers_calibration_id"),
            ["calibration_id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("maturity_calibration_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_maturity_calibration_answers_calibration_id"))

    op.drop_table("maturity_calibration_answers")
    with op.batch_alter_table("maturity_calibrations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_maturity_calibrations_region_id"))
        batch_op.drop_index(batch_op.f("ix_maturity_calibrations_assessment_id"))

    op.drop_table("maturity_calibrations")
    with op.batch_alter_table("maturity_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_maturity_answers_assessment_id"))

    op.drop_table("maturity_answers")
    with op.batch_alter_table("maturity_assessments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_maturity_assessments_region_id"))
        batch_op.drop_index(batch_op.f("ix_maturity_assessments_filled_on"))

    op.drop_table("maturity_assessments")
