"""The index of an office for a period (seed 002): the region's measurement periods and chosen
indicators, objective checklists with evidence, suspended indicators, expert verification and
annulments. Scores are not stored: they are computed from these rows and the counted survey
answers under the methodology version the period was opened with (services.index), so a new
version never changes an earlier period's numbers."""

import datetime as dt
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cxflow.core.db import RegionScopedMixin, TimestampMixin, VersionedMixin, utcnow
from cxflow.core.extensions import db
from cxflow.orgs.models import Office, Region
from cxflow.users.models import User


class IndexPeriod(RegionScopedMixin, TimestampMixin, VersionedMixin, db.Model):
    """A region's measurement period (the 2022 pilot: 25.04–06.05.2022, L314). Answers received
    inside it, the checklists filed for it and its chosen indicators make its index;
    `methodology_version` is the version in force when it was opened (cxflow's decision)."""

    __tablename__ = "index_periods"
    __table_args__ = (sa.UniqueConstraint("region_id", "start", "end"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    start: Mapped[dt.date]
    end: Mapped[dt.date]
    methodology_key: Mapped[str] = mapped_column(sa.String(64))
    methodology_version: Mapped[int]

    region: Mapped[Region] = relationship()
    selections: Mapped[list["IndicatorSelection"]] = relationship(
        back_populates="period", cascade="all, delete-orphan", order_by="IndicatorSelection.id"
    )
    suspensions: Mapped[list["IndicatorSuspension"]] = relationship(
        back_populates="period", cascade="all, delete-orphan", order_by="IndicatorSuspension.id"
    )


class IndicatorSelection(RegionScopedMixin, db.Model):
    """An objective indicator the region chose for the period (agreed with the federal centre;
    region 52 chose four in 2022, L297)."""

    __tablename__ = "index_selections"
    __table_args__ = (sa.UniqueConstraint("period_id", "indicator_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(sa.ForeignKey("index_periods.id", ondelete="CASCADE"))
    indicator_key: Mapped[str] = mapped_column(sa.String(64))

    period: Mapped[IndexPeriod] = relationship(back_populates="selections")


class IndicatorSuspension(RegionScopedMixin, db.Model):
    """An indicator left out of the period's index, visibly, not scored 0 (remark #23)."""

    __tablename__ = "index_suspensions"
    __table_args__ = (sa.UniqueConstraint("period_id", "indicator_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(sa.ForeignKey("index_periods.id", ondelete="CASCADE"))
    indicator_key: Mapped[str] = mapped_column(sa.String(64))
    reason: Mapped[str] = mapped_column(sa.Text)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    period: Mapped[IndexPeriod] = relationship(back_populates="suspensions")
    created_by: Mapped[User | None] = relationship()


class Checklist(RegionScopedMixin, TimestampMixin, VersionedMixin, db.Model):
    """The objective data of one indicator at one office for one period (App. 8): ticked
    parameters with evidence, or `values` (vacancy counts, events outside the list). `score`
    and `max` are computed when saved, under `methodology_version`."""

    __tablename__ = "index_checklists"
    __table_args__ = (sa.UniqueConstraint("office_id", "period_id", "indicator_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("offices.id", ondelete="CASCADE"))
    period_id: Mapped[int] = mapped_column(
        sa.ForeignKey("index_periods.id", ondelete="CASCADE"), index=True
    )
    indicator_key: Mapped[str] = mapped_column(sa.String(64))
    methodology_version: Mapped[int]
    values: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    score: Mapped[float] = mapped_column(default=0)
    max: Mapped[float] = mapped_column(default=0)
    filled_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    office: Mapped[Office] = relationship()
    period: Mapped[IndexPeriod] = relationship()
    filled_by: Mapped[User | None] = relationship()
    items: Mapped[list["ChecklistItem"]] = relationship(
        back_populates="checklist", cascade="all, delete-orphan", order_by="ChecklistItem.id"
    )


class Verdict(enum.StrEnum):
    confirmed = "confirmed"
    refuted = "refuted"


class ChecklistItem(RegionScopedMixin, db.Model):
    """One parameter of a checklist: implemented or not, its evidence (an http(s) link or an
    uploaded image/PDF) and an expert's verdict on it (L763)."""

    __tablename__ = "index_checklist_items"
    __table_args__ = (sa.UniqueConstraint("checklist_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    checklist_id: Mapped[int] = mapped_column(
        sa.ForeignKey("index_checklists.id", ondelete="CASCADE")
    )
    code: Mapped[str] = mapped_column(sa.String(64))
    implemented: Mapped[bool] = mapped_column(default=False)
    evidence_url: Mapped[str] = mapped_column(sa.String(2000), default="")
    evidence_key: Mapped[str | None] = mapped_column(sa.String(100))
    evidence_name: Mapped[str | None] = mapped_column(sa.String(255))
    evidence_type: Mapped[str | None] = mapped_column(sa.String(100))
    evidence_size: Mapped[int | None]
    verdict: Mapped[Verdict | None] = mapped_column(sa.Enum(Verdict, native_enum=False, length=16))
    verdict_comment: Mapped[str] = mapped_column(sa.Text, default="")
    verdict_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    verdict_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))

    checklist: Mapped[Checklist] = relationship(back_populates="items")
    verdict_by: Mapped[User | None] = relationship()


class VerificationSample(RegionScopedMixin, db.Model):
    """A random draw of a period's checklists for expert checking (L101–105); the seed is
    recorded so the same draw can be repeated and shown to be random."""

    __tablename__ = "index_samples"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(sa.ForeignKey("index_periods.id", ondelete="CASCADE"))
    seed: Mapped[int] = mapped_column(sa.BigInteger)
    size: Mapped[int]
    checklist_ids: Mapped[list] = mapped_column(sa.JSON)  # in the order drawn
    drawn_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    drawn_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    period: Mapped[IndexPeriod] = relationship()
    drawn_by: Mapped[User | None] = relationship()


class AnnulmentAction(enum.StrEnum):
    annul = "annul"
    reverse = "reverse"


class Annulment(RegionScopedMixin, db.Model):
    """A federal decision on an office's period: `annul` zeroes every score of it (L103, «все
    баллы ЦЗН … автоматически обнуляются»), `reverse` restores them. Rows are never changed:
    the latest decides, all stay as history (per period and reversible: cxflow's decision)."""

    __tablename__ = "index_annulments"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("offices.id", ondelete="CASCADE"))
    period_id: Mapped[int] = mapped_column(
        sa.ForeignKey("index_periods.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[AnnulmentAction] = mapped_column(
        sa.Enum(AnnulmentAction, native_enum=False, length=16)
    )
    reason: Mapped[str] = mapped_column(sa.Text)
    decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    decided_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    office: Mapped[Office] = relationship()
    decided_by: Mapped[User | None] = relationship()
