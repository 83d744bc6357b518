"""The history of every state-machine transition, whatever the workflow."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cxflow.core.db import RegionScopedMixin, utcnow
from cxflow.core.extensions import db
from cxflow.users.models import User


class TransitionRecord(RegionScopedMixin, db.Model):
    """Who moved which object from which state to which, when and why."""

    __tablename__ = "transition_records"
    __table_args__ = (sa.Index("ix_transition_records_object", "workflow", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workflow: Mapped[str] = mapped_column(sa.String(32))
    object_id: Mapped[int]
    event: Mapped[str] = mapped_column(sa.String(32))
    from_state: Mapped[str] = mapped_column(sa.String(32))
    to_state: Mapped[str] = mapped_column(sa.String(32))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    # A page of what caused the transition, when another part of cxflow fired it (a roadmap
    # line closed by the CX cycle links to the profile, journey, protocol … that closed it).
    link: Mapped[str | None] = mapped_column(sa.String(500))

    actor: Mapped[User | None] = relationship()
