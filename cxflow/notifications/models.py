"""Notifications shown in the app and, if the user wants, sent by e-mail."""

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cxflow.core.db import utcnow
from cxflow.core.extensions import db
from cxflow.users.models import User


class Notification(db.Model):
    """One message to one user. `dedup_key` makes every reminder idempotent: the same key
    (e.g. "reminder:activity:12:2026-11-23") is stored once, however often a task runs."""

    __tablename__ = "notifications"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "dedup_key", name="uq_notifications_user_id_dedup_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(32))
    dedup_key: Mapped[str] = mapped_column(sa.String(200))
    title: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    link: Mapped[str] = mapped_column(sa.String(500), default="")
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    read_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # e-mail delivery: none (not wanted) | pending | sent | failed
    email_status: Mapped[str] = mapped_column(sa.String(16), default="none", index=True)
    email_attempts: Mapped[int] = mapped_column(default=0)
    email_error: Mapped[str] = mapped_column(sa.Text, default="")
    emailed_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # The outbox (cxflow.notifications.outbox): a pending e-mail is due at `email_due_at`
    # (the commit, or the next retry); a sender claims it until `email_claimed_until` with a
    # conditional UPDATE, so two senders racing send it once.
    email_due_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True), index=True)
    email_claimed_until: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))

    user: Mapped[User] = relationship()


class EmailPreference(db.Model):
    """A user's choice of e-mails per notification kind (no row: the kind's default)."""

    __tablename__ = "email_preferences"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    enabled: Mapped[bool]
