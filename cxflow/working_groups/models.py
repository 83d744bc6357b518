"""A pilot's working group (cross-functional team): members and numbered meetings."""

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cxflow.core.db import RegionScopedMixin, TimestampMixin, VersionedMixin
from cxflow.core.extensions import db
from cxflow.pilots.models import Deliverable, Pilot
from cxflow.users.models import User


class Member(RegionScopedMixin, TimestampMixin, VersionedMixin, db.Model):
    """A member of the working group; outside bodies and target-group representatives
    belong too (seed 001 §1.2 item 4b)."""

    __tablename__ = "working_group_members"
    # At most one leader per group, even when two people save at once.
    __table_args__ = (
        sa.Index(
            "uq_working_group_members_leader",
            "pilot_id",
            unique=True,
            sqlite_where=sa.text("is_leader"),
            postgresql_where=sa.text("is_leader"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pilot_id: Mapped[int] = mapped_column(
        sa.ForeignKey("pilots.id", ondelete="CASCADE"), index=True
    )
    full_name: Mapped[str] = mapped_column(sa.String(200))
    position: Mapped[str] = mapped_column(sa.String(300), default="")
    organisation: Mapped[str] = mapped_column(sa.String(300), default="")
    role: Mapped[str] = mapped_column(sa.String(200), default="")  # role in the group
    is_leader: Mapped[bool] = mapped_column(default=False)
    is_target_group_representative: Mapped[bool] = mapped_column(default=False)
    phone: Mapped[str] = mapped_column(sa.String(50), default="")
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    pilot: Mapped[Pilot] = relationship()
    user: Mapped[User | None] = relationship()


class Meeting(RegionScopedMixin, TimestampMixin, VersionedMixin, db.Model):
    """A numbered working-group meeting (совещание №1…) with its protocol and decisions."""

    __tablename__ = "working_group_meetings"
    __table_args__ = (sa.UniqueConstraint("pilot_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pilot_id: Mapped[int] = mapped_column(
        sa.ForeignKey("pilots.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    held_on: Mapped[dt.date]
    protocol: Mapped[str] = mapped_column(sa.Text, default="")
    decisions: Mapped[str] = mapped_column(sa.Text, default="")
    # The meeting that approved the roadmap (seed 001 App. 1 item 1.4, seed 002 App. 1 item 3:
    # roadmaps «утвержденные протоколом рабочей группы»): its protocol approves the roadmap.
    approves_roadmap: Mapped[bool] = mapped_column(default=False)
    # The signed protocol as a file, stored as a pilot deliverable of kind "protocol".
    deliverable_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("deliverables.id", ondelete="SET NULL")
    )

    pilot: Mapped[Pilot] = relationship()
    deliverable: Mapped[Deliverable | None] = relationship()
