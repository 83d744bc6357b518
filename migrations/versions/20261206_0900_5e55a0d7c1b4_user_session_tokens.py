"""users.session_token: part of every session's id, replaced to sign a user out everywhere

Revision ID: 5e55a0d7c1b4
Revises: a1c3e5f7b9d2
Create Date: 2026-12-06 09:00:00

"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "5e55a0d7c1b4"
down_revision = "a1c3e5f7b9d2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("session_token", sa.String(length=64), nullable=True))
    # One token per existing user; sessions signed before this hold no token and end.
    users = sa.table("users", sa.column("id", sa.Integer), sa.column("session_token", sa.String))
    connection = op.get_bind()
    for (user_id,) in connection.execute(sa.select(users.c.id)).all():
        connection.execute(
            sa.update(users)
            .where(users.c.id == user_id)
            .values(session_token=secrets.token_urlsafe(32))
        )
    with op.batch_alter_table("users") as batch_op:
        batch_op.alter_column("session_token", existing_type=sa.String(length=64), nullable=False)


def downgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("session_token")
