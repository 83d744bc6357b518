"""Pilots: their region, direction, phases, offices, the launching order and the documents
(deliverables) that prove their results. Roadmaps, the CX cycle and the working group hang off
a pilot; this package knows none of them."""

import datetime as dt
import enum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cxflow.core.db import RegionScopedMixin, TimestampMixin, VersionedMixin
from cxflow.core.extensions import db
from cxflow.orgs.models import Office, Region
from cxflow.users.models import User


class Direction(enum.StrEnum):
    """Directions of pilots (seed 001 §1.1, seed 002, seed 004)."""

    journey = "journey"
    culture = "culture"
    index = "index"
    cx_system = "cx_system"


DIRECTION_TITLES = {
    Direction.journey: _l("Client journey improvement"),
    Direction.culture: _l("Corporate culture of attention to the internal client"),
    Direction.index: _l("Customer-centricity index measurement"),
    Direction.cx_system: _l("Customer-experience management system"),
}


class DeliverableKind(enum.StrEnum):
    order = "order"
    protocol = "protocol"
    roadmap = "roadmap"
    report = "report"
    other = "other"


DELIVERABLE_TITLES = {
    DeliverableKind.order: _l("order"),
    DeliverableKind.protocol: _l("protocol"),
    DeliverableKind.roadmap: _l("roadmap"),
    DeliverableKind.report: _l("report"),
    DeliverableKind.other: _l("other document"),
}

PHASE_TITLES = {
    "preparatory": _l("preparatory"),
    "main": _l("main"),
    "final": _l("final"),
}

pilot_offices = sa.Table(
    "pilot_offices",
    db.metadata,
    sa.Column("pilot_id", sa.ForeignKey("pilots.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("office_id", sa.ForeignKey("offices.id", ondelete="CASCADE"), primary_key=True),
)


class Pilot(RegionScopedMixin, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "pilots"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    direction: Mapped[Direction] = mapped_column(sa.Enum(Direction, native_enum=False, length=16))
    # The roadmap template (methodology data) the pilot was made from, and its version.
    template_key: Mapped[str | None] = mapped_column(sa.String(32))
    template_version: Mapped[int | None]
    start_date: Mapped[dt.date]
    end_date: Mapped[dt.date | None]
    target_group: Mapped[str] = mapped_column(sa.String(300), default="")
    service: Mapped[str] = mapped_column(sa.String(300), default="")
    # The launching order (приказ), seed 001 App. 2 / seed 002 App. 2.
    order_number: Mapped[str] = mapped_column(sa.String(50), default="")
    order_date: Mapped[dt.date | None]
    roadmap_status: Mapped[str] = mapped_column(sa.String(16), default="draft")
    # The CX improvement cycle stage (DESIGN.md); moved by the cycle workflow.
    stage: Mapped[str] = mapped_column(sa.String(32), default="working_group")
    # Results report, seed 001 App. 6 parts 2 and 3.
    results_remarks: Mapped[str] = mapped_column(sa.Text, default="")
    results_effects: Mapped[str] = mapped_column(sa.Text, default="")

    region: Mapped[Region] = relationship()
    phases: Mapped[list["PilotPhase"]] = relationship(
        back_populates="pilot", cascade="all, delete-orphan", order_by="PilotPhase.start_date"
    )
    offices: Mapped[list[Office]] = relationship(secondary=pilot_offices, order_by=Office.name)


class PilotPhase(db.Model):
    """Подготовительный, основной, заключительный этап with their date ranges."""

    __tablename__ = "pilot_phases"

    id: Mapped[int] = mapped_column(primary_key=True)
    pilot_id: Mapped[int] = mapped_column(
        sa.ForeignKey("pilots.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(16))  # preparatory | main | final
    start_date: Mapped[dt.date]
    end_date: Mapped[dt.date]

    pilot: Mapped[Pilot] = relationship(back_populates="phases")


class Deliverable(RegionScopedMixin, TimestampMixin, db.Model):
    """A document proving a result: an uploaded file or a link."""

    __tablename__ = "deliverables"

    id: Mapped[int] = mapped_column(primary_key=True)
    pilot_id: Mapped[int] = mapped_column(
        sa.ForeignKey("pilots.id", ondelete="CASCADE"), index=True
    )
    # The roadmap line it proves (cxflow.roadmaps adds the `activity` relationship).
    activity_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("activities.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[DeliverableKind] = mapped_column(
        sa.Enum(DeliverableKind, native_enum=False, length=16)
    )
    title: Mapped[str] = mapped_column(sa.String(300))
    url: Mapped[str | None] = mapped_column(sa.String(2000))
    file_key: Mapped[str | None] = mapped_column(sa.String(100))
    original_name: Mapped[str | None] = mapped_column(sa.String(255))
    content_type: Mapped[str | None] = mapped_column(sa.String(100))
    size: Mapped[int | None]
    sha256: Mapped[str | None] = mapped_column(sa.String(64))
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    author: Mapped[User | None] = relationship()
