"""methodology versions; the roadmap template version a pilot was made from

Revision ID: a1c3e5f7b9d2
Revises: f0120c2b71bd
Create Date: 2026-12-05 13:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "a1c3e5f7b9d2"
down_revision = "f0120c2b71bd"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "methodology_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_methodology_versions")),
        sa.UniqueConstraint("kind", "key", "version", name=op.f("uq_methodology_versions_kind")),
    )
    with op.batch_alter_table("pilots", schema=None) as batch_op:
        batch_op.add_column(sa.Column("template_version", sa.Integer(), nullable=True))
    # Every pilot made from a template so far was made from its first version.
    op.execute("UPDATE pilots SET template_version = 1 WHERE template_key IS NOT NULL")


def downgrade():
    with op.batch_alter_table("pilots", schema=None) as batch_op:
        batch_op.drop_column("template_version")
    op.drop_table("methodology_versions")
