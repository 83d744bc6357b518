"""Self-assessments of a region against the checklist of seed 004 §3, their answers with
evidence, and a federal consultant's calibrations of them."""

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cxflow.core.db import RegionScopedMixin, TimestampMixin, VersionedMixin
from cxflow.core.extensions import db
from cxflow.orgs.models import Region
from cxflow.users.models import User


class MaturityAssessment(RegionScopedMixin, TimestampMixin, VersionedMixin, db.Model):
    """One filled checklist. It names the checklist edition it answered (methodology data,
    key and version) and keeps its scores as computed then: a new edition changes no
    stored assessment."""

    __tablename__ = "maturity_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    checklist_key: Mapped[str] = mapped_column(sa.String(64))
    checklist_version: Mapped[int]
    filled_on: Mapped[dt.date] = mapped_column(index=True)  # «Дата заполнения», seed 004 L153
    filled_by: Mapped[str] = mapped_column(sa.String(300))  # «Исполнитель», L155
    conclusion: Mapped[str] = mapped_column(sa.Text, default="")  # «Заключительная оценка», L200
    score: Mapped[int]
    max_score: Mapped[int]
    blocks: Mapped[dict] = mapped_column(sa.JSON)  # {block code: {"score", "max"}}
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    region: Mapped[Region] = relationship()
    author: Mapped[User | None] = relationship()
    answers: Mapped[list["MaturityAnswer"]] = relationship(
        back_populates="assessment",
        cascade="all, delete-orphan",
        order_by="MaturityAnswer.number",
    )
    calibrations: Mapped[list["MaturityCalibration"]] = relationship(
        back_populates="assessment",
        cascade="all, delete-orphan",
        order_by="(MaturityCalibration.created_at.desc(), MaturityCalibration.id.desc())",
    )


class MaturityAnswer(db.Model):
    """The option(s) chosen for one item, their points, and the evidence: a link or a file."""

    __tablename__ = "maturity_answers"
    __table_args__ = (sa.UniqueConstraint("assessment_id", "item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("maturity_assessments.id", ondelete="CASCADE"), index=True
    )
    item: Mapped[str] = mapped_column(sa.String(32))
    number: Mapped[int]
    block: Mapped[str] = mapped_column(sa.String(32))
    options: Mapped[list] = mapped_column(sa.JSON)  # option codes, one unless the item is a list
    points: Mapped[int]
    evidence_url: Mapped[str] = mapped_column(sa.String(2000), default="")
    evidence_key: Mapped[str | None] = mapped_column(sa.String(100))
    evidence_name: Mapped[str | None] = mapped_column(sa.String(255))
    evidence_type: Mapped[str | None] = mapped_column(sa.String(100))
    evidence_size: Mapped[int | None]
    evidence_sha256: Mapped[str | None] = mapped_column(sa.String(64))

    assessment: Mapped[MaturityAssessment] = relationship(back_populates="answers")


class MaturityCalibration(RegionScopedMixin, TimestampMixin, db.Model):
    """A federal consultant's own answers to a region's assessment."""

    __tablename__ = "maturity_calibrations"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("maturity_assessments.id", ondelete="CASCADE"), index=True
    )
    consultant_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    score: Mapped[int]
    blocks: Mapped[dict] = mapped_column(sa.JSON)
    comment: Mapped[str] = mapped_column(sa.Text, default="")

    assessment: Mapped[MaturityAssessment] = relationship(back_populates="calibrations")
    consultant: Mapped[User | None] = relationship()
    answers: Mapped[list["MaturityCalibrationAnswer"]] = relationship(
        back_populates="calibration",
        cascade="all, delete-orphan",
        order_by="MaturityCalibrationAnswer.number",
    )


class MaturityCalibrationAnswer(db.Model):
    __tablename__ = "maturity_calibration_answers"
    __table_args__ = (sa.UniqueConstraint("calibration_id", "item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    calibration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("maturity_calibrations.id", ondelete="CASCADE"), index=True
    )
    item: Mapped[str] = mapped_column(sa.String(32))
    number: Mapped[int]
    block: Mapped[str] = mapped_column(sa.String(32))
    options: Mapped[list] = mapped_column(sa.JSON)
    points: Mapped[int]

    calibration: Mapped[MaturityCalibration] = relationship(back_populates="answers")
