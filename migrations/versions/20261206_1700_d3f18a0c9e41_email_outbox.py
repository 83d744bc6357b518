"""notifications.email_due_at and email_claimed_until: the e-mail outbox

Revision ID: d3f18a0c9e41
Revises: 5e55a0d7c1b4
Create Date: 2026-12-06 17:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "d3f18a0c9e41"
down_revision = "5e55a0d7c1b4"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("notifications") as batch_op:
        batch_op.add_column(sa.Column("email_due_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("email_claimed_until", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.create_index(
            batch_op.f("ix_notifications_email_due_at"), ["email_due_at"], unique=False
        )
    # E-mails pending before the outbox existed are due now: the sweep sends them.
    notifications = sa.table(
        "notifications",
        sa.column("email_status", sa.String),
        sa.column("email_due_at", sa.DateTime(timezone=True)),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    op.execute(
        sa.update(notifications)
        .where(notifications.c.email_status == "pending")
        .values(email_due_at=notifications.c.created_at)
    )


def downgrade():
    with op.batch_alter_table("notifications") as batch_op:
        batch_op.drop_index(batch_op.f("ix_notifications_email_due_at"))
        batch_op.drop_column("email_claimed_until")
        batch_op.drop_column("email_due_at")
