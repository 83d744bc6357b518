"""The controls of the level matrix (seed 004 §1), the region's maturity level and the
checkpoints its zone of nearest development added to a roadmap."""

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cxflow.core.db import RegionScopedMixin, TimestampMixin, VersionedMixin, utcnow
from cxflow.core.extensions import db
from cxflow.orgs.models import Office
from cxflow.users.models import User


class MaturityControl(RegionScopedMixin, TimestampMixin, VersionedMixin, db.Model):
    """One activity of the matrix in one region, or in one office where the matrix says «в
    каждом ЦЗН». Stored on its first transition; until then it is `not_started`."""

    __tablename__ = "maturity_controls"
    # `office_key` is the office's id, 0 for the region's own control: one row per place
    # (a unique constraint does not see two NULL office ids as equal).
    __table_args__ = (sa.UniqueConstraint("region_id", "number", "office_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(sa.String(8))  # "3", "14.1"
    office_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("offices.id", ondelete="CASCADE"), index=True
    )
    office_key: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(sa.String(16), default="not_started")
    # The matrix (methodology data) the control was made under.
    matrix_key: Mapped[str] = mapped_column(sa.String(32))
    matrix_version: Mapped[int]
    # Evidence of `operating`: a link or an uploaded file (cxflow.core.files).
    evidence_url: Mapped[str | None] = mapped_column(sa.String(2000))
    evidence_file_key: Mapped[str | None] = mapped_column(sa.String(100))
    evidence_name: Mapped[str | None] = mapped_column(sa.String(255))
    evidence_content_type: Mapped[str | None] = mapped_column(sa.String(100))
    evidence_size: Mapped[int | None]
    evidence_sha256: Mapped[str | None] = mapped_column(sa.String(64))

    office: Mapped[Office | None] = relationship()

    @property
    def scope(self) -> str:
        return "office" if self.office_id else "region"

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_url or self.evidence_file_key)


class RegionMaturity(RegionScopedMixin, TimestampMixin, VersionedMixin, db.Model):
    """The region's level as a state machine (`level_0` … `level_4`); its transitions are the
    history of levels reached and lost."""

    __tablename__ = "region_maturity"
    __table_args__ = (sa.UniqueConstraint("region_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    level: Mapped[str] = mapped_column(sa.String(16), default="level_0")
    matrix_key: Mapped[str] = mapped_column(sa.String(32))
    matrix_version: Mapped[int]

    @property
    def number(self) -> int:
        return int(self.level.removeprefix("level_"))


class MaturityNextStep(RegionScopedMixin, db.Model):
    """A checkpoint the zone of nearest development put into the region's `cx-system`
    roadmap: `added` as a line of a draft roadmap, or `proposed` as a change to an approved
    one (added when the roadmap is back in draft and the change is applied)."""

    __tablename__ = "maturity_next_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(sa.String(8))
    title: Mapped[str] = mapped_column(sa.Text)
    pilot_id: Mapped[int] = mapped_column(
        sa.ForeignKey("pilots.id", ondelete="CASCADE"), index=True
    )
    activity_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("activities.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(sa.String(16), default="added")  # added | proposed
    due_date: Mapped[dt.date | None]
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    applied_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))

    author: Mapped[User | None] = relationship()
