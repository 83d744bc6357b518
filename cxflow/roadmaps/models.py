"""Roadmap lines (activities, checkpoints, headings) of a pilot, and calendar feeds of them."""

import datetime as dt
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from cxflow.core.db import RegionScopedMixin, TimestampMixin, VersionedMixin, utcnow
from cxflow.core.extensions import db
from cxflow.pilots.models import Deliverable, DeliverableKind, Pilot
from cxflow.users.models import User


class ActivityKind(enum.StrEnum):
    heading = "heading"  # a section of the roadmap: no dates of its own
    activity = "activity"  # has a start and a duration in working days
    checkpoint = "checkpoint"  # a milestone: a due date only


class Activity(RegionScopedMixin, TimestampMixin, VersionedMixin, db.Model):
    """A roadmap line: activity, checkpoint or heading; nested by `parent_id`."""

    __tablename__ = "activities"
    # One line per place in the roadmap ("0002.0001" is line 2.1; cxflow.core.db.reorder); a
    # new line has no place ("") until renumber() gives it one.
    __table_args__ = (
        sa.Index(
            "uq_activities_sort_key",
            "pilot_id",
            "sort_key",
            unique=True,
            sqlite_where=sa.text("sort_key <> ''"),
            postgresql_where=sa.text("sort_key <> ''"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pilot_id: Mapped[int] = mapped_column(
        sa.ForeignKey("pilots.id", ondelete="CASCADE"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("activities.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=1)  # order among its siblings, from 1
    number: Mapped[str] = mapped_column(sa.String(32))  # "2.1.5", derived from positions
    # Zero-padded path ("0002.0001.0005") so that ORDER BY gives the roadmap order.
    sort_key: Mapped[str] = mapped_column(sa.String(160), default="")
    kind: Mapped[ActivityKind] = mapped_column(
        sa.Enum(ActivityKind, native_enum=False, length=16), default=ActivityKind.activity
    )
    title: Mapped[str] = mapped_column(sa.Text)
    responsible: Mapped[str] = mapped_column(sa.String(300), default="")
    responsible_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    start_date: Mapped[dt.date | None]
    duration_working_days: Mapped[int | None]
    due_date: Mapped[dt.date | None] = mapped_column(index=True)
    ongoing: Mapped[bool] = mapped_column(default=False)  # "весь период пилотной апробации"
    result: Mapped[str] = mapped_column(sa.Text, default="")
    deliverable_kind: Mapped[DeliverableKind | None] = mapped_column(
        sa.Enum(DeliverableKind, native_enum=False, length=16)
    )
    status: Mapped[str] = mapped_column(sa.String(16), default="planned")
    completed_on: Mapped[dt.date | None]  # "Дата исполнения" of the results report (App. 6)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    template_number: Mapped[str | None] = mapped_column(sa.String(32))  # line of the template
    # A programme line that the typical roadmap leaves out (the template's `optional`).
    optional: Mapped[bool] = mapped_column(default=False)
    # A fixed-day checkpoint (seed 004 §2) already past when the roadmap was made: flagged,
    # never moved to another year.
    past_at_creation: Mapped[bool] = mapped_column(default=False)
    # The CX cycle's artefact that completes the line (template `completed_by`: "profile",
    # "meeting-2" …), and what cxflow.roadmaps.artefacts last found of it: its title and page
    # (shown as the line's deliverable), whether it counted (found, and the cycle not stepped
    # back to rework it), whether the cycle closed the line, and why the cycle reopened it.
    completed_by: Mapped[str | None] = mapped_column(sa.String(32))
    artefact_title: Mapped[str] = mapped_column(sa.String(300), default="")
    artefact_path: Mapped[str | None] = mapped_column(sa.String(500))
    artefact_ready: Mapped[bool] = mapped_column(default=False)
    done_by_cycle: Mapped[bool] = mapped_column(default=False)
    cycle_note: Mapped[str] = mapped_column(sa.Text, default="")

    pilot: Mapped[Pilot] = relationship(
        backref=backref("activities", cascade="all, delete-orphan", order_by="Activity.sort_key")
    )
    parent: Mapped["Activity | None"] = relationship(remote_side=[id], back_populates="children")
    # Deleting a section deletes its lines (as the foreign key's ON DELETE CASCADE does).
    children: Mapped[list["Activity"]] = relationship(
        back_populates="parent", order_by="Activity.sort_key", cascade="save-update, merge, delete"
    )
    responsible_user: Mapped[User | None] = relationship()
    deliverables: Mapped[list[Deliverable]] = relationship(backref="activity")


class CalendarFeed(db.Model):
    """A secret ICS link to deadlines: one pilot's roadmap, or (pilot None) a user's own
    activities. Revoking it makes the link answer 404."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(64), unique=True)
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    pilot_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("pilots.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))

    owner: Mapped[User] = relationship()
    pilot: Mapped[Pilot | None] = relationship()
