"""Consultations: a region's question and its answer, or a consultation the centre recorded."""

import datetime as dt

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cxflow.core.db import RegionScopedMixin, TimestampMixin, VersionedMixin
from cxflow.core.extensions import db
from cxflow.orgs.models import Region
from cxflow.pilots.models import Direction
from cxflow.users.models import User

KIND_TITLES = {"question": _l("question from a region"), "consultation": _l("consultation")}

# Further regions an entry concerns (seed 001 App. 25: one row may list several regions).
consultation_regions = sa.Table(
    "consultation_regions",
    db.metadata,
    sa.Column(
        "consultation_id", sa.ForeignKey("consultations.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("region_id", sa.ForeignKey("regions.id", ondelete="CASCADE"), primary_key=True),
)


class Consultation(RegionScopedMixin, TimestampMixin, VersionedMixin, db.Model):
    """`region_id` is the asking (or main) region; `other_regions` are the rest it concerns."""

    __tablename__ = "consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(16), default="question")
    direction: Mapped[Direction] = mapped_column(sa.Enum(Direction, native_enum=False, length=16))
    topic: Mapped[str] = mapped_column(sa.String(300), default="")
    question: Mapped[str] = mapped_column(sa.Text)
    received_on: Mapped[dt.date] = mapped_column(index=True)
    asked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    answer: Mapped[str] = mapped_column(sa.Text, default="")
    answered_on: Mapped[dt.date | None]
    consultant_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(sa.String(16), default="open", index=True)

    region: Mapped[Region] = relationship()
    other_regions: Mapped[list[Region]] = relationship(
        secondary=consultation_regions, order_by=Region.code
    )
    asked_by: Mapped[User | None] = relationship(foreign_keys=[asked_by_id])
    consultant: Mapped[User | None] = relationship(foreign_keys=[consultant_id])
    attachments: Mapped[list["ConsultationAttachment"]] = relationship(
        back_populates="consultation", cascade="all, delete-orphan"
    )


class ConsultationAttachment(RegionScopedMixin, TimestampMixin, db.Model):
    __tablename__ = "consultation_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    file_key: Mapped[str] = mapped_column(sa.String(100))
    original_name: Mapped[str] = mapped_column(sa.String(255))
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    consultation: Mapped[Consultation] = relationship(back_populates="attachments")
