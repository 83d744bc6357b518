"""Solution search text and stems (the knowledge bank); the Russian full-text index on
PostgreSQL.

Revision ID: f0120c2b71bd
Revises: 081abcc42123
Create Date: 2026-11-23 07:42:26.471055

"""

import sqlalchemy as sa
from alembic import op

revision = "f0120c2b71bd"
down_revision = "081abcc42123"
branch_labels = None
depends_on = None

SEARCH = "to_tsvector('russian'::regconfig, search_text)"


def upgrade():
    with op.batch_alter_table("solutions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("search_stems", sa.Text(), nullable=False, server_default="")
        )
    if op.get_bind().dialect.name == "postgresql":
        op.create_index(
            "ix_solutions_search", "solutions", [sa.text(SEARCH)], postgresql_using="gin"
        )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_solutions_search", table_name="solutions")
    with op.batch_alter_table("solutions", schema=None) as batch_op:
        batch_op.drop_column("search_stems")
        batch_op.drop_column("search_text")
