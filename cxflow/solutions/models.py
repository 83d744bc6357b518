"""Solution maps (карта решений): per stage and pain point, what will be done, by whom and
when; the fast and cheap ones are quick wins (seed 001 §2.8, seed 003)."""

import datetime as dt
import enum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship, synonym

from cxflow.core.db import RegionScopedMixin, TimestampMixin, VersionedMixin
from cxflow.core.extensions import db
from cxflow.journeys.models import JourneyStage, Measurement, PainPoint
from cxflow.pilots.models import Pilot
from cxflow.users.models import User


class Tier(enum.StrEnum):
    """«Быстрые победы / На перспективу / Отложенные решения» (seed 001 §2.8 variant E)."""

    quick_win = "quick_win"
    long_term = "long_term"
    deferred = "deferred"


TIER_TITLES = {
    Tier.quick_win: _l("quick win"),
    Tier.long_term: _l("long term"),
    Tier.deferred: _l("deferred"),
}


class Solution(RegionScopedMixin, TimestampMixin, VersionedMixin, db.Model):
    """A row of the solution map."""

    __tablename__ = "solutions"
    __table_args__ = (
        # The knowledge bank's Russian full-text search (PostgreSQL only; SQLite matches
        # the stored stems).
        sa.Index(
            "ix_solutions_search",
            sa.text("to_tsvector('russian'::regconfig, search_text)"),
            postgresql_using="gin",
        ).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pilot_id: Mapped[int] = mapped_column(
        sa.ForeignKey("pilots.id", ondelete="CASCADE"), index=True
    )
    stage_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("journey_stages.id", ondelete="SET NULL"), index=True
    )
    pain_point_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("pain_points.id", ondelete="SET NULL"), index=True
    )
    solution: Mapped[str] = mapped_column(sa.Text)
    planned_result: Mapped[str] = mapped_column(sa.Text, default="")
    owner: Mapped[str] = mapped_column(sa.String(300), default="")
    owner_user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # A due date, or a window (window_start … due_date), or ongoing work without a date.
    window_start: Mapped[dt.date | None]
    due_date: Mapped[dt.date | None] = mapped_column(index=True)
    ongoing: Mapped[bool] = mapped_column(default=False)
    tier: Mapped[Tier] = mapped_column(
        sa.Enum(Tier, native_enum=False, length=16), default=Tier.long_term, index=True
    )
    status: Mapped[str] = mapped_column(sa.String(16), default="planned", index=True)
    done_on: Mapped[dt.date | None]
    # Effect monitoring: the stage's measurements before and after the solution.
    before_measurement_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("measurements.id", ondelete="SET NULL")
    )
    after_measurement_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("measurements.id", ondelete="SET NULL")
    )
    # Knowledge bank: copied from another region's solution; published for every region.
    origin_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("solutions.id", ondelete="SET NULL")
    )
    published: Mapped[bool] = mapped_column(default=False)
    # What the knowledge bank searches: stage, pain point, solution and planned result as
    # text, and the same words as Russian stems (cxflow.solutions.search keeps both).
    search_text: Mapped[str] = mapped_column(sa.Text, default="", info={"unlimited": True})
    search_stems: Mapped[str] = mapped_column(sa.Text, default="", info={"unlimited": True})

    pilot: Mapped[Pilot] = relationship()
    stage: Mapped[JourneyStage | None] = relationship()
    pain_point: Mapped[PainPoint | None] = relationship()
    owner_user: Mapped[User | None] = relationship()
    before_measurement: Mapped[Measurement | None] = relationship(
        foreign_keys=[before_measurement_id]
    )
    after_measurement: Mapped[Measurement | None] = relationship(
        foreign_keys=[after_measurement_id]
    )
    origin: Mapped["Solution | None"] = relationship(remote_side=[id])

    # Deadline reminders and digests (cxflow.notifications.reminders) name the person in charge
    # the way roadmap activities do.
    responsible_user_id = synonym("owner_user_id")
    responsible_user = synonym("owner_user")
